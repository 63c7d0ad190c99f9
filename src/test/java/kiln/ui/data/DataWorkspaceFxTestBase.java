package kiln.ui.data;

import javafx.stage.Stage;

import kiln.store.KilnStore;
import kiln.ui.common.FxTaskRunner;

/** Starts the Data workspace on the test stage with a real background runner, and disposes of it after. */
abstract class DataWorkspaceFxTestBase {

    FxTaskRunner runner;
    DataWorkspace workspace;

    /** The store the workspace reads (loaded once per test class). */
    abstract KilnStore store();

    /** Call from the subclass's {@code @Start} (TestFX does not look for inherited ones). */
    void startWorkspace(Stage stage) {
        runner = new FxTaskRunner(2);
        workspace = DataWorkspaceStage.show(stage, store(), runner);
    }

    /** Call from the subclass's {@code @Stop}. */
    void stopWorkspace() {
        workspace.dispose();
        runner.shutdown();
    }
}
