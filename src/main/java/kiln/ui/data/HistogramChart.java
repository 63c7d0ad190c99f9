package kiln.ui.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import javafx.scene.Node;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.DataSet;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.Histogram;
import kiln.ui.chart.ChartData;
import kiln.ui.chart.ChartExport;
import kiln.ui.chart.KilnCharts;

/**
 * One feature's histogram by label class: the classes' bars side by side in each bin (never one over
 * the other; two for a binary label, one per class for a multi-class one), grid behind them, a swatch
 * legend with the class names, and tooltips that name the bin. The chart stays; each update brings new
 * data sets.
 */
final class HistogramChart {

    private final EdaDataset.Feature feature;
    private final XYChart chart;
    private final ErrorDataSetRenderer bars = KilnCharts.barRenderer();
    private final SwatchLegend legend = new SwatchLegend();
    private final Node node;
    private ClassNames classes = ClassNames.UNNAMED;
    private Histogram shown;

    HistogramChart(EdaDataset.Feature feature, ClassNames classes) {
        this.feature = feature;
        this.chart = KilnCharts.chart(null, KilnCharts.axis(feature.name(), feature.unit()), KilnCharts.countAxis("readings"));
        // each class at its own place in the bin (ChartSeries), the bars as wide as their share of the bin
        bars.setShiftBar(false);
        chart.getRenderers().setAll(bars);
        DataCharts.gridBehind(chart);
        DataCharts.formatX(chart, this::binAt);
        DataCharts.formatY(chart);
        chart.setId("histogram-" + feature.name());
        node = DataCharts.withLegend(chart, legend);
        setClasses(classes);
        ChartData.replace(chart.getDatasets(), classes.drawOrder().stream()
                .map(code -> ChartData.xy(classes.name(code), new double[0], new double[0])).toArray(DataSet[]::new));
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

    void setClasses(ClassNames classes) {
        this.classes = classes;
        bars.setBarWidthPercentage(ChartSeries.barShareOfBin(classes.count()) * 100);
        legend.show(classes.drawOrder().stream()
                .map(code -> new SwatchLegend.Item(classes.name(code), SwatchLegend.Shape.BOX, classes.styleClass(code))).toList());
    }

    /** Replaces the bars with new data sets (see {@link ChartData} for why not in place). */
    void show(ChartSeries.HistogramBars shape) {
        shown = shape.histogram();
        int codes = shape.byCode().size();
        if (codes != classes.count()) {
            // a code the catalogue does not list: its bars get their own (narrower) slot
            bars.setBarWidthPercentage(ChartSeries.barShareOfBin(codes) * 100);
        }
        List<Integer> order = codes == 2 ? List.of(1, 0) : IntStream.range(0, codes).boxed().toList();
        ChartData.replace(chart.getDatasets(), order.stream().map(code -> KilnCharts.styled(ChartData.xy(classes.name(code),
                shape.byCode().get(code).x(), shape.byCode().get(code).y()), classes.styleClass(code))).toArray(DataSet[]::new));
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
            List<Object> row = new ArrayList<>(List.of(h.edges()[i], h.edges()[i + 1]));
            for (int code : csvOrder(h)) {
                row.add(h.byCode()[code][i]);
            }
            row.add(h.unlabelled()[i]);
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of(feature.name() + "_from", feature.name() + "_to"));
        for (int code : csvOrder(h)) {
            header.add(classes.name(code));
        }
        header.add("unlabelled");
        ChartExport.writeCsv(header, rows, file);
    }

    /** Columns per code: binary the positive class first (as the export always had it), else by code. */
    private List<Integer> csvOrder(Histogram h) {
        int codes = h == null ? classes.count() : h.byCode().length;
        return codes == 2 ? List.of(1, 0) : IntStream.range(0, codes).boxed().toList();
    }
}
