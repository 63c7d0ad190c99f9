package kiln.ui.data;

import java.util.List;

import javafx.scene.Node;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.geometry.Side;
import kiln.domain.eda.EdaDataset;
import kiln.ui.chart.ChartData;
import kiln.ui.chart.ChartStyles;
import kiln.ui.chart.KilnCharts;

/**
 * The Data workspace's charts over time: the chosen feature's mean with its min–max envelope (and,
 * on a right-hand axis, the other class's share of labelled readings), its distribution per day,
 * and the readings per day. Zoom and pan move along time only; tooltips read as dates.
 */
final class TimeCharts {

    private final XYChart envelope = DataCharts.overTime(KilnCharts.chart(null, KilnCharts.timeAxis("process time"),
            KilnCharts.axis("value", null)));
    private final DefaultNumericAxis shareAxis = KilnCharts.axis("share", "%");
    private final ErrorDataSetRenderer shareRenderer = KilnCharts.lineRenderer();
    private final XYChart boxes = DataCharts.overTime(KilnCharts.chart(null, KilnCharts.timeAxis("day"), KilnCharts.axis("value", null)));
    private final XYChart perDay = DataCharts.overTime(KilnCharts.chart(null, KilnCharts.timeAxis("day"), KilnCharts.countAxis("readings")));
    private final SwatchLegend envelopeLegend = new SwatchLegend();
    private final Node envelopeNode;
    private final Node boxesNode;
    private final Node perDayNode;
    private String shareName = ClassNames.UNNAMED.other();

    TimeCharts() {
        shareAxis.setSide(Side.RIGHT);
        shareRenderer.getAxes().add(shareAxis);
        envelope.getRenderers().add(shareRenderer);
        envelope.setId("envelope-chart");
        showEnvelopeData(ChartSeries.Band.EMPTY, ChartSeries.Xy.EMPTY);
        envelopeNode = DataCharts.withLegend(envelope, envelopeLegend);
        setShareName(shareName);

        // whiskers, not shaded surfaces: ChartFX fills surfaces with a hatch pattern, costly to draw
        boxes.getRenderers().setAll(KilnCharts.whiskerRenderer());
        boxes.setId("box-chart");
        showBoxes(ChartSeries.DayBoxes.EMPTY);
        boxesNode = DataCharts.withLegend(boxes, new SwatchLegend(
                new SwatchLegend.Item("median with 25–75 % quartiles", SwatchLegend.Shape.LINE, DataCharts.SERIES_2),
                new SwatchLegend.Item("min–max range", SwatchLegend.Shape.LINE, DataCharts.SERIES_1)));

        perDay.getRenderers().setAll(KilnCharts.barRenderer());
        perDay.setId("readings-per-day-chart");
        showPerDay(ChartSeries.Xy.EMPTY);
        perDayNode = DataCharts.withLegend(perDay, new SwatchLegend(new SwatchLegend.Item("readings", SwatchLegend.Shape.BOX, DataCharts.SERIES_1)));
    }

    XYChart envelope() {
        return envelope;
    }

    XYChart boxes() {
        return boxes;
    }

    XYChart perDay() {
        return perDay;
    }

    Node envelopeNode() {
        return envelopeNode;
    }

    Node boxesNode() {
        return boxesNode;
    }

    Node perDayNode() {
        return perDayNode;
    }

    /** Names the share line after the class whose share it draws (binary: the other class). */
    void setShareName(String className) {
        this.shareName = className;
        shareAxis.setName("share of " + className);
        envelopeLegend.show(List.of(new SwatchLegend.Item("mean", SwatchLegend.Shape.LINE, DataCharts.SERIES_1),
                new SwatchLegend.Item("min–max envelope", SwatchLegend.Shape.BAND, DataCharts.SERIES_1),
                new SwatchLegend.Item(className + ", share of labelled readings", SwatchLegend.Shape.LINE, ChartStyles.BAD)));
    }

    /** The value axes take the feature's name and unit. */
    void setFeature(EdaDataset.Feature f) {
        for (XYChart chart : List.of(envelope, boxes)) {
            chart.getYAxis().setName(f.name());
            chart.getYAxis().setUnit(f.unit());
        }
    }

    void showEnvelope(ChartSeries.EnvelopeLines lines) {
        showEnvelopeData(lines.meanWithRange(), lines.otherShare());
    }

    private void showEnvelopeData(ChartSeries.Band band, ChartSeries.Xy share) {
        ChartData.replace(envelope.getDatasets(), ChartData.xyErrors("mean (min–max envelope)", band.x(), band.value(), band.below(), band.above()));
        ChartData.replace(shareRenderer.getDatasets(),
                KilnCharts.styled(ChartData.xy("share of " + shareName, share.x(), share.y()), ChartStyles.BAD));
    }

    void showBoxes(ChartSeries.DayBoxes b) {
        ChartData.replace(boxes.getDatasets(), ChartData.xyErrors("min–max", b.range().x(), b.range().value(), b.range().below(), b.range().above()),
                ChartData.xyErrors("median with 25–75 % quartiles", b.quartiles().x(), b.quartiles().value(), b.quartiles().below(),
                        b.quartiles().above()));
    }

    void showPerDay(ChartSeries.Xy days) {
        ChartData.replace(perDay.getDatasets(), ChartData.xy("readings", days.x(), days.y()));
    }
}
