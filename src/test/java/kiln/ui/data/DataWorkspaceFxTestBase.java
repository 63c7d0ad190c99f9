package kiln.ui.data;

import java.util.concurrent.TimeUnit;

import javafx.stage.Stage;

import kiln.store.KilnStore;
import kiln.ui.common.FxTaskRunner;
import org.testfx.util.WaitForAsyncUtils;

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

    /** No query running and every result drawn (charts take new data one per pulse); asked on the FX thread. */
    boolean settled() {
        try {
            return WaitForAsyncUtils.asyncFx(() -> !workspace.model().busyProperty().get() && workspace.dataView().shownChartsUpToDate())
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the FX thread did not answer within 10 s", e);
        }
    }

    /** Call from the subclass's {@code @Stop}. */
    void stopWorkspace() {
        workspace.dispose();
        runner.shutdown();
    }
}
