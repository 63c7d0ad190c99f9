package kiln.ui.monitor;

import java.util.Locale;

import javafx.css.PseudoClass;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import kiln.domain.ConfusionCounts;
import kiln.ui.common.Subscriptions;

/**
 * The Monitor's "Confusion" tab: a K×K grid of counts (rows what it was, columns what the model
 * said) labelled with the data set's class values, each cell's colour its share of its row (green on
 * the diagonal, red off it), recall at the end of each row, precision under each column and the
 * accuracy in the corner. Large matrices (tens of classes) turn their column names upright, shrink
 * the cells and scroll. The matrix is read only while the tab is selected.
 */
final class ConfusionPanel {

    /** Above this many classes the column names stand upright and the cells shrink. */
    static final int COMPACT_ABOVE = 6;

    private final GridPane grid = new GridPane();
    private final Label explanation = new Label();
    private final Label accuracy = new Label();
    /** The explanation, shown again when the pointer leaves the grid (a cell's own line replaces it while hovered). */
    private String explained = "";
    private final Button all = new Button("All windows");
    private final VBox root;
    private ConfusionCounts shown;

    ConfusionPanel(ConfusionModel model, Tab tab, Subscriptions subscriptions) {
        Label title = new Label("Confusion matrix");
        title.getStyleClass().add("section-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        accuracy.setId("confusion-accuracy");
        accuracy.setMinWidth(0);
        all.setId("confusion-all");
        all.setMinWidth(Region.USE_PREF_SIZE);
        all.setOnAction(e -> model.select(null));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(8, title, gap, accuracy, all);
        header.setAlignment(Pos.CENTER_LEFT);
        explanation.setId("confusion-explanation");
        explanation.setWrapText(true);
        explanation.getStyleClass().add("muted");
        explanation.setMinHeight(Region.USE_PREF_SIZE);
        grid.setOnMouseExited(e -> explanation.setText(explained));
        grid.setId("confusion-grid");
        grid.getStyleClass().add("confusion-grid");
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setId("confusion-scroll");
        scroll.getStyleClass().add("confusion-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root = new VBox(4, header, explanation, scroll);
        root.setId("confusion-panel");
        root.getStyleClass().addAll("monitor-pane", "confusion-panel");
        tab.setContent(root);

        model.activeProperty().bind(tab.selectedProperty());
        subscriptions.add(model.activeProperty()::unbind);
        subscriptions.onChange(model.confusionProperty(), (obs, old, c) -> show(c));
        show(model.confusionProperty().get());
    }

    Parent root() {
        return root;
    }

    private void show(WindowConfusion c) {
        all.setDisable(c == null || !c.selected());
        if (c == null) {
            explained = "Counting the labelled predictions …";
            explanation.setText(explained);
            accuracy.setText("");
            grid.getChildren().clear();
            shown = null;
            return;
        }
        explained = c.explanation();
        explanation.setText(explained);
        accuracy.setText(c.accuracyText());
        if (!c.counts().equals(shown)) {
            shown = c.counts();
            draw(c.counts());
        }
    }

    /** Lays the grid out anew: header row and column, K×K cells, recall column, precision row. */
    private void draw(ConfusionCounts c) {
        grid.getChildren().clear();
        int k = c.size();
        if (k == 0) {
            return;
        }
        boolean compact = k > COMPACT_ABOVE;
        grid.pseudoClassStateChanged(PseudoClass.getPseudoClass("compact"), compact);
        grid.add(corner("actual ↓   predicted →"), 0, 0);
        for (int i = 0; i < k; i++) {
            grid.add(columnHeader(c.classes().get(i), compact), i + 1, 0);
            grid.add(rowHeader(c.classes().get(i)), 0, i + 1);
        }
        grid.add(columnHeader("recall", compact), k + 1, 0);
        grid.add(rowHeader("precision"), 0, k + 1);
        for (int a = 0; a < k; a++) {
            long rowTotal = c.actualTotal(a);
            for (int p = 0; p < k; p++) {
                grid.add(cell(c, a, p, rowTotal, compact), p + 1, a + 1);
            }
            grid.add(rate(c.recall(a), "confusion-recall-" + a, c.classes().get(a) + ": " + rowTotal
                    + " really were; recall = the share of them the model called " + c.classes().get(a)), k + 1, a + 1);
        }
        for (int p = 0; p < k; p++) {
            grid.add(rate(c.precision(p), "confusion-precision-" + p, "the model said " + c.classes().get(p) + " " + c.predictedTotal(p)
                    + " times; precision = the share of those that were right"), p + 1, k + 1);
        }
        Label acc = rate(c.accuracy(), "confusion-overall", "accuracy: " + c.correct() + " of " + c.total() + " right");
        acc.getStyleClass().add("confusion-overall");
        grid.add(acc, k + 1, k + 1);
    }

    private Label cell(ConfusionCounts c, int a, int p, long rowTotal, boolean compact) {
        long n = c.count(a, p);
        double share = rowTotal == 0 ? 0 : (double) n / rowTotal;
        Label l = new Label(String.format(Locale.ROOT, "%,d", n));
        l.setId("confusion-cell-" + a + "-" + p);
        l.getStyleClass().addAll("confusion-count", a == p ? "confusion-correct" : "confusion-wrong");
        l.setAlignment(Pos.CENTER);
        l.setMaxWidth(Double.MAX_VALUE);
        l.setMinWidth(compact ? 40 : 64);
        // heat: the cell's share of its row; empty cells stay blank
        double alpha = n == 0 ? 0 : 0.12 + 0.78 * share;
        String rgb = a == p ? "46, 160, 67" : "215, 58, 73";
        l.setStyle(String.format(Locale.ROOT, "-fx-background-color: rgba(%s, %.3f);%s", rgb, alpha, alpha > 0.55 ? " -fx-text-fill: white;" : ""));
        String what = String.format(Locale.ROOT, "was %s, model said %s: %,d (%.1f %% of the %,d that were %s)", c.classes().get(a),
                c.classes().get(p), n, 100 * share, rowTotal, c.classes().get(a));
        l.setOnMouseEntered(e -> explanation.setText(what));
        return l;
    }

    private Label rate(double value, String id, String meaning) {
        Label l = new Label(Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.0f %%", 100 * value));
        l.setId(id);
        l.getStyleClass().add("confusion-rate");
        l.setAlignment(Pos.CENTER);
        l.setMaxWidth(Double.MAX_VALUE);
        l.setOnMouseEntered(e -> explanation.setText(meaning));
        return l;
    }

    private static Label corner(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll("confusion-header", "muted");
        return l;
    }

    private static Label rowHeader(String name) {
        Label l = new Label(name);
        l.getStyleClass().addAll("confusion-header", "confusion-class-header");
        l.setMaxWidth(160);
        l.setTextOverrun(OverrunStyle.ELLIPSIS);
        return l;
    }

    /** A column's name; upright in a compact grid so tens of columns stay narrow. */
    private static Node columnHeader(String name, boolean compact) {
        Label l = new Label(name);
        l.getStyleClass().addAll("confusion-header", "confusion-class-header");
        l.setMaxWidth(compact ? 120 : 100);
        l.setTextOverrun(OverrunStyle.ELLIPSIS);
        if (!compact) {
            l.setAlignment(Pos.CENTER);
            l.setMaxWidth(Double.MAX_VALUE);
            return l;
        }
        l.setRotate(-90);
        Group upright = new Group(l);
        GridPane.setHalignment(upright, HPos.CENTER);
        GridPane.setValignment(upright, VPos.BOTTOM);
        return upright;
    }

    /** The text of cell (actual, predicted), for tests; null when not drawn. */
    String cellText(int actual, int predicted) {
        Node n = grid.lookup("#confusion-cell-" + actual + "-" + predicted);
        return n instanceof Label l ? l.getText() : null;
    }
}
