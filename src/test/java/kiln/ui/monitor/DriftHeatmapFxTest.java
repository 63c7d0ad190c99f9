package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;

import kiln.domain.DriftLevel;
import kiln.domain.DriftScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Live data opening new windows grows the heatmap in place; one tooltip describes whichever cell is pointed at. */
@ExtendWith(ApplicationExtension.class)
class DriftHeatmapFxTest {

    private static final Instant T0 = Instant.parse("2019-07-01T00:00:00Z");
    private final List<TimeRange> clicked = new ArrayList<>();
    private DriftHeatmap heatmap;

    @Start
    void start(Stage stage) {
        heatmap = new DriftHeatmap((feature, window) -> clicked.add(window));
        stage.setScene(new Scene(heatmap.root(), 900, 300));
        stage.show();
    }

    private static List<DriftScore> scores(int windows, double psi) {
        List<DriftScore> out = new ArrayList<>();
        for (String feature : List.of("temp", "pressure")) {
            for (int w = 0; w < windows; w++) {
                Instant from = T0.plusSeconds(86_400L * w);
                out.add(new DriftScore(feature, from, from.plusSeconds(86_400), 100, psi, 0.1, 0.5, 0.2,
                        psi >= 0.25 ? DriftLevel.ALERT : DriftLevel.OK));
            }
        }
        return out;
    }

    private Label cell(FxRobot robot, String feature, int column) {
        return robot.lookup("#drift-" + feature + "-" + column).queryAs(Label.class);
    }

    @Test
    void aNewWindowAddsAColumnAndKeepsTheCellsThatWereThere(FxRobot robot) {
        robot.interact(() -> heatmap.show(scores(3, 0.05)));
        Label first = cell(robot, "temp", 0);
        robot.interact(() -> heatmap.show(scores(4, 0.30)));

        assertThat(cell(robot, "temp", 0)).isSameAs(first);
        assertThat(first.getText()).isEqualTo("0.30");
        assertThat(first.getStyleClass()).contains("drift-alert").doesNotContain("drift-ok");
        assertThat(cell(robot, "pressure", 3).getText()).isEqualTo("0.30");
        long cells = heatmap.grid().getChildren().stream().filter(n -> n.getStyleClass().contains("drift-cell")).count();
        assertThat(cells).isEqualTo(2 * 4);

        robot.interact(() -> heatmap.show(scores(2, 0.05)));
        assertThat(heatmap.grid().getChildren().stream().filter(n -> n.getStyleClass().contains("drift-cell")).count()).isEqualTo(2 * 2);
        assertThat(robot.lookup("#drift-temp-3").tryQuery()).isEmpty();
    }

    @Test
    void manyWindowsShowColoursWithoutTextThatWouldNotFit(FxRobot robot) {
        robot.interact(() -> heatmap.show(scores(40, 0.30)));
        assertThat(cell(robot, "temp", 39).getText()).isEmpty();
        assertThat(cell(robot, "temp", 39).getStyleClass()).contains("drift-alert");
        robot.interact(() -> heatmap.show(scores(5, 0.30)));
        assertThat(cell(robot, "temp", 4).getText()).isEqualTo("0.30");
    }

    @Test
    void oneSharedTooltipDescribesTheCellUnderThePointer(FxRobot robot) {
        robot.interact(() -> heatmap.show(scores(3, 0.12)));
        Tooltip shared = (Tooltip) heatmap.grid().getProperties().values().stream().filter(Tooltip.class::isInstance).findFirst()
                .orElseThrow();
        for (Node n : heatmap.grid().getChildren()) {
            assertThat(n.getProperties().values()).noneMatch(Tooltip.class::isInstance);
        }
        robot.moveTo(cell(robot, "pressure", 2));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shared.getText()).startsWith("pressure, 2019-07-03 00:00 UTC: PSI 0.120");

        robot.interact(() -> heatmap.show(scores(3, 0.40))); // live data changes the cell under the pointer
        assertThat(shared.getText()).startsWith("pressure, 2019-07-03 00:00 UTC: PSI 0.400 (alert)");

        robot.clickOn(cell(robot, "temp", 1));
        assertThat(clicked).containsExactly(new TimeRange(T0.plusSeconds(86_400), T0.plusSeconds(2 * 86_400)));
    }
}
