package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;

import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.Theme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The Confusion tab at the smallest supported size: a labelled K×K grid for two classes and for many. */
@ExtendWith(ApplicationExtension.class)
class MonitorConfusionFxTest {

    FakeMonitorQueries queries;
    FxTaskRunner runner;
    MonitorWorkspace workspace;

    @Start
    void start(Stage stage) {
        queries = new FakeMonitorQueries();
        runner = new FxTaskRunner(2);
        workspace = new MonitorWorkspace(queries, runner);
        Scene scene = new Scene((Parent) workspace.view(), 1024, 700);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
        workspace.setActive(true);
    }

    @Stop
    void stop() {
        workspace.dispose();
        runner.shutdown();
    }

    @Test
    void theTabShowsAKByKGridLabelledWithTheClasses(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> workspace.model().snapshotProperty().get() != null);
        assertThat(queries.confusionCalls.get()).isZero(); // not read while the tab is hidden
        robot.clickOn("Confusion");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#confusion-cell-1-1").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(headers(robot)).containsExactly("defective", "good", "recall", "defective", "good", "precision");
        // 28 labelled days of 95 per class; right: 97 % before the change, 60 % after, 95 % after the promotion
        long right = queries.confusion(FakeMonitorQueries.MODEL, FakeMonitorQueries.START, FakeMonitorQueries.day(30)).count(0, 0);
        assertThat(text(robot, "#confusion-cell-0-0")).isEqualTo(String.format(Locale.ROOT, "%,d", right));
        assertThat(robot.lookup(".confusion-count").queryAll()).hasSize(4);
        assertThat(text(robot, "#confusion-explanation")).startsWith("Rows: what it was; columns: what the model said; 5,320 labelled predictions");
        assertThat(text(robot, "#confusion-accuracy")).startsWith("accuracy ");
        assertThat(text(robot, "#confusion-overall")).endsWith("%");
        assertThat(robot.lookup("#confusion-all").queryButton().isDisabled()).isTrue();

        // many classes: all K×K cells, upright column names, scrolling instead of crowding
        queries.classes = IntStream.range(0, 30).mapToObj(i -> "weather-" + i).toList();
        queries.addDay();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#confusion-cell-29-29").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".confusion-count").queryAll()).hasSize(30 * 30);
        assertThat(headers(robot)).contains("weather-0", "weather-29").hasSize(2 * 30 + 2);
        ScrollPane scroll = robot.lookup("#confusion-scroll").queryAs(ScrollPane.class);
        assertThat(scroll.getContent().getLayoutBounds().getWidth()).isGreaterThan(scroll.getViewportBounds().getWidth());
        Label cell = robot.lookup("#confusion-cell-0-0").queryAs(Label.class);
        assertThat(cell.getWidth()).isGreaterThanOrEqualTo(cell.getFont().getSize() * 2); // still readable
        robot.moveTo(cell);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#confusion-explanation")).startsWith("was weather-0, model said weather-0: ");
        robot.moveTo("#confusion-accuracy");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#confusion-explanation")).startsWith("Rows: what it was;");
    }

    private static List<String> headers(FxRobot robot) {
        return robot.lookup(".confusion-class-header").queryAllAs(Label.class).stream()
                .sorted(Comparator.comparing((Label l) -> GridPane.getRowIndex(parentCell(l)) == 0 ? 0 : 1)
                        .thenComparing(l -> GridPane.getColumnIndex(parentCell(l)) + 100 * GridPane.getRowIndex(parentCell(l))))
                .map(Label::getText).toList();
    }

    /** The grid child holding the label (an upright column name sits in a Group). */
    private static Node parentCell(Label l) {
        return l.getParent() instanceof Group g ? g : l;
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }
}
