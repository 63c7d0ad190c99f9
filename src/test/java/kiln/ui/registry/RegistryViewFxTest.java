package kiln.ui.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import kiln.app.RegistryPort;
import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.domain.Run;
import kiln.registry.ModelRegistry;
import kiln.scoring.ScoringFixture;
import kiln.store.KilnStore;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.Theme;
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
class RegistryViewFxTest {

    @TempDir
    static Path dir;
    static KilnStore store;
    static ModelRegistry registry;
    FxTaskRunner runner;
    RegistryWorkspace workspace;

    @BeforeAll
    static void load() throws Exception {
        store = KilnStore.open(dir.resolve("registry-fx.duckdb"));
        registry = new ModelRegistry(store, () -> Instant.parse("2019-07-05T00:00:00Z"));
        ScoringFixture.trainTwoRuns(store);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        runner = new FxTaskRunner(2);
        workspace = new RegistryWorkspace(new RegistryPort(store, registry), runner, "tester");
        Scene scene = new Scene((Parent) workspace.view(), 1260, 780);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Stop
    void stop() {
        workspace.dispose();
        runner.shutdown();
    }

    @Test
    void registerTheBestRunOfASweepPromoteItWithANoteAndSeeTheHistory(FxRobot robot) throws Exception {
        RegistryViewModel model = workspace.model();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.finishedRuns().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        Run best = model.finishedRuns().get(0);
        assertThat(robot.lookup("#runBox").queryAs(ComboBox.class).getValue()).isEqualTo(best);

        robot.clickOn("#registerButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.versions().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.versions().get(0).run().runId()).isEqualTo(best.runId());
        assertThat(robot.lookup("#lineageArea").queryAs(TextArea.class).getText())
                .contains("run " + best.runId()).contains("fingerprint");

        robot.clickOn("#promoteButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#confirmPane").queryAs(VBox.class).isVisible());
        // The question is filled in once the gate has been evaluated in the background.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#confirmLabel").queryAs(Label.class).getText().isEmpty());
        assertThat(robot.lookup("#confirmLabel").queryAs(Label.class).getText()).contains("Promote glassware v1 to production?");
        assertThat(registry.production(null)).isEmpty();
        // typed through the control, not key by key: the headless robot types slowly
        robot.clickOn("#confirmNoteArea");
        robot.interact(() -> robot.lookup("#confirmNoteArea").queryAs(TextArea.class).setText("best of the sweep"));
        robot.clickOn("#confirmButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.timelineProperty().get().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(registry.production(null)).map(ModelVersion::version).contains(1);
        assertThat(robot.lookup("#confirmPane").queryAs(VBox.class).isVisible()).isFalse();
        TableView<?> events = robot.lookup("#eventTable").queryAs(TableView.class);
        assertThat(events.getItems()).hasSize(2);
        ModelEvent promotion = (ModelEvent) events.getItems().get(1);
        assertThat(promotion.action()).isEqualTo("promote");
        assertThat(promotion.note()).isEqualTo("best of the sweep");
        assertThat(promotion.by()).isEqualTo("tester");
        assertThat(model.timelineProperty().get().get(0).end()).isNull();
    }
}
