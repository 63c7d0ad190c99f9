package kiln.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.plugins.CrosshairIndicator;
import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.chartfx.plugins.YRangeIndicator;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.dataset.spi.DoubleErrorDataSet;
import kiln.ui.common.Theme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class KilnChartsFxTest {

    XYChart chart;
    YRangeIndicator band;
    XValueIndicator marker;
    DoubleErrorDataSet kpi;

    @Start
    void start(Stage stage) {
        chart = KilnCharts.chart("Daily accuracy", KilnCharts.timeAxis("day"), KilnCharts.axis("accuracy", "%"));
        kpi = KilnCharts.styled(new DoubleErrorDataSet("accuracy"), ChartStyles.GOOD);
        kpi.set(new double[] {1.5617e9, 1.5618e9, 1.5619e9}, new double[] {91, 88, 72}, new double[] {2, 2, 3}, new double[] {2, 2, 3}, 3, true);
        chart.getDatasets().add(kpi);
        band = KilnCharts.band(chart, 80, 100, "acceptable", ChartStyles.BAND_OK);
        marker = KilnCharts.marker(chart, 1.5618e9, "promoted v2", ChartStyles.MARKER_PROMOTION);
        Scene scene = new Scene(new StackPane(chart), 640, 420);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void chartsCarryTitledAxesWithUnitsAndTheInteractionPlugins() {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chart.getTitle()).isEqualTo("Daily accuracy");
        assertThat(chart.getXAxis().isTimeAxis()).isTrue();
        assertThat(chart.getXAxis().getUnit()).isEqualTo("UTC");
        assertThat(chart.getYAxis().getName()).isEqualTo("accuracy");
        assertThat(chart.getYAxis().getUnit()).isEqualTo("%");
        assertThat(chart.legendVisibleProperty().get()).isTrue();
        assertThat(chart.getPlugins()).hasAtLeastOneElementOfType(Zoomer.class).hasAtLeastOneElementOfType(DataPointTooltip.class)
                .hasAtLeastOneElementOfType(CrosshairIndicator.class);
        assertThat(kpi.getStyleClasses()).contains(ChartStyles.GOOD);
    }

    @Test
    void bandsAndMarkersKeepTheirStyleClassAfterLayout(FxRobot robot) {
        robot.interact(() -> {
            band.setLowerBound(75);
            band.updateStyleClass();
            marker.updateStyleClass();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(band.getChartChildren()).isNotEmpty().allMatch(n -> n.getStyleClass().contains(ChartStyles.BAND_OK));
        assertThat(marker.getChartChildren()).isNotEmpty().allMatch(n -> n.getStyleClass().contains(ChartStyles.MARKER_PROMOTION));
    }

    @Test
    void exportsPngAndCsv(FxRobot robot, @TempDir Path dir) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Path png = dir.resolve("kpi.png");
        Path csv = dir.resolve("kpi.csv");
        robot.interact(() -> ChartExport.writePng(chart, png));
        ChartExport.writeCsv(chart, csv);
        assertThat(Files.size(png)).isGreaterThan(1000);
        assertThat(Files.readAllLines(csv)).containsExactly("series,day,accuracy,y_low,y_high", "accuracy,1.56170e+09,91.0000,89.0000,93.0000",
                "accuracy,1.56180e+09,88.0000,86.0000,90.0000", "accuracy,1.56190e+09,72.0000,69.0000,75.0000");
    }

    @Test
    void theCrosshairWritesTimesInUtcAndValuesWithTheirUnit(FxRobot robot) {
        robot.interact(() -> KilnCharts.setValueFormats(chart, null, KilnCharts.withUnit("%.1f", "%")));
        WaitForAsyncUtils.waitForFxEvents();
        robot.moveTo(chart.getCanvas());
        robot.moveBy(5, 5);
        WaitForAsyncUtils.waitForFxEvents();
        Text crosshair = robot.lookup("#crosshairIndicator-Label").queryAs(Text.class);
        assertThat(crosshair.getText()).matches("2019-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC, \\d+\\.\\d %");
        assertThat(KilnCharts.utcTime().toString(1.5641035545964172E9)).isEqualTo("2019-07-26 01:12 UTC");
    }

    @Test
    void timelineMarkerLabelsNeitherOverlapNorLeaveThePlot(FxRobot robot) {
        TimelineMarkers timeline = new TimelineMarkers(chart);
        double lastX = 1.5619e9;
        robot.interact(() -> timeline.show(List.of(
                new TimelineMarkers.Marker(1.5618e9, "v2", "v2 promoted to production", ChartStyles.MARKER_PROMOTION),
                new TimelineMarkers.Marker(1.5618e9 + 600, "alert", "alert: accuracy below band", ChartStyles.MARKER_ALERT),
                new TimelineMarkers.Marker(lastX, "v3", "v3 promoted to production", ChartStyles.MARKER_PROMOTION),
                new TimelineMarkers.Marker(lastX - 600, "alert", "alert: accuracy below band", ChartStyles.MARKER_ALERT))));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {});
        List<Label> labels = timeline.indicators().stream().map(m -> m.getChartChildren().stream()
                .filter(Label.class::isInstance).map(Label.class::cast).findFirst().orElseThrow())
                .toList();
        Bounds plot = chart.getCanvas().localToScene(chart.getCanvas().getBoundsInLocal());
        List<Bounds> boxes = labels.stream().filter(Node::isVisible)
                .map(l -> l.localToScene(l.getBoundsInLocal())).toList();
        assertThat(boxes).hasSize(4);
        for (int i = 0; i < boxes.size(); i++) {
            Bounds b = boxes.get(i);
            assertThat(b.getMinX()).isGreaterThanOrEqualTo(plot.getMinX() - 0.5);
            assertThat(b.getMaxX()).isLessThanOrEqualTo(plot.getMaxX() + 0.5);
            assertThat(b.getMaxY()).isLessThanOrEqualTo(plot.getMaxY() + 0.5);
            for (int j = i + 1; j < boxes.size(); j++) {
                assertThat(b.intersects(boxes.get(j))).as("labels %s and %s overlap", labels.get(i).getText(), labels.get(j).getText()).isFalse();
            }
        }
        assertThat(labels.get(0).getTooltip().getText()).isEqualTo("v2 promoted to production");
    }
}
