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
final class DistributionChart {

    private final XYChart chart;
    private final String[] names;
    private DoubleDataSet[] sets;

    DistributionChart(String id, String title, String xName, String xUnit, String... seriesNames) {
        chart = sharesChart(title, KilnCharts.axis(xName, xUnit), "share of rows");
        chart.setId(id);
        names = seriesNames.clone();
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
            setShiftBar(bars.isShiftBar());
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

    XYChart chart() {
        return chart;
    }

    void setXName(String name) {
        chart.getXAxis().setName(name);
    }

    /** One histogram per series, in the order the series were named. */
    void show(Histogram... histograms) {
        DoubleDataSet[] fresh = new DoubleDataSet[names.length];
        for (int i = 0; i < fresh.length; i++) {
            Histogram h = histograms[i];
            int bins = h.counts().length;
            long total = 0;
            for (long c : h.counts()) {
                total += c;
            }
            double[] x = new double[bins];
            double[] y = new double[bins];
            for (int b = 0; b < bins; b++) {
                x[b] = (h.edges()[b] + h.edges()[b + 1]) / 2;
                y[b] = total == 0 ? 0 : 100.0 * h.counts()[b] / total;
            }
            fresh[i] = ChartData.xy(names[i], x, y);
        }
        sets = fresh;
        ChartData.replaceShowingNonEmpty(chart.getDatasets(), fresh);
    }

    DoubleDataSet series(int i) {
        return sets[i];
    }
}
