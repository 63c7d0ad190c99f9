package kiln.ui.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import io.fair_acc.chartfx.XYChart;
import kiln.domain.Run;
import kiln.ml.Trainers;
import kiln.ml.sweep.SweepListener.RunState;
import kiln.store.KilnStore;
import kiln.ui.common.TaskRunner;
import kiln.ui.common.WorkspaceFxTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ExperimentsViewFxTest extends WorkspaceFxTestBase<ExperimentsWorkspace> {

    static final int ROWS = 400;
    @TempDir
    static Path dir;
    static KilnStore store;

    @BeforeAll
    static void load() throws Exception {
        store = ExperimentsWorkspaceStage.glassware(dir, ROWS);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected ExperimentsWorkspace createWorkspace(TaskRunner runner) {
        return ExperimentsWorkspaceStage.workspace(store, runner);
    }

    @Start
    void start(Stage stage) {
        startWorkspace(stage);
    }

    @Stop
    void stop() {
        stopWorkspace();
    }

    private ExperimentsViewModel model() {
        return workspace.model();
    }

    /**
     * Waits until {@code condition} holds, reading it on the FX thread: the board's rows and the runs are
     * lists the FX thread changes, and reading them from the test thread races with it.
     */
    private static void awaitOnFx(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition));
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    private void awaitFormReady() throws Exception {
        awaitOnFx(20, () -> model().form().fromProperty().get() != null && model().form().features().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Types a small grid into the form the way a user would, and starts it. */
    private void runSmallSweep(FxRobot robot, String depths) throws Exception {
        awaitFormReady();
        robot.clickOn("#param-cart-maxDepth").eraseText(20).write(depths);
        robot.interact(() -> model().form().workersProperty().set(2));
        robot.clickOn("#startButton");
        awaitOnFx(60, () -> !model().sweepRunningProperty().get() && model().board().summaryProperty().get().startsWith("Finished"));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void startingASweepShowsProgressRowsAndFinishedRunsWithTheBestHighlighted(FxRobot robot) throws Exception {
        runSmallSweep(robot, "2, 3, 6");
        TableView<?> progress = robot.lookup("#progressTable").queryAs(TableView.class);
        assertThat(progress.getItems()).hasSize(3);
        assertThat(onFx(() -> List.copyOf(model().board().rows()))).extracting(SweepBoard.Row::state).allSatisfy(s -> assertThat(s).isIn(
                RunState.FINISHED, RunState.REUSED));
        assertThat(robot.lookup("#sweepSummaryLabel").queryAs(Label.class).getText()).contains("best of this sweep: run #");
        awaitOnFx(10, () -> model().runs().size() >= 3);
        WaitForAsyncUtils.waitForFxEvents();
        Long best = model().bestRunIdProperty().get();
        assertThat(best).isNotNull();
        List<Node> bestRows = robot.lookup(".table-row-cell." + ExperimentsView.BEST_RUN).queryAll().stream().toList();
        assertThat(bestRows).singleElement().satisfies(n -> assertThat(((Run) ((TableRow<?>) n).getItem()).runId()).isEqualTo(best));
        assertThat(robot.lookup("#bestLabel").queryAs(Label.class).getText()).startsWith("★ best listed: run #" + best + " ");
        // no registry connected: the button says so instead of doing nothing
        Button register = robot.lookup("#registerButton").queryAs(Button.class);
        assertThat(register.isDisabled()).isTrue();
        assertThat(register.getTooltip().getText()).contains("Registry workspace");
    }

    @Test
    void cancellingASweepRecordsTheRunInFlightAsCancelled(FxRobot robot) throws Exception {
        awaitFormReady();
        robot.interact(() -> {
            SweepForm form = model().form();
            form.trainer(Trainers.CART).enabledProperty().set(false);
            TrainerChoice forest = form.trainer(Trainers.RANDOM_FOREST);
            forest.enabledProperty().set(true);
            forest.param("numTrees").textProperty().set("400, 401, 402, 403, 404, 405, 406, 407");
            forest.param("maxDepth").textProperty().set("12");
            form.workersProperty().set(1);
        });
        robot.clickOn("#startButton");
        awaitOnFx(30, () -> model().board().rows().stream().anyMatch(r -> r != null && r.state() == RunState.RUNNING));
        assertThat(robot.lookup("#cancelButton").queryAs(Button.class).isDisabled()).isFalse();
        robot.clickOn("#cancelButton");
        awaitOnFx(60, () -> !model().sweepRunningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> model().board().summaryProperty().get())).startsWith("Cancelled");
        List<RunState> states = onFx(() -> model().board().rows().stream().map(SweepBoard.Row::state).toList());
        assertThat(states).contains(RunState.SKIPPED).doesNotContain(RunState.RUNNING, RunState.QUEUED);
        if (states.contains(RunState.CANCELLED)) {
            // The runs table reloads in the background after the sweep ends; a loaded machine needs a while.
            awaitOnFx(60, () -> model().runs().stream().anyMatch(r -> Run.CANCELLED.equals(r.status())));
        } else {
            // On a busy machine the cancel can land between two runs: the one before finished, the rest were
            // skipped, and no run was in flight to be recorded as cancelled.
            assertThat(states).contains(RunState.FINISHED);
        }
        awaitOnFx(60, () -> model().runs().stream().noneMatch(r -> Run.RUNNING.equals(r.status())));
        assertThat(robot.lookup("#startButton").queryAs(Button.class).isDisabled()).isFalse();
    }

    @Test
    void selectingTwoRunsShowsTheirDiffAndCharts(FxRobot robot) throws Exception {
        runSmallSweep(robot, "1, 5");
        awaitOnFx(10, () -> model().runs().size() >= 2);
        robot.interact(() -> model().filterTextProperty().set("trainer = cart and params.maxDepth in (1, 5)"));
        robot.clickOn("#filterField").type(KeyCode.ENTER);
        awaitOnFx(10, () -> model().runs().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        List<Node> rows = robot.lookup("#runsTable .table-row-cell").queryAll().stream()
                .filter(n -> ((TableRow<?>) n).getItem() != null).toList();
        robot.clickOn(rows.get(0));
        robot.press(KeyCode.CONTROL).clickOn(rows.get(1)).release(KeyCode.CONTROL);
        robot.clickOn("Compare");
        awaitOnFx(10, () -> model().curvesProperty().get().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> diff = robot.lookup("#diffTable").queryAs(TableView.class);
        assertThat(diff.getColumns()).hasSize(3);
        assertThat(robot.lookup("#diffTable .table-row-cell.differs").queryAll()).isNotEmpty();
        assertThat(robot.lookup("#compareLabel").queryAs(Label.class).getText()).startsWith("2 runs compared");
        assertThat(robot.lookup(".confusion-card").queryAll()).hasSize(2);
        robot.clickOn("Charts");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#roc-chart").queryAs(XYChart.class).getDatasets()).hasSize(3);
        assertThat(robot.lookup("#calibration-chart").queryAs(XYChart.class).getDatasets()).hasSize(3);
        XYChart parallel = robot.lookup("#parallel-coordinates").queryAs(XYChart.class);
        assertThat(parallel.getDatasets()).hasSize(2);
        assertThat(parallel.getTitle()).isEqualTo("1 varying parameter and accuracy");
        robot.clickOn("#logAxisBox");
        WaitForAsyncUtils.waitForFxEvents();
        XYChart scatter = robot.lookup("#metric-scatter").queryAs(XYChart.class);
        assertThat(scatter.getXAxis().isLogAxis()).isTrue();
        assertThat(scatter.getTitle()).isEqualTo("accuracy against maxDepth for every listed run (log x)");
        // the two listed runs (one per trainer series) plus the same two as "selected runs"
        assertThat(scatter.getDatasets().stream().mapToInt(d -> d.getDataCount()).sum()).isEqualTo(4);

        // a bad filter points at the mistake under the field and keeps the table
        robot.interact(() -> model().filterTextProperty().set("metrics.f1"));
        robot.clickOn("#filterField").type(KeyCode.END).write(" >").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Label error = robot.lookup("#filterErrorLabel").queryAs(Label.class);
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getText()).contains("column 13").endsWith("^");
        assertThat(model().runs()).hasSize(2);
    }
}
