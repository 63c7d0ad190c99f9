package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import kiln.domain.Alert;
import kiln.domain.KpiGranularity;
import kiln.ui.common.Theme;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** What the Monitor says when it has nothing (or cannot load) to show, the health strip, and the silence dialog. */
@ExtendWith(ApplicationExtension.class)
class MonitorStatesFxTest extends MonitorWorkspaceFxTestBase {

    @Start
    void start(Stage stage) {
        startStage(stage);
    }

    private void show(FxRobot robot, FakeMonitorQueries queries) {
        robot.interact(() -> {
            workspace = new MonitorWorkspace(queries, runner);
            Scene scene = new Scene((Parent) workspace.view(), 1200, 780);
            Theme.LIGHT.applyTo(scene);
            stage.setScene(scene);
            workspace.setActive(true);
        });
    }

    @Test
    void anEmptyMonitorSaysWhyInsteadOfShowingAnEmptyBand(FxRobot robot) throws Exception {
        FakeMonitorQueries empty = new FakeMonitorQueries();
        empty.hasModels = false;
        show(robot, empty);
        Label message = robot.lookup("#kpi-empty-message").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, message::isVisible);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(message.getText()).startsWith("No production model yet.");
        KpiChart kpi = workspace.monitorView().kpiChart();
        assertThat(kpi.bandsShown()).isFalse();
        assertThat(kpi.chart().getPlugins()).doesNotContain(kpi.okBand());
        assertThat(kpi.axisMin()).isZero();
        assertThat(kpi.axisMax()).isEqualTo(100);
        assertThat(kpi.chart().getAllDatasets()).isEmpty();

        // the simulator starts filling the database: the band, the points and the strip come back
        empty.hasModels = true;
        empty.addDay();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> workspace.model().snapshotProperty().get() != null);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(workspace.monitorView()::shownUpToDate).get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(message.isVisible()).isFalse();
        assertThat(kpi.bandsShown()).isTrue();
        assertThat(kpi.realised().getDataCount()).isPositive();
        assertThat(robot.lookup("#health-firing").queryAs(Label.class).getText()).isEqualTo("2 firing alerts");
        assertThat(robot.lookup("#health-firing").queryAs(Label.class).getStyleClass()).contains("health-bad");
        assertThat(robot.lookup("#health-production").queryAs(Label.class).getTooltip().getText()).contains("2019-07-22 00:00 UTC");
    }

    @Test
    void aModelThatScoredNothingSaysSo(FxRobot robot) throws Exception {
        FakeMonitorQueries unscored = new FakeMonitorQueries();
        unscored.days = 0;
        show(robot, unscored);
        Label message = robot.lookup("#kpi-empty-message").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> message.isVisible() && message.getText().contains("scored nothing yet"));
        assertThat(workspace.monitorView().kpiChart().bandsShown()).isFalse();
    }

    @Test
    void windowsPerHourShowNoExceptionName(FxRobot robot) throws Exception {
        FakeMonitorQueries queries = new FakeMonitorQueries();
        show(robot, queries);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> workspace.model().snapshotProperty().get() != null);
        Label error = robot.lookup("#monitor-error").queryAs(Label.class);

        robot.clickOn("#monitor-granularity").clickOn("per hour");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> workspace.model().snapshotProperty().get().request().granularity() == KpiGranularity.HOUR);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(error.getText()).isEmpty();
        assertThat(error.isVisible()).isFalse();

        // a read that fails the way the hourly one did speaks a sentence, not a class name
        queries.failingGranularity = KpiGranularity.DAY;
        robot.clickOn("#monitor-granularity").clickOn("per day");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !error.getText().isEmpty());
        assertThat(error.getText()).startsWith("Loading the per-day windows of " + FakeMonitorQueries.MODEL + " did not work: ")
                .isNotEqualTo("NullPointerException");
        assertThat(error.isVisible()).isTrue();
        assertThat(robot.lookup("#monitor-granularity").queryAs(ComboBox.class).getValue()).isEqualTo(KpiGranularity.DAY);
    }

    @Test
    void anUnreadableSilenceTimeDisablesSilenceAndSaysWhatToType(FxRobot robot) throws Exception {
        Alert alert = new FakeMonitorQueries().alerts(FakeMonitorQueries.MODEL, true).get(0);
        Dialog<Instant>[] dialog = new Dialog[1];
        robot.interact(() -> {
            dialog[0] = AlertDialogs.silenceDialog(alert);
            OwnedDialogs.own(dialog[0], stage).show();
        });
        TextField until = robot.lookup("#silence-until").queryAs(TextField.class);
        Node silence = robot.lookup("#silence-confirm").query();
        Label problem = robot.lookup("#silence-problem").queryAs(Label.class);
        assertThat(silence.isDisabled()).isFalse(); // the suggested end, a day after the alert fired, is fine
        assertThat(until.getPseudoClassStates()).doesNotContain(AlertDialogs.INVALID);

        robot.interact(() -> until.setText("tomorrow 6am"));
        assertThat(silence.isDisabled()).isTrue();
        assertThat(until.getPseudoClassStates()).contains(AlertDialogs.INVALID);
        assertThat(problem.getText()).contains("\"tomorrow 6am\"").contains("yyyy-MM-dd HH:mm in UTC");

        robot.interact(() -> until.setText("2019-07-23 06:00"));
        assertThat(silence.isDisabled()).isFalse();
        assertThat(problem.getText()).isEmpty();
        robot.clickOn("#silence-confirm");
        assertThat(dialog[0].getResult()).isEqualTo(Instant.parse("2019-07-23T06:00:00Z"));
    }

    @Test
    void dialogsAboutTheMonitorAreOwnedByItsWindowAndCentredOnIt(FxRobot robot) {
        javafx.scene.control.Alert[] dialog = new javafx.scene.control.Alert[1];
        robot.interact(() -> {
            stage.setScene(new Scene(new StackPane(new Button("owner")), 900, 600));
            stage.setX(40);
            stage.setY(30);
            dialog[0] = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                    "v3 beats production: ".repeat(40));
            OwnedDialogs.own(dialog[0], stage).show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.Alert d = dialog[0];
        assertThat(d.getOwner()).isSameAs(stage);
        assertThat(d.getWidth()).isLessThanOrEqualTo(stage.getWidth());
        assertThat(d.getX()).isGreaterThanOrEqualTo(stage.getX());
        assertThat(d.getX() + d.getWidth()).isLessThanOrEqualTo(stage.getX() + stage.getWidth() + 0.5);
        double centre = d.getX() + d.getWidth() / 2;
        assertThat(centre).isCloseTo(stage.getX() + stage.getWidth() / 2, Offset.offset(1.0));
        robot.interact(d::close);
    }
}
