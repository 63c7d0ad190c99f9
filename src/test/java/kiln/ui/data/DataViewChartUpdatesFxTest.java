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
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.locks.DefaultDataSetLock;
import kiln.app.DataPort;
import kiln.domain.ProgressSink;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.Histogram;
import kiln.domain.eda.TimeWindow;
import kiln.store.KilnStore;
import kiln.store.eda.EdaQueries;
import kiln.ui.chart.ChartStyles;
import kiln.ui.common.ImmediateTaskRunner;
import kiln.ui.common.WorkspaceFxTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * How new data reaches the Data charts. Issue #9: ChartFX read-locks a chart's data sets from the
 * moment the chart enters a scene until the next pulse's post-layout hook; a write into one of them on
 * the FX thread in that gap waited forever (once in ~100 openings). The first two tests make exactly
 * that gap (queries run synchronously) and nothing may hang; the third checks that results arriving
 * while the screen is not shown are drawn once it is shown again.
 */
@ExtendWith(ApplicationExtension.class)
class DataViewChartUpdatesFxTest {

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
        WorkspaceFxTestBase.show(stage, host, WorkspaceFxTestBase.WIDTH, WorkspaceFxTestBase.HEIGHT);
    }

    @Test
    void chartsShownAndRefreshedBeforeTheNextPulseDoNotWaitOnTheirOwnLocks(FxRobot robot) throws Exception {
        DataWorkspace workspace = new DataWorkspace(new DataPort(store), new ImmediateTaskRunner());
        robot.interact(() -> {
            host.getChildren().setAll((Parent) workspace.view()); // loads synchronously
            workspace.setActive(true);
        });
        WaitForAsyncUtils.waitForFxEvents(); // first pulses: skins built, charts in the scene and drawn
        DataViewModel model = workspace.model();
        String dataset = model.datasetProperty().get();
        List<DataSet> lockedWhenShown = new ArrayList<>();
        assertOneFxTurnFinishes(() -> {
            // the data set is opened again: new histogram and scatter charts enter the shown scene, which
            // read-locks their data sets until the next pulse's post-layout; their data follows at once
            model.datasetProperty().set(null);
            model.datasetProperty().set(dataset);
            lockedWhenShown.addAll(readLockedDataSets(workspace.dataView()));
            model.presetProperty().set(WindowPreset.LAST_7_DAYS);
            model.featureProperty().set(model.catalogProperty().get().featureNames().get(1));
        });
        // the situation is the one that hung: the charts held their data sets read-locked when new data came
        assertThat(lockedWhenShown).isNotEmpty();
        // new data reaches the shown charts over the next pulses (one chart each), while those locks may
        // still be held; the other tabs' charts take theirs once their tab is selected
        for (int tab = 0; tab < workspace.dataView().tabs().getTabs().size(); tab++) {
            int index = tab;
            robot.interact(() -> workspace.dataView().tabs().getSelectionModel().select(index));
            awaitShownChartsUpToDate(workspace.dataView());
        }
        robot.interact(() -> {
            assertThat(model.histogramsProperty().get()).hasSize(3);
            workspace.dispose();
            host.getChildren().clear();
        });
    }

    /** The bare mechanism, without the view's one-chart-per-pulse queue: show a chart, give it data in the same turn. */
    @Test
    void aHistogramShownAndGivenDataInTheSameTurnDoesNotHang() throws Exception {
        EdaDataset ds = new EdaQueries(store).dataset(new EdaQueries(store).datasetNames(ProgressSink.NONE).get(0), ProgressSink.NONE);
        Histogram h = new EdaQueries(store).histograms(ds, TimeWindow.ALL, 10, ProgressSink.NONE).get("temp");
        assertOneFxTurnFinishes(() -> {
            HistogramChart chart = new HistogramChart(ds.feature("temp"), ClassNames.of(ds));
            host.getChildren().setAll(chart.chart()); // read-locks its data sets until the next pulse
            chart.show(ChartSeries.histogram(h));
        });
        WaitForAsyncUtils.asyncFx(() -> host.getChildren().clear()).get(30, TimeUnit.SECONDS);
    }

    @Test
    void resultsThatCameWhileAnotherScreenWasShownAreDrawnOnReturn(FxRobot robot) throws Exception {
        DataWorkspace workspace = new DataWorkspace(new DataPort(store), new ImmediateTaskRunner());
        robot.interact(() -> host.getChildren().setAll((Parent) workspace.view()));
        awaitShownChartsUpToDate(workspace.dataView());
        XYChart histogram = robot.lookup("#histogram-temp").queryAs(XYChart.class);
        double before = WaitForAsyncUtils.asyncFx(() -> total(histogram)).get(10, TimeUnit.SECONDS);
        robot.interact(() -> {
            host.getChildren().clear(); // another screen is shown
            workspace.model().presetProperty().set(WindowPreset.LAST_DAY); // its results arrive now
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(WaitForAsyncUtils.asyncFx(() -> total(histogram)).get(10, TimeUnit.SECONDS)).as("nothing drawn while hidden")
                .isEqualTo(before);
        robot.interact(() -> host.getChildren().setAll((Parent) workspace.view()));
        awaitShownChartsUpToDate(workspace.dataView());
        double newestShownTotal = WaitForAsyncUtils.asyncFx(() -> total(histogram)).get(10, TimeUnit.SECONDS);
        long lastDayLabelled = workspace.model().labelBalanceProperty().get().good() + workspace.model().labelBalanceProperty().get().bad();
        assertThat(newestShownTotal).as("the histogram shows the last day's labelled readings").isEqualTo(lastDayLabelled)
                .isLessThan(before);
        robot.interact(() -> workspace.dispose());
    }

    private static double total(XYChart chart) {
        double sum = 0;
        for (var ds : chart.getDatasets()) {
            for (int i = 0; i < ds.getDataCount(); i++) {
                sum += ds.get(DataSet.DIM_Y, i);
            }
        }
        return sum;
    }

    /** Runs {@code turn} as one FX event; it must end (not wait forever on a lock) and not throw. */
    private static void assertOneFxTurnFinishes(Runnable turn) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                turn.run();
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                done.countDown();
            }
        });
        assertThat(done.await(30, TimeUnit.SECONDS)).as("the FX turn finished").isTrue();
        assertThat(failure.get()).isNull();
    }

    private static void awaitShownChartsUpToDate(DataView view) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!WaitForAsyncUtils.asyncFx(view::shownChartsUpToDate).get(30, TimeUnit.SECONDS)) {
            assertThat(System.nanoTime()).as("every shown chart took its new data").isLessThan(deadline);
            Thread.sleep(10);
        }
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
