package kiln.ui.experiments;

import java.util.List;
import java.util.Locale;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import kiln.domain.Run;

/** The confusion matrices of the compared runs side by side, counts with their share of the test rows. */
final class ConfusionMatrices extends FlowPane {

    /** Narrow enough for two matrices side by side in the compare tab. */
    private static final double CARD_WIDTH = 230;

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
            getChildren().add(matrix(RunComparison.label(r, varying), r.confusion()));
        }
        if (getChildren().isEmpty()) {
            Label none = new Label("None of the selected runs finished, so there is no confusion matrix to show.");
            none.getStyleClass().add("muted");
            getChildren().add(none);
        }
    }

    private static VBox matrix(String title, long[][] c) {
        long total = c[0][0] + c[0][1] + c[1][0] + c[1][1];
        GridPane grid = new GridPane();
        grid.getStyleClass().add("confusion-grid");
        grid.add(header(""), 0, 0);
        grid.add(header("predicted negative"), 1, 0);
        grid.add(header("predicted positive"), 2, 0);
        grid.add(header("actual negative"), 0, 1);
        grid.add(header("actual positive"), 0, 2);
        grid.add(cell(c[0][0], total, "true negatives", true), 1, 1);
        grid.add(cell(c[0][1], total, "false positives", false), 2, 1);
        grid.add(cell(c[1][0], total, "false negatives", false), 1, 2);
        grid.add(cell(c[1][1], total, "true positives", true), 2, 2);
        Label heading = new Label(title);
        heading.getStyleClass().add("confusion-title");
        heading.setWrapText(true);
        heading.setMaxWidth(CARD_WIDTH);
        VBox box = new VBox(4, heading, grid);
        box.getStyleClass().add("confusion-card");
        return box;
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("confusion-header");
        return l;
    }

    private static Label cell(long count, long total, String meaning, boolean correct) {
        Label l = new Label(count + "\n" + String.format(Locale.ROOT, "%.1f %%", total == 0 ? 0 : 100.0 * count / total) + "\n" + meaning);
        l.setAlignment(Pos.CENTER);
        l.getStyleClass().addAll("confusion-cell", correct ? "confusion-correct" : "confusion-wrong");
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }
}
