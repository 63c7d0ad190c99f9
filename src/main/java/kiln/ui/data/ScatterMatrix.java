package kiln.ui.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.ConstraintsBase;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.dataset.DataSet;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.ScatterSample;
import kiln.ui.chart.ChartData;
import kiln.ui.chart.ChartExport;
import kiln.ui.chart.KilnCharts;
import kiln.ui.common.StaggeredUpdates;

/**
 * Every feature against every other on a sampled subset, each label class in its own colour,
 * with one swatch legend for the whole matrix (a legend inside a cell squashed that cell's plot).
 */
final class ScatterMatrix {

    /** Below this a cell's axis titles no longer fit beside its plot. */
    private static final double CELL_MIN = 170;
    private final GridPane grid = new GridPane();
    private final List<Cell> cells = new ArrayList<>();
    private final Label sampleLabel = new Label();
    private final SwatchLegend legend;
    private final ClassNames classes;
    private ScatterSample shown;

    private record Cell(int row, int col, XYChart chart, ClassNames classes) {
        /** One series per label code in the classes' draw order; unlabelled readings are left out (the sample line says so). */
        void show(ScatterSample sample, int[] perCode) {
            int[] label = sample.label();
            double[] xs = sample.values()[col];
            double[] ys = sample.values()[row];
            double[][] px = new double[perCode.length][];
            double[][] py = new double[perCode.length][];
            for (int c = 0; c < perCode.length; c++) {
                px[c] = new double[perCode[c]];
                py[c] = new double[perCode[c]];
            }
            int[] at = new int[perCode.length];
            for (int r = 0; r < label.length; r++) {
                int c = label[r];
                if (c >= 0) {
                    px[c][at[c]] = xs[r];
                    py[c][at[c]++] = ys[r];
                }
            }
            show(px, py);
        }

        /** New data sets, never writes into the shown ones (see {@link ChartData}). */
        void show(double[][] px, double[][] py) {
            List<Integer> order = px.length == 2 ? List.of(1, 0) : IntStream.range(0, px.length).boxed().toList();
            ChartData.replace(chart.getDatasets(), order.stream().map(c -> KilnCharts.styled(ChartData.xy(classes.name(c), px[c], py[c]),
                    classes.styleClass(c))).toArray(DataSet[]::new));
        }
    }

    ScatterMatrix(EdaDataset ds, ClassNames classes) {
        this.classes = classes;
        this.legend = new SwatchLegend();
        legend.show(classes.drawOrder().stream().map(c -> new SwatchLegend.Item(classes.name(c), SwatchLegend.Shape.DOT, classes.styleClass(c)))
                .toList());
        grid.getStyleClass().add("scatter-matrix");
        grid.setHgap(4);
        grid.setVgap(4);
        List<EdaDataset.Feature> features = ds.features();
        int n = features.size();
        for (int i = 0; i < n; i++) {
            grid.getColumnConstraints().add(grow(new ColumnConstraints()));
            grid.getRowConstraints().add(grow(new RowConstraints()));
        }
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                if (row == col) {
                    Label name = new Label(features.get(row).labelWithUnit());
                    name.getStyleClass().add("scatter-diagonal");
                    name.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
                    name.setAlignment(Pos.CENTER);
                    grid.add(name, col, row);
                    continue;
                }
                EdaDataset.Feature fx = features.get(col);
                EdaDataset.Feature fy = features.get(row);
                XYChart chart = KilnCharts.chart(null, KilnCharts.axis(fx.name(), fx.unit()), KilnCharts.axis(fy.name(), fy.unit()));
                chart.getRenderers().setAll(KilnCharts.scatterRenderer());
                chart.setLegendVisible(false);
                DataCharts.gridBehind(chart);
                chart.setMinSize(CELL_MIN, CELL_MIN);
                chart.setPrefSize(240, 200);
                Cell cell = new Cell(row, col, chart, classes);
                cell.show(new double[classes.count()][0], new double[classes.count()][0]);
                grid.add(chart, col, row);
                cells.add(cell);
            }
        }
        sampleLabel.getStyleClass().add("muted");
    }

    private static <C extends ConstraintsBase> C grow(C c) {
        if (c instanceof ColumnConstraints cc) {
            cc.setHgrow(Priority.ALWAYS);
            cc.setFillWidth(true);
        } else if (c instanceof RowConstraints rc) {
            rc.setVgrow(Priority.ALWAYS);
            rc.setFillHeight(true);
        }
        return c;
    }

    GridPane grid() {
        return grid;
    }

    /** The cells' charts. */
    List<XYChart> charts() {
        return cells.stream().map(Cell::chart).toList();
    }

    Label sampleLabel() {
        return sampleLabel;
    }

    SwatchLegend legend() {
        return legend;
    }

    /** Posts each cell's new points as its own update, so cells are drawn one per pulse. */
    void show(ScatterSample sample, StaggeredUpdates updates) {
        shown = sample;
        int[] perCode = new int[classes.count()];
        for (int l : sample.label()) {
            if (l >= perCode.length) {
                perCode = Arrays.copyOf(perCode, l + 1);
            }
            if (l >= 0) {
                perCode[l]++;
            }
        }
        int[] counts = perCode;
        for (Cell cell : cells) {
            updates.post(cell.chart(), () -> cell.show(sample, counts));
        }
        sampleLabel.setText(String.format(Locale.ROOT, "Random sample of %,d of %,d readings (labelled ones shown)",
                sample.size(), sample.windowRows()));
    }

    void writeCsv(Path file) {
        List<String> header = new ArrayList<>(shown == null ? List.of() : shown.features());
        header.add("label");
        List<List<?>> rows = new ArrayList<>();
        if (shown != null) {
            for (int r = 0; r < shown.size(); r++) {
                List<Object> row = new ArrayList<>();
                for (double[] column : shown.values()) {
                    row.add(column[r]);
                }
                row.add(classes.of(shown.label()[r] < 0 ? null : shown.label()[r], "unlabelled"));
                rows.add(row);
            }
        }
        ChartExport.writeCsv(header, rows, file);
    }
}
