package kiln.ui.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;

import kiln.app.RegistryPort;
import kiln.registry.ModelRegistry;
import kiln.scoring.ScoringFixture;
import kiln.store.KilnStore;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.Theme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Opening the Registry on a database that already holds versions loads it exactly once. The combo
 * box used to echo every snapshot back as a model change, which reloaded without end, filled the
 * status bar with jobs and ran the app out of memory.
 */
@ExtendWith(ApplicationExtension.class)
class RegistryLoadsOnceFxTest {

    @TempDir
    static Path dir;
    static KilnStore store;
    FxTaskRunner runner;
    RegistryWorkspace workspace;

    @BeforeAll
    static void load() throws Exception {
        store = KilnStore.open(dir.resolve("registry-once.duckdb"));
        ModelRegistry registry = new ModelRegistry(store, () -> Instant.parse("2019-07-05T00:00:00Z"));
        long[] runs = ScoringFixture.trainTwoRuns(store);
        registry.register((int) runs[0], null, "first", "tester");
        registry.register((int) runs[1], null, "second", "tester");
        registry.promote(registry.modelNames().get(0), 1, "production", "live", "tester");
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        runner = new FxTaskRunner(2);
        ModelRegistry registry = new ModelRegistry(store, Instant::now);
        workspace = new RegistryWorkspace(new RegistryPort(store, registry), runner, "tester");
        Scene scene = new Scene((Parent) workspace.view(), 1260, 780);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Stop
    void stop() {
        workspace.dispose();
        runner.shutdown();
    }

    @Test
    void openingTheRegistryWithVersionsLoadsOnceAndTheHeapStaysFlat(FxRobot robot) throws Exception {
        RegistryViewModel model = workspace.model();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.versions().size() == 2);
        long heapAfterFirstLoad = usedHeapAfterGc();
        // Let any echo of the first snapshot play out: a reload loop starts a new load on every
        // snapshot, so 40 rounds of FX events with the workers idle would show dozens of loads.
        for (int i = 0; i < 40; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(25);
        }
        assertThat(model.loadCount()).isEqualTo(1);
        assertThat(runner.runningJobs()).isEmpty();
        assertThat(robot.lookup("#modelBox").queryAs(ComboBox.class).getValue()).isEqualTo(model.modelProperty().get());
        assertThat(model.selectedProperty().get()).isNotNull();
        assertThat(usedHeapAfterGc() - heapAfterFirstLoad).isLessThan(64L << 20);

        // Activating the workspace again and choosing the same model reloads once each, no more.
        robot.interact(() -> workspace.setActive(true));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> runner.runningJobs().isEmpty());
        for (int i = 0; i < 20; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(25);
        }
        assertThat(model.loadCount()).isEqualTo(2);
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
