package kiln.ui.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.locks.DefaultDataSetLock;

import kiln.store.KilnStore;
import kiln.store.eda.EdaQueries;
import kiln.ui.chart.ChartStyles;
import kiln.ui.common.ImmediateTaskRunner;
import kiln.ui.common.Theme;

/**
 * Issue #9: ChartFX read-locks a chart's data sets from the moment the chart enters a scene until the
 * next pulse's post-layout hook; a write into one of them on the FX thread in that gap waited forever.
 * Here every Data chart is shown and refreshed in the same FX turn (queries run synchronously), the
 * exact gap that hung once in ~100 openings; the turn must finish.
 */
@ExtendWith(ApplicationExtension.class)
class DataViewChartLockFxTest {

    @TempDir
    static Path dir;
    static KilnStore store;
    private StackPane host;

    @BeforeAll
    static void load() throws Exception {
        store = DataWorkspaceStage.glassware(dir, 2_000);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        host = new StackPane();
        Scene scene = new Scene(host, DataWorkspaceStage.WIDTH, DataWorkspaceStage.HEIGHT);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void chartsShownAndRefreshedBeforeTheNextPulseDoNotWaitOnTheirOwnLocks(FxRobot robot) throws Exception {
        DataWorkspace workspace = new DataWorkspace(new EdaQueries(store), new ImmediateTaskRunner());
        robot.interact(() -> {
            host.getChildren().setAll((Parent) workspace.view()); // loads synchronously
            workspace.setActive(true);
        });
        WaitForAsyncUtils.waitForFxEvents(); // first pulses: skins built, charts in the scene and drawn
        DataViewModel model = workspace.model();
        String dataset = model.datasetProperty().get();
        List<DataSet> lockedWhenShown = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                model.presetProperty().set(WindowPreset.LAST_7_DAYS); // new data: every chart needs a redraw
                // the screen is switched away and back (shell), so its charts enter the scene again...
                host.getChildren().clear();
                host.getChildren().setAll((Parent) workspace.view());
                lockedWhenShown.addAll(readLockedDataSets(workspace.dataView()));
                // ...and results arrive before the next pulse
                model.presetProperty().set(WindowPreset.ALL);
                model.featureProperty().set(model.catalogProperty().get().featureNames().get(1));
                // the data set is opened again: new histogram and scatter charts enter the scene, their data follows at once
                model.datasetProperty().set(null);
                model.datasetProperty().set(dataset);
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                done.countDown();
            }
        });
        assertThat(done.await(30, TimeUnit.SECONDS)).as("the FX turn that shows and refreshes the charts finished").isTrue();
        assertThat(failure.get()).isNull();
        // the situation is the one that hung: the charts held their data sets read-locked when new data came
        assertThat(lockedWhenShown).isNotEmpty();
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            assertThat(model.histogramsProperty().get()).hasSize(3);
            workspace.dispose();
            host.getChildren().clear();
        });
    }

    /** The data sets of the view's charts that a chart currently holds read-locked. */
    private static List<DataSet> readLockedDataSets(DataView view) {
        List<DataSet> locked = new ArrayList<>();
        view.root().lookupAll("." + ChartStyles.KILN_CHART).forEach(node -> {
            if (node instanceof XYChart chart) {
                for (DataSet ds : chart.getAllDatasets()) {
                    if (ds.lock() instanceof DefaultDataSetLock<?> lock && lock.getReaderCount() > 0) {
                        locked.add(ds);
                    }
                }
            }
        });
        return locked;
    }
}
