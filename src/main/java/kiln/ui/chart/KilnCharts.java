package kiln.ui.chart;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

import javafx.scene.Node;
import javafx.util.StringConverter;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.AxisLabelOverlapPolicy;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.AbstractDataFormattingPlugin;
import io.fair_acc.chartfx.plugins.CrosshairIndicator;
import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.chartfx.plugins.XRangeIndicator;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.chartfx.plugins.YRangeIndicator;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.geometry.Side;
import io.fair_acc.dataset.DataSet;

/**
 * Kiln's ChartFX defaults, shared by every screen: titled axes with units, a legend, zoom/pan,
 * data-point tooltip and crosshair, and the series palette from the CSS tokens (charts.css maps
 * {@code -kiln-series-1..8} onto ChartFX's {@code -color-dataset-N}; series that mean something, like
 * good and bad, carry a style class from {@link ChartStyles}). Colours never appear in Java.
 */
public final class KilnCharts {

    private KilnCharts() {}

    /** A numeric axis with a name and unit (unit may be null). */
    public static DefaultNumericAxis axis(String name, String unit) {
        DefaultNumericAxis axis = new DefaultNumericAxis(name, unit);
        axis.setAutoRangeRounding(false);
        axis.setAutoRangePadding(0.03);
        return axis;
    }

    /** A count axis for bars: always includes zero, so bar heights compare honestly. */
    public static DefaultNumericAxis countAxis(String name) {
        DefaultNumericAxis axis = axis(name, "count");
        axis.setForceZeroInRange(true);
        return axis;
    }

    /** A time axis: values are epoch SECONDS (UTC, ChartFX's convention), ticks show dates and times. */
    public static DefaultNumericAxis timeAxis(String name) {
        DefaultNumericAxis axis = new DefaultNumericAxis(name, "UTC");
        axis.setTimeAxis(true);
        // Dates are long: on a narrow chart or in the presentation theme fewer ticks are asked for (about
        // eight characters' room per date at the tick font's size) rather than dates printed over each other.
        axis.setOverlapPolicy(AxisLabelOverlapPolicy.SKIP_ALT);
        axis.widthProperty().addListener((obs, was, width) -> {
            double dateWidth = 8 * axis.getTickLabelStyle().getFont().getSize();
            axis.setMaxMajorTickLabelCount(Math.max(2, (int) (width.doubleValue() / dateWidth)));
        });
        axis.setAutoRangeRounding(false);
        axis.setAutoRangePadding(0.01);
        return axis;
    }

    /** A chart with the given axes, title, legend and Kiln's interaction plugins. */
    public static XYChart chart(String title, DefaultNumericAxis xAxis, DefaultNumericAxis yAxis) {
        xAxis.setSide(Side.BOTTOM);
        yAxis.setSide(Side.LEFT);
        XYChart chart = new XYChart(xAxis, yAxis);
        chart.setTitle(title);
        chart.setLegendVisible(true);
        chart.getStyleClass().add(ChartStyles.KILN_CHART);
        Zoomer zoomer = new Zoomer();
        zoomer.setSliderVisible(false);
        zoomer.setAnimated(false);
        zoomer.setPannerEnabled(true); // left-drag zooms, middle-drag pans, right-click zooms out
        chart.getPlugins().addAll(zoomer, new DataPointTooltip(), new CrosshairIndicator());
        if (xAxis.isTimeAxis()) {
            // ChartFX writes the raw epoch seconds (1.5641035545964172E9) in the crosshair and tooltip
            setValueFormats(chart, utcTime(), null);
        }
        chart.getRenderers().setAll(lineRenderer());
        // ChartFX caches its canvas as a bitmap; a canvas keeps its own texture already, so the cache only
        // adds a second full copy each time the data changes (with the software renderer, ~10 ms a chart)
        chart.getCanvas().setCache(false);
        return chart;
    }

    private static final DateTimeFormatter UTC_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Writes a time-axis value (epoch seconds) as "2019-07-22 06:00 UTC". */
    public static StringConverter<Number> utcTime() {
        return format(v -> UTC_MINUTE.format(Instant.ofEpochMilli(Math.round(v * 1000))) + " UTC");
    }

    /** Writes values with a pattern and a unit, e.g. {@code withUnit("%.1f", "%")} gives "69.4 %". */
    public static StringConverter<Number> withUnit(String pattern, String unit) {
        return format(v -> String.format(Locale.ROOT, pattern, v) + (unit == null || unit.isEmpty() ? "" : " " + unit));
    }

    /**
     * How the crosshair and the data-point tooltip write x and y values (null keeps ChartFX's own,
     * which prints the raw double).
     */
    public static void setValueFormats(XYChart chart, StringConverter<Number> x, StringConverter<Number> y) {
        for (Object plugin : chart.getPlugins()) {
            if (plugin instanceof AbstractDataFormattingPlugin formatting) {
                if (x != null) {
                    formatting.setXValueFormatter(x);
                }
                if (y != null) {
                    formatting.setYValueFormatter(y);
                }
            }
        }
    }

    private static StringConverter<Number> format(DoubleFunction<String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(Number value) {
                return value == null || Double.isNaN(value.doubleValue()) ? "" : text.apply(value.doubleValue());
            }

            @Override
            public Number fromString(String string) {
                throw new UnsupportedOperationException("display only");
            }
        };
    }

    /** Lines with small markers, for trends and envelopes. */
    public static ErrorDataSetRenderer lineRenderer() {
        ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
        renderer.setPolyLineStyle(LineStyle.NORMAL);
        renderer.setErrorStyle(ErrorStyle.ERRORSURFACE);
        renderer.setDrawMarker(false);
        return renderer;
    }

    /** Bars side by side (one per data set at each x), for histograms and counts. */
    public static ErrorDataSetRenderer barRenderer() {
        ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
        renderer.setPolyLineStyle(LineStyle.NONE);
        renderer.setErrorStyle(ErrorStyle.NONE);
        renderer.setDrawMarker(false);
        renderer.setDrawBars(true);
        renderer.setShiftBar(true);
        renderer.setDynamicBarWidth(true);
        renderer.setBarWidthPercentage(80);
        return renderer;
    }

    /** Points only, for scatter plots. */
    public static ErrorDataSetRenderer scatterRenderer() {
        ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
        renderer.setPolyLineStyle(LineStyle.NONE);
        renderer.setErrorStyle(ErrorStyle.NONE);
        renderer.setDrawMarker(true);
        renderer.setPointReduction(false);
        return renderer;
    }

    /** Error bars without lines, for box-plot style whiskers. */
    public static ErrorDataSetRenderer whiskerRenderer() {
        ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
        renderer.setPolyLineStyle(LineStyle.NONE);
        renderer.setErrorStyle(ErrorStyle.ERRORBARS);
        renderer.setDrawMarker(true);
        return renderer;
    }

    /** Shades {@code [low, high]} on the y axis (e.g. the acceptable band); styled by {@code styleClass}. */
    public static YRangeIndicator band(XYChart chart, double low, double high, String text, String styleClass) {
        YRangeIndicator band = new YRangeIndicator(chart.getYAxis(), low, high, text) {
            @Override
            public void updateStyleClass() {
                super.updateStyleClass(); // resets the classes of its nodes; add ours back
                // its own nodes, not getChartChildren(): those are only filled in at the first layout
                addClass(List.of(rectangle, label), styleClass);
            }
        };
        band.setEditable(false);
        band.updateStyleClass();
        chart.getPlugins().add(band);
        return band;
    }

    /** Shades {@code [low, high]} on the x axis (e.g. the data window of an alert); styled by {@code styleClass}. */
    public static XRangeIndicator xBand(XYChart chart, double low, double high, String text, String styleClass) {
        XRangeIndicator band = new XRangeIndicator(chart.getXAxis(), low, high, text) {
            @Override
            public void updateStyleClass() {
                super.updateStyleClass();
                addClass(List.of(rectangle, label), styleClass);
            }
        };
        band.setEditable(false);
        band.updateStyleClass();
        chart.getPlugins().add(band);
        return band;
    }

    /** A vertical marker at {@code x} (e.g. a promotion or an alert); styled by {@code styleClass}. */
    public static XValueIndicator marker(XYChart chart, double x, String text, String styleClass) {
        XValueIndicator marker = new XValueIndicator(chart.getXAxis(), x, text) {
            @Override
            public void updateStyleClass() {
                super.updateStyleClass();
                addClass(List.of(line, pickLine, label, triangle), styleClass);
            }
        };
        marker.setEditable(false);
        marker.updateStyleClass();
        chart.getPlugins().add(marker);
        return marker;
    }

    static void addClass(List<Node> nodes, String styleClass) {
        for (Node node : nodes) {
            if (!node.getStyleClass().contains(styleClass)) {
                node.getStyleClass().add(styleClass);
            }
        }
    }

    /** Gives a data set a meaning class (good, bad, envelope, …) so charts.css colours it from the tokens. */
    public static <D extends DataSet> D styled(D dataSet, String styleClass) {
        dataSet.addStyleClasses(styleClass);
        return dataSet;
    }
}
