package kiln.ui.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;

import kiln.domain.eda.EdaResults.CorrelationMatrix;
import kiln.ui.chart.ChartExport;

/**
 * The correlation matrix as a coloured grid: each cell's style class says the sign and strength
 * ({@code corr-pos-2}, {@code corr-neg-1}, …) and data.css colours it from the tokens.
 */
final class CorrelationHeatmap {

    private final GridPane grid = new GridPane();
    private CorrelationMatrix shown;
    private Label[][] cells = new Label[0][0];

    CorrelationHeatmap() {
        grid.getStyleClass().add("correlation-grid");
        grid.setHgap(2);
        grid.setVgap(2);
    }

    GridPane grid() {
        return grid;
    }

    /** Same features as shown: the cells change text and class in place; else the grid is built anew. */
    void show(CorrelationMatrix m) {
        boolean sameFeatures = shown != null && shown.features().equals(m.features());
        shown = m;
        List<String> f = m.features();
        if (!sameFeatures) {
            grid.getChildren().clear();
            cells = new Label[f.size()][f.size()];
            for (int i = 0; i < f.size(); i++) {
                grid.add(header(f.get(i)), i + 1, 0);
                grid.add(header(f.get(i)), 0, i + 1);
                for (int j = 0; j < f.size(); j++) {
                    Label cell = new Label();
                    cell.getStyleClass().add("corr-cell");
                    cell.setAlignment(Pos.CENTER);
                    cell.setMinSize(64, 40);
                    cells[i][j] = cell;
                    grid.add(cell, j + 1, i + 1);
                }
            }
        }
        for (int i = 0; i < f.size(); i++) {
            for (int j = 0; j < f.size(); j++) {
                double r = m.r()[i][j];
                Label cell = cells[i][j];
                cell.setText(Double.isNaN(r) ? "–" : String.format(Locale.ROOT, "%.2f", r));
                String style = styleFor(r);
                // only a changed class is swapped: each class change makes CSS look at the cell again
                if (!cell.getStyleClass().contains(style)) {
                    cell.getStyleClass().removeIf(c -> c.startsWith("corr-") && !c.equals("corr-cell"));
                    cell.getStyleClass().add(style);
                }
            }
        }
    }

    /** corr-none, corr-pos-1..3 or corr-neg-1..3 by |r| thresholds 0.1, 0.3, 0.6. */
    static String styleFor(double r) {
        double a = Math.abs(r);
        if (Double.isNaN(r) || a < 0.1) {
            return "corr-none";
        }
        int level = a < 0.3 ? 1 : a < 0.6 ? 2 : 3;
        return (r > 0 ? "corr-pos-" : "corr-neg-") + level;
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("corr-header");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    void writeCsv(Path file) {
        List<String> header = new ArrayList<>();
        header.add("feature");
        List<List<?>> rows = new ArrayList<>();
        if (shown != null) {
            header.addAll(shown.features());
            for (int i = 0; i < shown.features().size(); i++) {
                List<Object> row = new ArrayList<>();
                row.add(shown.features().get(i));
                for (double v : shown.r()[i]) {
                    row.add(v);
                }
                rows.add(row);
            }
        }
        ChartExport.writeCsv(header, rows, file);
    }
}
