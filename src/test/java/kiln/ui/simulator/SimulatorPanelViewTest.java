package kiln.ui.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

import kiln.app.SimulatorPort;
import kiln.cli.datasets.GeneratedDatasets;
import kiln.sim.SimTestSupport;
import kiln.store.KilnStore;
import kiln.ui.common.FxTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class SimulatorPanelViewTest {

    private KilnStore store;
    private FxTaskRunner runner;
    private SimulatorPanelView view;
    /** The wall clock the simulation runs against, moved by hand: simulated times come out exact. */
    private final AtomicLong wallNanos = new AtomicLong();

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("kiln-sim-panel");
        store = KilnStore.open(dir.resolve("panel.duckdb"));
        runner = new FxTaskRunner(2);
        SimulatorPanelViewModel model = new SimulatorPanelViewModel(new SimulatorPort(store), runner);
        model.setWallClock(wallNanos::get);
        view = new SimulatorPanelView(model);
        Scene scene = new Scene(view.root(), 900, 160);
        scene.getStylesheets().add(SimulatorPanelView.class.getResource("/kiln/styles/tokens.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> view.dispose()).get(5, TimeUnit.SECONDS);
        runner.shutdown();
        store.close();
    }

    @Test
    void playRunsTheClockByWallTimeAndPauseHoldsIt(FxRobot robot) throws Exception {
        Label clock = robot.lookup("#sim-clock").queryAs(Label.class);
        Label readings = robot.lookup("#sim-readings").queryAs(Label.class);
        robot.clickOn("#speed-hour_per_second");
        robot.clickOn("#play-button");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.model().runningProperty().get()); // its clock exists
        wallNanos.addAndGet(TimeUnit.SECONDS.toNanos(1)); // one wall second at 3600× is one simulated hour
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> clock.getText().equals("2019-07-01 01:00:00"));
        robot.clickOn("#pause-button");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> view.model().pausedProperty().get());
        // everything up to the paused time is written and shown, nothing after it
        long upToOne = SimTestSupport.count(store, "SELECT count(*) FROM sensor_reading WHERE process_time <= '2019-07-01 01:00:00'");
        assertThat(upToOne).isPositive();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> readings.getText().equals(String.format("%,d readings", upToOne)));
        assertThat(SimTestSupport.count(store, "SELECT count(*) FROM sensor_reading")).isEqualTo(upToOne);
        assertThat(robot.lookup("#play-button").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#pause-button").queryButton().isDisabled()).isTrue();

        // an hour of wall time passes while paused (150 simulated days at 3600×): the clock holds, and
        // playing on goes from where it stood, so one more wall second ends exactly one hour later
        wallNanos.addAndGet(TimeUnit.HOURS.toNanos(1));
        robot.clickOn("#play-button");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !view.model().pausedProperty().get());
        wallNanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !clock.getText().equals("2019-07-01 01:00:00"));
        assertThat(clock.getText()).isEqualTo("2019-07-01 02:00:00");
    }

    @Test
    void playAsksFirstWhenAVersionIsInProductionAndCanPlayWithoutModelChanges(FxRobot robot) throws Exception {
        List<Boolean> allowed = new CopyOnWriteArrayList<>();
        SimulatorPanelView[] asking = new SimulatorPanelView[1];
        robot.interact(() -> {
            SimulatorPort port = new SimulatorPort(store) {
                @Override
                public List<String> productionVersions() {
                    return List.of("glassware v1");
                }
            };
            port.setEngineSetup(engine -> allowed.add(engine.modelChangesAllowed()));
            SimulatorPanelViewModel vm = new SimulatorPanelViewModel(port, runner);
            asking[0] = new SimulatorPanelView(vm);
            view.root().getScene().setRoot(asking[0].root());
        });
        try {
            robot.clickOn("#play-button");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#play-confirmation").tryQuery().isPresent());
            DialogPane pane = robot.lookup("#play-confirmation").queryAs(DialogPane.class);
            assertThat(pane.getHeaderText()).isEqualTo("This scenario will train and promote at 2019-07-11 00:00 UTC.");
            assertThat(pane.getButtonTypes()).extracting(ButtonType::getText)
                    .containsExactly("Continue", "Play without model changes", "Cancel");
            assertThat(pane.getScene().getWindow()).isInstanceOf(Stage.class);
            assertThat(((Stage) pane.getScene().getWindow()).getOwner()).isSameAs(asking[0].root().getScene().getWindow());
            robot.clickOn("Play without model changes");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !allowed.isEmpty());
            assertThat(allowed).containsExactly(false);
            assertThat(robot.lookup("#sim-status").queryAs(Label.class).getText()).startsWith("Playing glassware without model changes");
        } finally {
            WaitForAsyncUtils.asyncFx(() -> asking[0].dispose()).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRecordedFileIsChosenItsSettingsShownAndPlayed(FxRobot robot) throws Exception {
        Path file = GeneratedDatasets.binaryReplay(Files.createTempDirectory("kiln-sim-file"), 400, 11);
        robot.interact(() -> {
            view.setFileAsker(() -> file);
            view.model().speedProperty().set(PlaybackSpeed.MAX);
        });
        assertThat(robot.lookup("#replay-settings").query().isVisible()).isFalse();
        robot.clickOn("#scenario-chooser");
        robot.clickOn(SimulatorPanelViewModel.RECORDED_FILE);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#replay-file").queryAs(Label.class).getText().equals("plant-history.csv")
                && "status".equals(robot.lookup("#replay-label").queryComboBox().getValue()));
        assertThat(robot.lookup("#replay-settings").query().isVisible()).isTrue();
        assertThat(robot.lookup("#replay-dataset").queryComboBox().getValue()).isEqualTo("plant_history");
        assertThat(robot.lookup("#replay-time").queryComboBox().getValue()).isEqualTo("ts");
        assertThat(robot.lookup("#replay-id").queryComboBox().getValue()).isEqualTo("(none)");
        assertThat(robot.lookup("#replay-sweep").queryAs(TextField.class).getText()).isEqualTo("seed-grid");
        assertThat(robot.lookup("#replay-positive").queryComboBox().isVisible()).isTrue();
        assertThat(robot.lookup("#replay-problem").queryAs(Label.class).getText())
                .startsWith("Choose which value of status is the positive class");

        robot.clickOn("#replay-positive").clickOn("defect");
        assertThat(robot.lookup("#replay-problem").queryAs(Label.class).getText()).startsWith(
                "Enter the training window, FROM..TO (e.g. 2021-03-01..");
        robot.clickOn("#replay-window").write("2021-03-01..2021-03-01");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#replay-problem").queryAs(Label.class).getText()).isEmpty();
        robot.clickOn("#play-button");
        // no live loop here: the rows play, the train and promote steps are passed over
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#sim-status").queryAs(Label.class).getText()
                .startsWith("Finished plant_history: 400 readings and 400 labels written"));
        assertThat(SimTestSupport.count(store, "SELECT count(*) FROM plant_history_reading")).isEqualTo(400);
    }
}
