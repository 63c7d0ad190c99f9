package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.FxThread;
import kiln.ui.common.Theme;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** Opening and closing the Monitor 100 times leaves no listeners, pollers or views behind. */
@Tag("heavy") // minutes long: the heavy profile (mvn -Pheavy test), which .ci/run also runs
@ExtendWith(ApplicationExtension.class)
class MonitorWorkspaceLeakFxTest {

    static final int ROUNDS = 100;
    final FakeMonitorQueries queries = new FakeMonitorQueries();
    FxTaskRunner runner;
    StackPane holder;

    Stage stage;

    /**
     * The workspace goes on a stage of its own: TestFX records the events fired on the stage it
     * registers (combo-box value changes and the like), and those would keep closed views reachable.
     */
    @Start
    void start(Stage registered) {
        runner = new FxTaskRunner(2);
        holder = new StackPane();
        Scene scene = new Scene(holder, 1000, 700);
        Theme.LIGHT.applyTo(scene);
        stage = new Stage();
        stage.setScene(scene);
        stage.show();
    }

    @Stop
    void stop() {
        stage.close();
        runner.shutdown();
    }

    @Test
    void openAndCloseAHundredTimes(FxRobot robot) throws Exception {
        List<WeakReference<Object>> views = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            MonitorWorkspace[] ws = new MonitorWorkspace[1];
            FxThread.run(() -> {
                ws[0] = new MonitorWorkspace(queries, runner);
                holder.getChildren().setAll((Node) ws[0].view());
                ws[0].setActive(true);
            });
            long loaded = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ws[0].model().snapshotProperty().get() == null || ws[0].model().windowDetailProperty().get() == null) {
                assertThat(System.nanoTime()).isLessThan(loaded);
                Thread.sleep(5);
            }
            MonitorView view = ws[0].monitorView();
            MonitorViewModel model = ws[0].model();
            assertThat(view.subscriptionCount()).isPositive();
            assertThat(model.subscriptionCount()).isPositive();
            assertThat(model.isLive()).isTrue();
            views.add(new WeakReference<>(view));
            views.add(new WeakReference<>(model));
            FxThread.run(() -> {
                ws[0].setActive(false);
                ws[0].dispose();
                holder.getChildren().clear();
            });
            assertThat(view.subscriptionCount()).isZero();
            assertThat(model.subscriptionCount()).isZero();
            assertThat(model.isLive()).isFalse();
        }
        WaitForAsyncUtils.waitForFxEvents();
        // let the last queued hand-overs and jobs finish, then nothing may hold a view or model
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (views.stream().anyMatch(r -> r.get() != null) && System.nanoTime() < deadline) {
            System.gc();
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(100);
        }
        assertThat(views.stream().filter(r -> r.get() != null).count()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("kiln-monitor-poll") && t.isAlive());
    }
}
