package kiln.ui.monitor;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.dataset.spi.DoubleDataSet;

import kiln.domain.Histogram;
import kiln.ui.chart.KilnCharts;

/**
 * Bars of one or two histograms on shared bins (reference vs current, or the predictions alone),
 * shown as share of the window's rows so windows of different size compare; updated in place.
 */
final class DistributionChart {

    private final XYChart chart;
    private final DoubleDataSet[] sets;

    DistributionChart(String id, String title, String xName, String xUnit, String... seriesNames) {
        chart = KilnCharts.chart(title, KilnCharts.axis(xName, xUnit), KilnCharts.axis("share of rows", "%"));
        chart.getRenderers().setAll(KilnCharts.barRenderer());
        chart.setId(id);
        sets = new DoubleDataSet[seriesNames.length];
        for (int i = 0; i < seriesNames.length; i++) {
            sets[i] = new DoubleDataSet(seriesNames[i]);
            chart.getDatasets().add(sets[i]);
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
        for (int i = 0; i < sets.length; i++) {
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
            sets[i].set(x, y);
        }
    }

    DoubleDataSet series(int i) {
        return sets[i];
    }
}
