package kiln.ui.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import kiln.app.FleetPort;
import kiln.store.KilnStore;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.Theme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Fleet workspace opened, a group's monitor shown (its charts, its features tab), then closed and
 * disposed, many times over one long-lived store and runner: nothing of it stays reachable. Some
 * openings close while their reads still run, whose answers then arrive late.
 */
@ExtendWith(ApplicationExtension.class)
class FleetLeakFxTest {

    private static final int OPENINGS = 6;

    @TempDir
    static Path dir;
    private static KilnStore store;
    private FxTaskRunner runner;
    private StackPane host;
    private Stage hostStage;

    @BeforeAll
    static void openStore() throws Exception {
        store = KilnStore.open(dir.resolve("leak.duckdb"));
        FleetTestData.fill(store, 200, 14);
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    /** A stage of its own: TestFX keeps every event fired through its primary stage (see ScreenLeakTest). */
    @Start
    void start(Stage primary) {
        runner = new FxTaskRunner(2);
        host = new StackPane();
        Scene scene = new Scene(host, 1200, 760);
        Theme.LIGHT.applyTo(scene);
        hostStage = new Stage();
        hostStage.setScene(scene);
        hostStage.show();
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(hostStage::hide);
        runner.shutdown();
    }

    @Test
    void aGroupMonitorOpenedAndClosedRepeatedlyLeavesNothing(FxRobot robot) throws Exception {
        List<WeakReference<Object>> gone = new ArrayList<>();
        for (int i = 0; i < OPENINGS; i++) {
            FleetWorkspace ws = new FleetWorkspace(new FleetPort(store), runner);
            robot.interact(() -> {
                host.getChildren().setAll(ws.view());
                ws.setActive(true);
            });
            boolean full = i % 3 == 0;
            if (full) {
                WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> ws.model() != null && ws.model().allGroups().size() == 200);
            }
            String group = i % 2 == 0 ? "57" : "3"; // a unit change, a dead sensor
            robot.interact(() -> ws.model().selectGroup(group));
            if (full) {
                WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> ws.model().featuresProperty().get() != null
                        && ws.model().featuresProperty().get().groupKey().equals(group));
                robot.interact(() -> ws.fleetView().detail().tabs().getSelectionModel().select(1));
            }
            robot.interact(() -> {
                Node root = ws.view();
                FleetView view = ws.fleetView();
                ws.setActive(false);
                host.getChildren().clear();
                ws.dispose();
                gone.add(new WeakReference<>(root));
                gone.add(new WeakReference<>(view));
                gone.add(new WeakReference<>(ws));
            });
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        long alive;
        do {
            System.gc();
            WaitForAsyncUtils.waitForFxEvents();
            alive = gone.stream().filter(r -> r.get() != null).count();
        } while (alive > 0 && System.nanoTime() < deadline);
        assertThat(alive).as("disposed Fleet screens still reachable (of %d), e.g. %s", gone.size(),
                gone.stream().map(WeakReference::get).filter(o -> o != null).map(o -> o.getClass().getName()).distinct().toList()).isZero();
    }
}
