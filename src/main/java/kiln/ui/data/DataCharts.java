package kiln.ui.data;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.DoubleFunction;

import javafx.scene.Node;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.AxisMode;
import io.fair_acc.chartfx.plugins.AbstractDataFormattingPlugin;
import io.fair_acc.chartfx.plugins.Zoomer;

/** How the Data workspace sets up its ChartFX charts beyond Kiln's defaults (kiln.ui.chart). */
final class DataCharts {

    /** Time in tooltips and the cross-hair (ChartFX would print epoch seconds). */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    /** Classes the swatches use for series coloured by palette position (ChartFX's -color-dataset-N). */
    static final String SERIES_1 = "series-1";
    static final String SERIES_2 = "series-2";

    private DataCharts() {}

    /**
     * A chart over time: tooltips and cross-hair read as dates, zoom and pan move along time only
     * (the value axis keeps fitting the data), grid behind the data.
     */
    static XYChart overTime(XYChart chart) {
        formatX(chart, seconds -> TIME.format(Instant.ofEpochMilli((long) (seconds * 1000))));
        formatY(chart);
        chart.getPlugins().stream().filter(p -> p instanceof Zoomer).forEach(z -> ((Zoomer) z).setAxisMode(AxisMode.X));
        return gridBehind(chart);
    }

    /** The x value as tooltips and the cross-hair show it. */
    static void formatX(XYChart chart, DoubleFunction<String> format) {
        StringConverter<Number> converter = converter(format);
        chart.getPlugins().stream().filter(p -> p instanceof AbstractDataFormattingPlugin)
                .forEach(p -> ((AbstractDataFormattingPlugin) p).setXValueFormatter(converter));
    }

    /** Values in tooltips and the cross-hair: whole numbers as such, others to 4 significant digits (not 16). */
    static void formatY(XYChart chart) {
        StringConverter<Number> converter = converter(DataCharts::value);
        chart.getPlugins().stream().filter(p -> p instanceof AbstractDataFormattingPlugin)
                .forEach(p -> ((AbstractDataFormattingPlugin) p).setYValueFormatter(converter));
    }

    static String value(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static StringConverter<Number> converter(DoubleFunction<String> format) {
        return new StringConverter<>() {
            @Override
            public String toString(Number value) {
                return value == null ? "" : format.apply(value.doubleValue());
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException("tooltips are not parsed back");
            }
        };
    }

    /** Grid lines under the bars and points, not through them. */
    static XYChart gridBehind(XYChart chart) {
        chart.getGridRenderer().setDrawOnTop(false);
        return chart;
    }

    /** The chart with its swatch legend under it (ChartFX's legend switched off). */
    static Node withLegend(XYChart chart, SwatchLegend legend) {
        chart.setLegendVisible(false);
        VBox.setVgrow(chart, Priority.ALWAYS);
        VBox box = new VBox(4, chart, legend);
        box.getStyleClass().add("chart-with-legend");
        return box;
    }
}
