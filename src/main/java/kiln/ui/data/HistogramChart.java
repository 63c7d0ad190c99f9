package kiln.ui.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.scene.Node;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;

import kiln.store.eda.EdaDataset;
import kiln.store.eda.EdaResults.Histogram;
import kiln.ui.chart.ChartData;
import kiln.ui.chart.ChartExport;
import kiln.ui.chart.ChartStyles;
import kiln.ui.chart.KilnCharts;

/**
 * One feature's histogram by label class: the two classes' bars side by side in each bin (never one
 * over the other), grid behind them, a swatch legend, and tooltips that name the bin. The chart
 * stays; each update brings new data sets.
 */
final class HistogramChart {

    private final EdaDataset.Feature feature;
    private final XYChart chart;
    private final SwatchLegend legend = new SwatchLegend();
    private final Node node;
    private LabelClasses classes = LabelClasses.UNNAMED;
    private Histogram shown;

    HistogramChart(EdaDataset.Feature feature, LabelClasses classes) {
        this.feature = feature;
        this.chart = KilnCharts.chart(null, KilnCharts.axis(feature.name(), feature.unit()), KilnCharts.countAxis("readings"));
        ErrorDataSetRenderer bars = KilnCharts.barRenderer();
        // each class at its own side of the bin centre (ChartSeries), each bar just under half a bin wide
        bars.setShiftBar(false);
        bars.setBarWidthPercentage(ChartSeries.BAR_SHARE_OF_BIN * 100);
        chart.getRenderers().setAll(bars);
        DataCharts.gridBehind(chart);
        DataCharts.formatX(chart, this::binAt);
        DataCharts.formatY(chart);
        chart.setId("histogram-" + feature.name());
        node = DataCharts.withLegend(chart, legend);
        setClasses(classes);
        ChartData.replace(chart.getDatasets(), ChartData.xy(classes.positive(), new double[0], new double[0]),
                ChartData.xy(classes.other(), new double[0], new double[0]));
    }

    XYChart chart() {
        return chart;
    }

    /** The chart with its legend. */
    Node node() {
        return node;
    }

    EdaDataset.Feature feature() {
        return feature;
    }

    void setClasses(LabelClasses classes) {
        this.classes = classes;
        legend.show(List.of(new SwatchLegend.Item(classes.positive(), SwatchLegend.Shape.BOX, ChartStyles.GOOD),
                new SwatchLegend.Item(classes.other(), SwatchLegend.Shape.BOX, ChartStyles.BAD)));
    }

    /** Replaces the bars with new data sets (see {@link ChartData} for why not in place). */
    void show(ChartSeries.HistogramBars bars) {
        shown = bars.histogram();
        ChartData.replace(chart.getDatasets(),
                KilnCharts.styled(ChartData.xy(classes.positive(), bars.positive().x(), bars.positive().y()), ChartStyles.GOOD),
                KilnCharts.styled(ChartData.xy(classes.other(), bars.other().x(), bars.other().y()), ChartStyles.BAD));
    }

    /** "[350.25, 350.50)": the bin under the pointer, since each bar sits off the bin's centre. */
    private String binAt(double x) {
        Histogram h = shown;
        if (h == null || h.bins() == 0) {
            return String.format(Locale.ROOT, "%.4g", x);
        }
        int bin = h.binOf(x);
        return String.format(Locale.ROOT, "%s in [%.5g, %.5g)", feature.name(), h.edges()[bin], h.edges()[bin + 1]);
    }

    /** One row per bin: its edges and the count of each class and of unlabelled readings. */
    void writeCsv(Path file) {
        List<List<?>> rows = new ArrayList<>();
        Histogram h = shown;
        for (int i = 0; h != null && i < h.bins(); i++) {
            rows.add(List.of(h.edges()[i], h.edges()[i + 1], h.good()[i], h.bad()[i], h.unlabelled()[i]));
        }
        ChartExport.writeCsv(List.of(feature.name() + "_from", feature.name() + "_to", classes.positive(), classes.other(), "unlabelled"),
                rows, file);
    }
}
