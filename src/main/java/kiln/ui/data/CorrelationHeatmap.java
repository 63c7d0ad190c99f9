package kiln.ui.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;

import kiln.store.eda.EdaResults.CorrelationMatrix;
import kiln.ui.chart.ChartExport;

/**
 * The correlation matrix as a coloured grid: each cell's style class says the sign and strength
 * ({@code corr-pos-2}, {@code corr-neg-1}, …) and data.css colours it from the tokens.
 */
final class CorrelationHeatmap {

    private final GridPane grid = new GridPane();
    private CorrelationMatrix shown;

    CorrelationHeatmap() {
        grid.getStyleClass().add("correlation-grid");
        grid.setHgap(2);
        grid.setVgap(2);
    }

    GridPane grid() {
        return grid;
    }

    void show(CorrelationMatrix m) {
        shown = m;
        grid.getChildren().clear();
        List<String> f = m.features();
        for (int i = 0; i < f.size(); i++) {
            grid.add(header(f.get(i)), i + 1, 0);
            grid.add(header(f.get(i)), 0, i + 1);
            for (int j = 0; j < f.size(); j++) {
                double r = m.r()[i][j];
                Label cell = new Label(Double.isNaN(r) ? "–" : String.format(Locale.ROOT, "%.2f", r));
                cell.getStyleClass().addAll("corr-cell", styleFor(r));
                cell.setAlignment(Pos.CENTER);
                cell.setMinSize(64, 40);
                grid.add(cell, j + 1, i + 1);
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
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
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
