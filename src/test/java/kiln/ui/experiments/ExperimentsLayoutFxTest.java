package kiln.ui.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.DatePicker;
import javafx.stage.Stage;

import kiln.domain.Run;
import kiln.ml.Trainers;
import kiln.store.KilnStore;
import kiln.ui.common.TaskRunner;
import kiln.ui.common.WorkspaceFxTestBase;
import kiln.ui.registry.TruncatedText;
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

/** The Experiments workspace at the size it has in a 1440x900 window: no text is cut to "…" and dates read yyyy-MM-dd. */
@ExtendWith(ApplicationExtension.class)
class ExperimentsLayoutFxTest extends WorkspaceFxTestBase<ExperimentsWorkspace> {

    @TempDir
    static Path dir;
    static KilnStore store;
    final List<Run> registered = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        store = ExperimentsWorkspaceStage.glassware(dir, 400);
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
        startWorkspace(stage, TruncatedText.WORKSPACE_AT_1440_BY_900.getWidth(), TruncatedText.WORKSPACE_AT_1440_BY_900.getHeight());
        // connected as in the app, so "Register best…" is enabled and shows its full text
        workspace.setOnRegisterRequested(registered::add);
    }

    @Stop
    void stop() {
        stopWorkspace();
    }

    @Test
    void afterASweepNoLabelButtonOrHeaderIsCutAndTheWindowIsInIsoDates(FxRobot robot) throws Exception {
        ExperimentsViewModel model = workspace.model();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.form().fromProperty().get() != null);
        robot.interact(() -> {
            model.form().trainer(Trainers.CART).param("maxDepth").textProperty().set("2, 4");
            model.form().workersProperty().set(2);
            model.startSweep();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !model.sweepRunningProperty().get()
                && model.board().summaryProperty().get().startsWith("Finished") && model.bestRunIdProperty().get() != null);
        for (int i = 0; i < 10; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(30);
        }
        assertThat(TruncatedText.in(workspace.experimentsView().root())).isEmpty();
        robot.clickOn("#registerButton");
        assertThat(registered).extracting(Run::runId).containsExactly(model.bestRunIdProperty().get());

        DatePicker from = robot.lookup("#fromPicker").queryAs(DatePicker.class);
        assertThat(from.getEditor().getText()).isEqualTo(model.form().fromProperty().get().toString()).matches("\\d{4}-\\d{2}-\\d{2}");
        // typed as ISO, read as ISO
        robot.interact(() -> {
            from.getEditor().setText("2019-07-03");
            from.setValue(from.getConverter().fromString(from.getEditor().getText()));
        });
        assertThat(model.form().fromProperty().get()).isEqualTo(LocalDate.of(2019, 7, 3));
        assertThat(robot.lookup("#toPicker").queryAs(DatePicker.class).getEditor().getText()).matches("\\d{4}-\\d{2}-\\d{2}");
    }
}
