package kiln.ui.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;

import kiln.app.FleetPort;
import kiln.store.KilnStore;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.Theme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** Without a fleet the workspace says what a fleet is and how to get one, instead of empty panes. */
@ExtendWith(ApplicationExtension.class)
class FleetEmptyStateFxTest {

    @TempDir
    static Path dir;
    KilnStore store;
    FxTaskRunner runner;
    FleetWorkspace workspace;

    @Start
    void start(Stage stage) {
        store = KilnStore.open(dir.resolve("empty-" + System.nanoTime() + ".duckdb"));
        runner = new FxTaskRunner(1);
        workspace = new FleetWorkspace(new FleetPort(store), runner);
        Scene scene = new Scene((Parent) workspace.view(), 1024, 700);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Stop
    void stop() {
        workspace.dispose();
        runner.shutdown();
        store.close();
    }

    @Test
    void explainsFleetsAndNamesTheCommandsThatMakeOne(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !workspace.model().emptyMessageProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#fleet-empty").query().isVisible()).isTrue();
        assertThat(robot.lookup("#fleet-content").query().isVisible()).isFalse();
        String page = String.join("\n", robot.lookup("#fleet-empty .label").queryAllAs(Labeled.class).stream().map(Labeled::getText).toList());
        assertThat(page).contains("No fleet in this database yet.").contains("A fleet is one model per group")
                .contains("kiln train --dataset D --window FROM..TO --sweep S --per-group")
                .contains("kiln simulate --scenario fleet --sensors 200 --score");
        Node pickers = robot.lookup("#fleet-model").query().getParent();
        assertThat(pickers.isDisabled()).as("nothing to pick").isTrue();
    }
}
