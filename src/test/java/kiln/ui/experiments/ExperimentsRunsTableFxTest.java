package kiln.ui.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import kiln.domain.Run;
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

/** The runs table with 5,000 tracked runs: loaded off-thread, drawn virtualised, sorted and filtered. */
@ExtendWith(ApplicationExtension.class)
class ExperimentsRunsTableFxTest extends WorkspaceFxTestBase<ExperimentsWorkspace> {

    static final int RUNS = 5_000;
    @TempDir
    static Path dir;
    static KilnStore store;

    @BeforeAll
    static void load() throws Exception {
        store = KilnStore.open(dir.resolve("runs.duckdb"));
        // Accuracy rises with i, so run i = 4999 (the newest) is the best and every value is distinct.
        store.write(conn -> {
            try (Statement st = conn.createStatement()) {
                st.execute("INSERT INTO run (trainer, params, metrics, confusion, status, started_at, duration_ms, dataset, "
                        + "window_start, window_end, split, rows_train, rows_test, seed) "
                        + "SELECT CASE WHEN i % 2 = 0 THEN 'cart' ELSE 'random-forest' END, "
                        + "json_object('maxDepth', 1 + i % 20, 'numTrees', 10 + i % 7)::JSON, "
                        + "json_object('accuracy', 0.8 + i / 25000.0, 'f1', 0.7 + (i % 101) / 1000.0, 'log_loss', 1.0 - i / 10000.0)::JSON, "
                        + "'{\"labels\": [\"0\", \"1\"], \"matrix\": [[50, 5], [4, 41]]}'::JSON, 'finished', TIMESTAMP '2026-01-01' + i * INTERVAL 1 SECOND, 100 + i, 'glassware', "
                        + "TIMESTAMP '2019-07-01', TIMESTAMP '2019-07-11', 'random:0.2', 800, 200, 42 FROM range(" + RUNS + ") t(i)");
            }
            return null;
        });
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

    @Test
    void fiveThousandRunsAreListedWithOnlyTheVisibleRowsBuilt(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workspace.model().runs().size() == RUNS);
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#runsTable").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(RUNS);
        // TableView builds row cells for what is on screen only.
        assertThat(robot.lookup("#runsTable .table-row-cell").queryAll()).hasSizeLessThan(60);
        long bestId = workspace.model().runs().stream().max((a, b) -> Double.compare(a.metric("accuracy"), b.metric("accuracy")))
                .orElseThrow().runId();
        assertThat(workspace.model().bestRunIdProperty().get()).isEqualTo(bestId);

        robot.clickOn("#col-accuracy");
        robot.clickOn("#col-accuracy"); // second click: descending
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(((Run) table.getItems().get(0)).runId()).isEqualTo(bestId);
        assertThat(((Run) table.getItems().get(RUNS - 1)).metric("accuracy")).isEqualTo(0.8);

        robot.interact(() -> workspace.model().filterTextProperty().set("metrics.accuracy > 0.9901 and trainer = cart"));
        robot.clickOn("#filterField").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> workspace.model().runs().size() < RUNS);
        WaitForAsyncUtils.waitForFxEvents();
        // cart runs are the even i; accuracy > 0.9901 holds for i >= 4753: i = 4754, 4756, …, 4998
        assertThat(table.getItems()).hasSize(123).allSatisfy(r -> assertThat(((Run) r).trainer()).isEqualTo("cart"));
    }
}
