package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.CategoryAxis;
import io.fair_acc.chartfx.legend.spi.DefaultLegend;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.DataSet;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.Theme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Clicking a categorical feature's heatmap cell draws its category shares: reference and window bars
 * side by side on a category axis in reference order, the unseen category marked "new: …", the other
 * bucket named, a legend per series, the share axis in percent. A categorical feature without a
 * reference shows a sentence in place of the chart, and a numeric feature its histogram again.
 */
@ExtendWith(ApplicationExtension.class)
class CategoryShareChartFxTest {

    FakeMonitorQueries queries;
    FxTaskRunner runner;
    MonitorWorkspace workspace;

    @Start
    void start(Stage stage) {
        queries = new FakeMonitorQueries();
        queries.withCategorical = true;
        runner = new FxTaskRunner(2);
        workspace = new MonitorWorkspace(queries, runner, new ManualTicker());
        Scene scene = new Scene((Parent) workspace.view(), 1260, 780);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
        workspace.setActive(true);
    }

    @Stop
    void stop() {
        workspace.dispose();
        runner.shutdown();
    }

    private void showCell(FxRobot robot, String feature, int day) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> workspace.model().snapshotProperty().get() != null
                && WaitForAsyncUtils.asyncFx(workspace.monitorView()::shownUpToDate).get());
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#drift-" + feature + "-" + day);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            WindowDetail d = workspace.model().windowDetailProperty().get();
            return d != null && d.feature().equals(feature) && d.window().from().equals(FakeMonitorQueries.day(day));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aCategoricalCellShowsReferenceAndWindowSharesPerCategory(FxRobot robot, @TempDir Path out) throws Exception {
        showCell(robot, FakeMonitorQueries.CATEGORICAL, 20);
        XYChart chart = robot.lookup("#category-distribution").queryAs(XYChart.class);
        assertThat(chart.isVisible()).isTrue();
        assertThat(robot.lookup("#feature-distribution").queryAs(XYChart.class).isVisible()).isFalse();
        assertThat(robot.lookup("#feature-distribution-message").queryAs(Label.class).isVisible()).isFalse();
        assertThat(workspace.model().errorProperty().get()).isEmpty();

        CategoryAxis axis = (CategoryAxis) chart.getXAxis();
        assertThat(axis.getName()).isEqualTo("supplier: 1,000 values in the reference, 190 in the window (missing left out: 0 and 4)");
        assertThat(axis.getCategories()).containsExactly("Acme", "Birchwood Glasswo…", "Cobalt", "other (3 categories)", "new: Delta");
        assertThat(chart.getYAxis().getName()).isEqualTo("share");
        assertThat(chart.getYAxis().getUnit()).isEqualTo("%");

        List<DataSet> sets = chart.getDatasets();
        assertThat(sets).extracting(DataSet::getName)
                .containsExactly("reference: v1's training window", "window 2019-07-21 00:00 UTC");
        assertThat(ys(sets.get(0))).containsExactly(50.0, 30.0, 15.0, 5.0, 0.0);
        assertThat(ys(sets.get(1))).containsExactly(100.0 * 30 / 190, 100.0 * 30 / 190, 100.0 * 60 / 190, 100.0 * 20 / 190, 100.0 * 50 / 190);
        // side by side: the reference's bar left of each category, the window's right, neither reaching the other's
        assertThat(xs(sets.get(0))).containsExactly(-0.25, 0.75, 1.75, 2.75, 3.75);
        assertThat(xs(sets.get(1))).containsExactly(0.25, 1.25, 2.25, 3.25, 4.25);
        assertThat(((ErrorDataSetRenderer) chart.getRenderers().get(0)).isShiftBar()).isFalse();
        assertThat(((ErrorDataSetRenderer) chart.getRenderers().get(0)).getBarWidthPercentage())
                .isLessThan(50);
        // one legend entry per series with the series' name
        assertThat(chart.getRenderers()).hasSize(1);
        assertThat(((ErrorDataSetRenderer) chart.getRenderers().get(0)).isDrawBars()).isTrue();
        assertThat(chart.legendVisibleProperty().get()).isTrue();
        assertThat(((DefaultLegend) chart.getLegend()).getItems()).extracting(Label::getText)
                .containsExactly("reference: v1's training window", "window 2019-07-21 00:00 UTC");

        // the CSV names the categories, not their positions on the axis
        robot.interact(() -> workspace.monitorView().setExportTarget((owner, name, ext) -> out.resolve(name + "." + ext)));
        robot.interact(() -> robot.lookup("#feature-distribution-csv").queryButton().fire());
        WaitForAsyncUtils.waitForFxEvents();
        List<String> csv = Files.readAllLines(out.resolve("feature-distribution.csv"));
        assertThat(csv.get(0)).isEqualTo("supplier,kind,categories,reference_count,reference_share_pct,window_count,window_share_pct");
        assertThat(csv).hasSize(6);
        assertThat(csv.get(5)).startsWith("new: Delta,unseen,1,0,");

        // a numeric feature brings its histogram back
        showCell(robot, "pressure", 20);
        assertThat(robot.lookup("#feature-distribution").queryAs(XYChart.class).isVisible()).isTrue();
        assertThat(chart.isVisible()).isFalse();
    }

    @Test
    void aCategoricalFeatureWithoutReferenceSaysWhyInsteadOfFailing(FxRobot robot) throws Exception {
        queries.noCategoryReference = true;
        showCell(robot, FakeMonitorQueries.CATEGORICAL, 4);
        Label message = robot.lookup("#feature-distribution-message").queryAs(Label.class);
        assertThat(message.isVisible()).isTrue();
        assertThat(message.getText()).startsWith("The categories of supplier have no reference to compare with yet");
        assertThat(robot.lookup("#category-distribution").queryAs(XYChart.class).isVisible()).isFalse();
        assertThat(robot.lookup("#feature-distribution").queryAs(XYChart.class).isVisible()).isFalse();
        assertThat(workspace.model().errorProperty().get()).isEmpty();
    }

    private static double[] xs(DataSet set) {
        double[] x = new double[set.getDataCount()];
        for (int i = 0; i < x.length; i++) {
            x[i] = set.get(DataSet.DIM_X, i);
        }
        return x;
    }

    private static double[] ys(DataSet set) {
        double[] y = new double[set.getDataCount()];
        for (int i = 0; i < y.length; i++) {
            y[i] = set.get(DataSet.DIM_Y, i);
        }
        return y;
    }
}
