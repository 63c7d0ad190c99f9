package kiln.ui.data;

import io.fair_acc.chartfx.XYChart;

import kiln.store.eda.EdaDataset;
import kiln.store.eda.EdaResults.Histogram;
import kiln.ui.chart.ChartData;
import kiln.ui.chart.ChartStyles;
import kiln.ui.chart.KilnCharts;

/** One feature's histogram with good and bad bars side by side; the chart stays, each update brings new data sets. */
final class HistogramChart {

    private final EdaDataset.Feature feature;
    private final XYChart chart;

    HistogramChart(EdaDataset.Feature feature) {
        this.feature = feature;
        this.chart = KilnCharts.chart(feature.name() + " by label", KilnCharts.axis(feature.name(), feature.unit()),
                KilnCharts.countAxis("readings"));
        chart.getRenderers().setAll(KilnCharts.barRenderer());
        show(new double[0], new double[0], new double[0]);
        chart.setId("histogram-" + feature.name());
    }

    XYChart chart() {
        return chart;
    }

    EdaDataset.Feature feature() {
        return feature;
    }

    /** Replaces the bars with new data sets (see {@link ChartData} for why not in place). */
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
        show(x, g, b);
    }

    private void show(double[] x, double[] g, double[] b) {
        ChartData.replace(chart.getDatasets(), KilnCharts.styled(ChartData.xy("good", x, g), ChartStyles.GOOD),
                KilnCharts.styled(ChartData.xy("bad", x.clone(), b), ChartStyles.BAD));
    }
}
