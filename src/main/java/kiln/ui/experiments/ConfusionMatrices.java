package kiln.ui.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import kiln.domain.Run;

/**
 * The confusion matrices of the compared runs side by side: K×K counts (rows actual, columns
 * predicted) labelled with the run's class values, each with its share of the test rows. Binary runs
 * also name their cells (true negatives …); a multi-class matrix is heat-coloured by each cell's share
 * of its row, and one with many classes shrinks its cells and scrolls inside its card.
 */
final class ConfusionMatrices extends FlowPane {

    /** Narrow enough for two matrices side by side in the compare tab. */
    private static final double CARD_WIDTH = 230;
    /** Above this many classes the cells shrink and the grid scrolls inside its card. */
    private static final int COMPACT_ABOVE = 6;
    /** Cells name their classes in a tooltip up to this many classes (the headers do beyond). */
    private static final int TOOLTIPS_UP_TO = 20;
    private static final String[] BINARY_MEANING = {"true negatives", "false positives", "false negatives", "true positives"};

    ConfusionMatrices() {
        setHgap(16);
        setVgap(12);
        getStyleClass().add("confusion-matrices");
        setId("confusion-matrices");
    }

    void show(List<Run> runs) {
        getChildren().clear();
        List<String> varying = RunComparison.varyingNumericParams(runs);
        for (Run r : runs) {
            if (r.confusion() == null) {
                continue;
            }
            getChildren().add(matrix(RunComparison.label(r, varying), r.confusion(), classes(r)));
        }
        if (getChildren().isEmpty()) {
            Label none = new Label("None of the selected runs finished, so there is no confusion matrix to show.");
            none.getStyleClass().add("muted");
            getChildren().add(none);
        }
    }

    /** The run's class values in code order; "0", "1", … for runs stored without them. */
    static List<String> classes(Run r) {
        int k = r.confusion().length;
        if (r.classes() != null && r.classes().size() == k) {
            return r.classes();
        }
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            codes.add(Integer.toString(i));
        }
        return codes;
    }

    private static VBox matrix(String title, long[][] c, List<String> classes) {
        int k = c.length;
        boolean compact = k > COMPACT_ABOVE;
        long total = 0;
        for (long[] row : c) {
            for (long n : row) {
                total += n;
            }
        }
        GridPane grid = new GridPane();
        grid.getStyleClass().add("confusion-grid");
        grid.add(header(k <= 2 ? "" : "actual ↓ predicted →", compact), 0, 0);
        for (int i = 0; i < k; i++) {
            grid.add(header(k <= 3 ? "predicted " + classes.get(i) : classes.get(i), compact), i + 1, 0);
            grid.add(header(k <= 3 ? "actual " + classes.get(i) : classes.get(i), compact), 0, i + 1);
        }
        for (int a = 0; a < k; a++) {
            long rowTotal = 0;
            for (long n : c[a]) {
                rowTotal += n;
            }
            for (int p = 0; p < k; p++) {
                grid.add(cell(c[a][p], total, rowTotal, k == 2 ? BINARY_MEANING[2 * a + p] : null, a == p, compact,
                        k <= TOOLTIPS_UP_TO ? "actual " + classes.get(a) + ", predicted " + classes.get(p) : null), p + 1, a + 1);
            }
        }
        Label heading = new Label(title);
        heading.getStyleClass().add("confusion-title");
        heading.setWrapText(true);
        heading.setMaxWidth(CARD_WIDTH);
        Node body = grid;
        if (compact) {
            ScrollPane scroll = new ScrollPane(grid);
            scroll.setPrefViewportWidth(Math.min(520, 40 + 44.0 * k));
            scroll.setPrefViewportHeight(Math.min(360, 30 + 24.0 * k));
            body = scroll;
        }
        VBox box = new VBox(4, heading, body);
        box.getStyleClass().add("confusion-card");
        return box;
    }

    private static Label header(String text, boolean compact) {
        Label l = new Label(text);
        l.getStyleClass().add("confusion-header");
        if (compact) {
            l.setStyle("-fx-font-size: 10px; -fx-max-width: 90;");
            l.setTextOverrun(OverrunStyle.ELLIPSIS);
            l.setTooltip(new Tooltip(text));
        }
        return l;
    }

    private static Label cell(long count, long total, long rowTotal, String meaning, boolean correct, boolean compact, String which) {
        String share = String.format(Locale.ROOT, "%.1f %%", total == 0 ? 0 : 100.0 * count / total);
        Label l = new Label(meaning != null ? count + "\n" + share + "\n" + meaning : compact ? Long.toString(count) : count + "\n" + share);
        l.setAlignment(Pos.CENTER);
        l.getStyleClass().addAll("confusion-cell", correct ? "confusion-correct" : "confusion-wrong");
        l.setMaxWidth(Double.MAX_VALUE);
        if (meaning == null) {
            // heat: the cell's share of its row (green on the diagonal, red off it); empty cells stay blank
            double alpha = count == 0 ? 0 : 0.12 + 0.78 * count / Math.max(1, rowTotal);
            l.setStyle(String.format(Locale.ROOT, "-fx-background-color: rgba(%s, %.3f);%s%s", correct ? "46, 160, 67" : "215, 58, 73", alpha,
                    alpha > 0.55 ? " -fx-text-fill: white;" : "", compact ? " -fx-min-width: 36; -fx-font-size: 10px; -fx-padding: 2 3 2 3;" : ""));
        }
        if (which != null) {
            l.setTooltip(new Tooltip(which + ": " + count + " (" + share + " of the test rows)"));
        }
        return l;
    }
}
