package kiln.ui.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.AxisMode;
import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import kiln.store.KilnStore;
import kiln.ui.chart.ChartPanel;
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
 * The Data workspace's charts as a user reads them: one title each (the panel's), swatch legends
 * with the data set's own class names, side-by-side histogram bars under the grid, dates in the
 * tooltips of charts over time and zoom along time only, one legend for the whole scatter matrix,
 * and windows labelled as dates.
 */
@ExtendWith(ApplicationExtension.class)
class DataChartsFxTest extends DataWorkspaceFxTestBase {

    @TempDir
    static Path dir;
    static KilnStore store;

    @BeforeAll
    static void load() throws Exception {
        store = DataWorkspaceStage.glassware(dir, 2_000);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    KilnStore store() {
        return store;
    }

    @Start
    void start(Stage stage) {
        startWorkspace(stage);
    }

    @Stop
    void stop() {
        stopWorkspace();
    }

    @Test
    void chartsHaveOneTitleSwatchLegendsDateTooltipsAndBarsSideBySide(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workspace.model().histogramsProperty().get().size() == 3 && settled());
        DataView view = workspace.dataView();

        for (ChartPanel panel : view.panels()) {
            for (Node n : panel.content().lookupAll(".kiln-chart")) {
                XYChart chart = (XYChart) n;
                assertThat(chart.getTitle()).as("the panel's heading is the chart's only title").isNullOrEmpty();
                assertThat(chart.legendVisibleProperty().get()).as("swatches instead of ChartFX's glyphs").isFalse();
            }
            if (!panel.content().lookupAll(".kiln-chart").isEmpty()) {
                assertThat(panel.content().lookupAll("." + SwatchLegend.STYLE_CLASS)).as("a swatch legend per chart").hasSize(1);
            }
        }

        XYChart histogram = robot.lookup("#histogram-temp").queryAs(XYChart.class);
        assertThat(legendTexts(histogram.getParent())).containsExactly("quality = 1", "quality ≠ 1");
        ErrorDataSetRenderer bars = (ErrorDataSetRenderer) histogram.getRenderers().get(0);
        assertThat(bars.isShiftBar()).isFalse();
        assertThat(bars.getBarWidthPercentage()).isLessThan(50);
        assertThat(histogram.getGridRenderer().isDrawOnTop()).isFalse();
        assertThat(histogram.getDatasets()).extracting(d -> d.getName()).containsExactly("quality = 1", "quality ≠ 1");
        assertThat(tooltip(histogram).getXValueFormatter().toString(350.3)).startsWith("temp in [");

        double noonSeconds = LocalDateTime.of(2019, 7, 2, 10, 30).toEpochSecond(ZoneOffset.UTC);
        for (String id : List.of("#envelope-chart", "#box-chart", "#readings-per-day-chart")) {
            XYChart chart = robot.lookup(id).queryAs(XYChart.class);
            assertThat(tooltip(chart).getXValueFormatter().toString(noonSeconds)).isEqualTo("2019-07-02 10:30");
            assertThat(chart.getPlugins()).filteredOn(p -> p instanceof Zoomer)
                    .allSatisfy(z -> assertThat(((Zoomer) z).getAxisMode()).isEqualTo(AxisMode.X));
        }

        robot.interact(() -> view.tabs().getSelectionModel().select(3));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, this::settled);
        List<XYChart> cells = robot.lookup("#scatterHolder .kiln-chart").queryAll().stream().map(n -> (XYChart) n).toList();
        assertThat(cells).hasSize(6).noneMatch(c -> c.legendVisibleProperty().get());
        assertThat(robot.lookup("#scatterHolder ." + SwatchLegend.STYLE_CLASS).queryAll()).hasSize(1);

        robot.interact(() -> workspace.model().presetProperty().set(WindowPreset.LAST_DAY));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, this::settled);
        assertThat(robot.lookup("#windowLabel").queryAs(Label.class).getText())
                .matches("Window: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} to \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
        assertThat(view.tabs()).isInstanceOf(TabPane.class);
    }

    private static DataPointTooltip tooltip(XYChart chart) {
        return (DataPointTooltip) chart.getPlugins().stream().filter(p -> p instanceof DataPointTooltip).findFirst().orElseThrow();
    }

    private static List<String> legendTexts(Parent around) {
        return around.lookupAll(".swatch-legend-item").stream().map(n -> ((Label) n).getText()).toList();
    }
}
