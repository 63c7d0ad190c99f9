package kiln.ui.experiments;

import javafx.stage.Stage;

import kiln.store.KilnStore;
import kiln.ui.common.FxTaskRunner;

/** Starts the Experiments workspace on the test stage with a real background runner, and disposes of it after. */
abstract class ExperimentsWorkspaceFxTestBase {

    FxTaskRunner runner;
    ExperimentsWorkspace workspace;

    /** The store the workspace uses (loaded once per test class). */
    abstract KilnStore store();

    /** Call from the subclass's {@code @Start} (TestFX does not look for inherited ones). */
    void startWorkspace(Stage stage) {
        runner = new FxTaskRunner(2);
        workspace = ExperimentsWorkspaceStage.show(stage, store(), runner, ExperimentsWorkspaceStage.WIDTH, ExperimentsWorkspaceStage.HEIGHT);
    }

    /** Call from the subclass's {@code @Stop}. */
    void stopWorkspace() {
        if (workspace != null) {
            workspace.dispose();
        }
        runner.shutdown();
    }
}
