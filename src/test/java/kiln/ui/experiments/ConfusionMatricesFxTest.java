package kiln.ui.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import kiln.domain.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Run confusion matrices are K×K, labelled with the run's class values (codes for runs stored without them). */
@ExtendWith(ApplicationExtension.class)
class ConfusionMatricesFxTest {

    ConfusionMatrices matrices;

    @Start
    void start(Stage stage) {
        matrices = new ConfusionMatrices();
        stage.setScene(new Scene(new StackPane(matrices), 1000, 700));
        stage.show();
    }

    @Test
    void drawsKByKLabelledWithTheRunsClasses(FxRobot robot) {
        long[][] three = {{50, 3, 1}, {4, 40, 6}, {0, 2, 30}};
        long[][] binary = {{90, 10}, {5, 45}};
        List<String> many = IntStream.range(0, 12).mapToObj(i -> "w" + i).toList();
        long[][] twelve = new long[12][12];
        for (int i = 0; i < 12; i++) {
            twelve[i][i] = 10 + i;
            twelve[i][(i + 1) % 12] = 2;
        }
        robot.interact(() -> matrices.show(List.of(run(1, three, List.of("sun", "rain", "snow")), run(2, binary, null),
                run(3, binary, List.of("intact", "broken")), run(4, twelve, many))));
        WaitForAsyncUtils.waitForFxEvents();

        List<GridPane> grids = robot.lookup(".confusion-grid").queryAllAs(GridPane.class).stream().toList();
        assertThat(grids).hasSize(4);
        GridPane g3 = grid(grids, 1);
        assertThat(at(g3, 1, 0)).isEqualTo("predicted sun");
        assertThat(at(g3, 3, 0)).isEqualTo("predicted snow");
        assertThat(at(g3, 0, 2)).isEqualTo("actual rain");
        assertThat(at(g3, 2, 2)).startsWith("40\n"); // actual rain, predicted rain
        assertThat(at(g3, 3, 2)).startsWith("6\n"); // actual rain, predicted snow
        assertThat(g3.getChildren().filtered(n -> n.getStyleClass().contains("confusion-cell"))).hasSize(9);

        // an old binary run: codes, and the cells keep their names
        GridPane old = grid(grids, 2);
        assertThat(at(old, 1, 0)).isEqualTo("predicted 0");
        assertThat(at(old, 0, 2)).isEqualTo("actual 1");
        assertThat(at(old, 2, 2)).isEqualTo("45\n30.0 %\ntrue positives");
        GridPane named = grid(grids, 3);
        assertThat(at(named, 2, 0)).isEqualTo("predicted broken");

        // many classes: bare names, every cell, scrolling inside the card
        GridPane g12 = grid(grids, 4);
        assertThat(at(g12, 12, 0)).isEqualTo("w11");
        assertThat(at(g12, 0, 12)).isEqualTo("w11");
        assertThat(at(g12, 12, 12)).isEqualTo("21");
        assertThat(g12.getChildren().filtered(n -> n.getStyleClass().contains("confusion-cell"))).hasSize(144);
        assertThat(g12.getParent().getParent().getParent()).isInstanceOf(ScrollPane.class);
    }

    /** The grid of the card titled with the run's id. */
    private static GridPane grid(List<GridPane> grids, long runId) {
        return grids.stream().filter(g -> {
            Parent card = g.getParent();
            while (!card.getStyleClass().contains("confusion-card")) {
                card = card.getParent();
            }
            return ((Label) ((VBox) card).getChildren().get(0)).getText().startsWith("#" + runId + " ");
        }).findFirst().orElseThrow();
    }

    private static String at(GridPane g, int column, int row) {
        return g.getChildren().stream().filter(n -> GridPane.getColumnIndex(n) == column && GridPane.getRowIndex(n) == row)
                .map(n -> ((Label) n).getText()).findFirst().orElseThrow();
    }

    private static Run run(long id, long[][] confusion, List<String> classes) {
        return new Run(id, 1L, "cart", Map.of(), Map.of("accuracy", 0.9), confusion, Run.FINISHED, null, null, null, "d", null, null,
                List.of(), "random:0.2", null, null, null, 1L, null, null, List.of(), null, classes);
    }
}
