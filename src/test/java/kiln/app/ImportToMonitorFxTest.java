package kiln.app;

import static kiln.app.Screen.inWorkspace;
import static kiln.app.Screen.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import javafx.application.Platform;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

import kiln.domain.ModelVersion;
import kiln.domain.Run;
import kiln.ui.registry.VersionRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A user's own file, from the import wizard to a Monitor chart, in the real application with its real
 * services: import a CSV of a press line (its own column names, a 0/1 "failed" label), train the seed
 * grid on its first ten days, register and promote the best run from the tenth day on, and read the
 * accuracy of the days after on the Monitor's chart.
 */
class ImportToMonitorFxTest {

    private static final LocalDateTime START = LocalDateTime.of(2024, 3, 1, 0, 0);
    private static final int DAYS = 20;
    private static final int PER_DAY = 48;

    @TempDir
    Path home;
    private RunningApplication app;

    @Test
    void aCsvImportedThroughTheWizardIsTrainedPromotedAndWatched() throws Exception {
        Path csv = home.resolve("press-line.csv");
        writePressLine(csv);
        app = RunningApplication.start(home, "press.duckdb");
        FxRobot robot = app.robot;
        Screen screen = new Screen(robot);
        onFx(() -> {
            app.stage.setWidth(1440);
            app.stage.setHeight(900);
            return null;
        });

        // The wizard: it guesses the id, time and label columns and that failed = 1 is the positive class.
        Platform.runLater(() -> app.application().importFiles(List.of(csv)));
        screen.await("the import wizard's preview", 30, () -> robot.lookup("#previewTable").tryQuery().isPresent()
                && !robot.lookup("#previewTable").queryAs(TableView.class).getItems().isEmpty());
        assertThat(comboValue(robot, "#idBox")).isEqualTo("id");
        assertThat(comboValue(robot, "#timeBox")).isEqualTo("stamp");
        assertThat(comboValue(robot, "#labelBox")).isEqualTo("failed");
        assertThat(comboValue(robot, "#positiveBox")).isEqualTo("1");
        assertThat(robot.lookup("#feature-force").tryQuery()).isPresent();
        robot.clickOn("#import-confirm");
        screen.await("the wizard closes", 30, () -> robot.lookup("#previewTable").tryQuery().isEmpty());
        screen.await("the import's summary", 60, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        assertThat(robot.lookup(".dialog-pane .text-area").queryTextInputControl().getText())
                .contains(String.format(Locale.ROOT, "%,d rows read, %,d imported", DAYS * PER_DAY, DAYS * PER_DAY));
        robot.clickOn(robot.lookup(".dialog-pane .button").queryButton());
        screen.await("the summary closes", 10, () -> robot.lookup(".dialog-pane").tryQuery().isEmpty());

        // Data: the new data set with its own counts.
        int rows = DAYS * PER_DAY;
        String readings = String.format(Locale.ROOT, "%,d readings", rows);
        robot.clickOn(screen.node("#nav-data"));
        screen.assertShown("data");
        screen.await("Data counts " + readings, 60, () -> screen.text(inWorkspace("data", "#balanceLabel")).startsWith(readings));

        // Experiments: the seed grid on the first ten days of this data set.
        robot.clickOn(screen.node("#nav-experiments"));
        screen.assertShown("experiments");
        robot.clickOn(screen.node(inWorkspace("experiments", "#seedGridButton")));
        @SuppressWarnings("unchecked")
        ComboBox<String> datasets = (ComboBox<String>) screen.node(inWorkspace("experiments", "#datasetBox"));
        screen.await("the data set picker offers press_line", 30, () -> datasets.getItems().contains("press_line"));
        onFx(() -> {
            datasets.setValue("press_line");
            ((DatePicker) screen.node(inWorkspace("experiments", "#fromPicker"))).setValue(LocalDate.of(2024, 3, 1));
            ((DatePicker) screen.node(inWorkspace("experiments", "#toPicker"))).setValue(LocalDate.of(2024, 3, 10));
            return null;
        });
        robot.clickOn(screen.node(inWorkspace("experiments", "#startButton")));
        TableView<Run> runs = screen.table(inWorkspace("experiments", "#runsTable"));
        screen.await("the sweep's 12 runs", 300, () -> runs.getItems().size() == 12
                && screen.text(inWorkspace("experiments", "#sweepSummaryLabel")).startsWith("Finished"),
                () -> runs.getItems().size() + " runs; " + screen.text(inWorkspace("experiments", "#sweepSummaryLabel")) + " / "
                        + screen.text(inWorkspace("experiments", "#formErrorLabel")) + " / " + screen.text(inWorkspace("experiments",
                                "#statusLabel")));
        assertThat(runs.getItems()).allSatisfy(r -> assertThat(r.dataset()).isEqualTo("press_line"));
        assertThat(runs.getItems().stream().mapToDouble(r -> r.metrics().getOrDefault("accuracy", 0.0)).max().orElse(0))
                .as("the best run learned the press's rule").isGreaterThan(0.85);
        robot.clickOn(screen.node(inWorkspace("experiments", "#registerButton")));

        // Registry: "Register best…" made v1 of the data set's model; promote it from the morning of the eleventh day.
        screen.await("the Registry is shown with the new version", 30, () -> screen.shownWorkspace().equals("registry"));
        TableView<VersionRow> versions = screen.table(inWorkspace("registry", "#versionTable"));
        screen.await("v1 registered", 60, () -> versions.getItems().size() == 1, () -> screen.text(inWorkspace("registry", "#statusLabel"))
                + " / " + screen.text(inWorkspace("registry", "#errorLabel")));
        onFx(() -> {
            versions.getSelectionModel().select(0);
            return null;
        });
        robot.clickOn(screen.node(inWorkspace("registry", "#promoteButton")));
        TextField effective = (TextField) screen.node(inWorkspace("registry", "#effectiveFromField"));
        screen.await("the confirmation offers a default time", 10, () -> !effective.getText().isBlank());
        onFx(() -> {
            effective.setText("2024-03-11 00:00");
            return null;
        });
        screen.await("the hint explains the past promotion", 10, () -> screen.text(inWorkspace("registry", "#effectiveHintLabel")).contains(
                "will be scored by v1 at once"),
                () -> screen.text(inWorkspace("registry", "#effectiveHintLabel")));
        screen.await("the promotion can be confirmed", 10, () -> !robot.lookup(inWorkspace("registry", "#confirmButton")).queryButton().isDisabled());
        robot.clickOn(screen.node(inWorkspace("registry", "#confirmButton")));
        screen.await("v1 in production", 120, () -> versions.getItems().stream()
                .anyMatch(v -> ModelVersion.PRODUCTION.equals(v.version().alias())));

        assertThat(screen.text(inWorkspace("registry", "#statusLabel"))).contains("scored 480 readings");
        // Monitor: the accuracy of the ten days v1 scored, one point per day.
        robot.clickOn(screen.node("#nav-monitor"));
        screen.assertShown("monitor");
        screen.await("the Monitor's accuracy chart for press_line", 120, () -> screen.realisedPoints() >= 5,
                () -> "model " + comboValue(robot, "#monitor-model") + "; empty: " + screen.text("#kpi-empty-message") + "; status: "
                        + screen.text(inWorkspace("monitor", "#statusLabel")));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String comboValue(FxRobot robot, String query) {
        return String.valueOf(robot.lookup(query).queryAs(ComboBox.class).getValue());
    }

    /** Twenty days of a press: a part fails when its force is high and its speed low, with 3 % noise. */
    private static void writePressLine(Path csv) throws Exception {
        Random random = new Random(7);
        StringBuilder out = new StringBuilder("id,stamp,force,speed,failed\n");
        int id = 1;
        for (int i = 0; i < DAYS * PER_DAY; i++) {
            LocalDateTime t = START.plusMinutes(30L * i);
            double force = 50 + 10 * random.nextGaussian();
            double speed = 2 + 0.5 * random.nextGaussian();
            boolean failed = (force > 55 && speed < 2.1) != (random.nextDouble() < 0.03);
            out.append(id++).append(',').append(t.toString().replace('T', ' ')).append(":00,")
                    .append(String.format(Locale.ROOT, "%.3f,%.3f,%d%n", force, speed, failed ? 1 : 0));
        }
        Files.writeString(csv, out);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close();
        }
    }
}
