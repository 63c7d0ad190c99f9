package kiln.ui.monitor;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.css.DataSetNode;
import io.fair_acc.dataset.spi.DoubleDataSet;
import kiln.domain.Histogram;
import kiln.ui.chart.ChartData;
import kiln.ui.chart.KilnCharts;

/**
 * Bars of one or two histograms on shared bins (reference vs current, or the predictions alone),
 * shown as share of the window's rows so windows of different size compare. New bars come as new
 * data sets replacing the shown ones (see ChartData: a data set a chart holds is never written).
 */
public final class DistributionChart {

    private final XYChart chart;
    private final String[] names;
    private DoubleDataSet[] sets;

    public DistributionChart(String id, String xName, String xUnit, String... seriesNames) {
        // no title of its own: the panel around it has the heading, and the legend says which window is which
        chart = sharesChart(null, KilnCharts.axis(xName, xUnit), "share of rows");
        chart.setId(id);
        KilnCharts.setValueFormats(chart, KilnCharts.withUnit("%.4g", xUnit), KilnCharts.withUnit("%.1f", "%"));
        names = seriesNames.clone();
        ((ErrorDataSetRenderer) chart.getRenderers().get(0)).setBarWidthPercentage(barShareOfBin(names.length) * 100);
        sets = new DoubleDataSet[seriesNames.length];
        for (int i = 0; i < seriesNames.length; i++) {
            sets[i] = new DoubleDataSet(seriesNames[i]);
        }
        ChartData.replaceShowingNonEmpty(chart.getDatasets(), sets);
    }

    /**
     * The bar chart both distribution views draw on: side-by-side bars of shares in percent over
     * {@code xAxis}, with the legend naming each series (and its swatch).
     */
    static XYChart sharesChart(String title, DefaultNumericAxis xAxis, String shareName) {
        XYChart chart = KilnCharts.chart(title, xAxis, KilnCharts.axis(shareName, "%"));
        chart.getRenderers().setAll(new BoxLegendBars());
        return chart;
    }

    /**
     * {@link KilnCharts#barRenderer()}'s side-by-side bars, whose legend entries are filled boxes in the
     * series' colour (ChartFX draws its error-bar glyph, a cross, for every series instead).
     */
    static final class BoxLegendBars extends ErrorDataSetRenderer {
        BoxLegendBars() {
            ErrorDataSetRenderer bars = KilnCharts.barRenderer();
            setPolyLineStyle(bars.getPolyLineStyle());
            setErrorStyle(bars.getErrorType());
            setDrawMarker(bars.isDrawMarker());
            setDrawBars(bars.isDrawBars());
            setShiftBar(false); // each series is placed in its bin by show()
            setDynamicBarWidth(bars.isDynamicBarWidth());
            setBarWidthPercentage(bars.getBarWidthPercentage());
        }

        @Override
        public boolean drawLegendSymbol(DataSetNode series, Canvas canvas) {
            GraphicsContext gc = canvas.getGraphicsContext2D();
            double w = canvas.getWidth();
            double h = canvas.getHeight();
            gc.clearRect(0, 0, w, h);
            gc.setFill(series.getLineColor());
            gc.fillRect(w * 0.15, h * 0.2, w * 0.7, h * 0.6);
            return true;
        }
    }

    public XYChart chart() {
        return chart;
    }

    /** The share of a bin each of {@code series} side-by-side bars takes, a gap left between bins. */
    static double barShareOfBin(int series) {
        return 0.9 / Math.max(1, series);
    }

    public void setXName(String name) {
        chart.getXAxis().setName(name);
    }

    /** Renames series {@code i} (e.g. the current window by its date) for the next {@link #show}. */
    public void rename(int i, String name) {
        names[i] = name;
    }

    /**
     * One histogram per series, in the order the series were named. Each series' bar sits at its own place in
     * the bin, side by side around the bin's centre, so the reference never hides the window or the other way.
     */
    public void show(Histogram... histograms) {
        DoubleDataSet[] fresh = new DoubleDataSet[names.length];
        double share = barShareOfBin(names.length);
        for (int i = 0; i < fresh.length; i++) {
            Histogram h = histograms[i];
            int bins = h.counts().length;
            long total = 0;
            for (long c : h.counts()) {
                total += c;
            }
            double[] x = new double[bins];
            double[] y = new double[bins];
            double slot = i - (names.length - 1) / 2.0;
            for (int b = 0; b < bins; b++) {
                double width = h.edges()[b + 1] - h.edges()[b];
                x[b] = (h.edges()[b] + h.edges()[b + 1]) / 2 + slot * share * width;
                y[b] = total == 0 ? 0 : 100.0 * h.counts()[b] / total;
            }
            fresh[i] = ChartData.xy(names[i], x, y);
        }
        sets = fresh;
        ChartData.replaceShowingNonEmpty(chart.getDatasets(), fresh);
    }

    public DoubleDataSet series(int i) {
        return sets[i];
    }
}
