package kiln.ui.monitor;

import java.util.concurrent.TimeUnit;

import javafx.stage.Stage;

import kiln.ui.common.FxTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The test stage and a real background runner for Monitor screen tests over {@link FakeMonitorQueries};
 * the workspace a test builds is disposed of after it, with the runner.
 */
abstract class MonitorWorkspaceFxTestBase {

    Stage stage;
    FxTaskRunner runner;
    MonitorWorkspace workspace;

    /** Call from the subclass's {@code @Start} (TestFX does not look for inherited ones). */
    void startStage(Stage stage) {
        this.stage = stage;
        runner = new FxTaskRunner(2);
        stage.show();
    }

    @AfterEach
    void disposeWorkspace() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            if (workspace != null) {
                workspace.dispose();
            }
        }).get(10, TimeUnit.SECONDS);
        runner.shutdown();
    }
}
