package kiln.ui.data;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.dataset.spi.DoubleDataSet;

import kiln.store.eda.EdaDataset;
import kiln.store.eda.EdaResults.Histogram;
import kiln.ui.chart.ChartStyles;
import kiln.ui.chart.KilnCharts;

/** One feature's histogram with good and bad bars side by side; updated in place, never rebuilt. */
final class HistogramChart {

    private final EdaDataset.Feature feature;
    private final XYChart chart;
    private final DoubleDataSet good;
    private final DoubleDataSet bad;

    HistogramChart(EdaDataset.Feature feature) {
        this.feature = feature;
        this.chart = KilnCharts.chart(feature.name() + " by label", KilnCharts.axis(feature.name(), feature.unit()),
                KilnCharts.axis("readings", "count"));
        chart.getRenderers().setAll(KilnCharts.barRenderer());
        this.good = KilnCharts.styled(new DoubleDataSet("good"), ChartStyles.GOOD);
        this.bad = KilnCharts.styled(new DoubleDataSet("bad"), ChartStyles.BAD);
        chart.getDatasets().addAll(good, bad);
        chart.setId("histogram-" + feature.name());
    }

    XYChart chart() {
        return chart;
    }

    EdaDataset.Feature feature() {
        return feature;
    }

    /** Replaces the bars in one go (each set() takes the data set's write lock). */
    void show(Histogram h) {
        int bins = h.bins();
        double[] x = new double[bins];
        double[] g = new double[bins];
        double[] b = new double[bins];
        for (int i = 0; i < bins; i++) {
            x[i] = (h.edges()[i] + h.edges()[i + 1]) / 2;
            g[i] = h.good()[i];
            b[i] = h.bad()[i];
        }
        good.set(x, g);
        bad.set(x, b);
    }
}
