package kiln.ui.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.domain.ingest.FilePreview;
import kiln.sim.SimulationClock;
import kiln.sim.SimulationListener;
import kiln.sim.SimulationProgress;
import kiln.sim.SimulationSummary;
import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioReader;
import kiln.ui.common.ImmediateTaskRunner;
import org.junit.jupiter.api.Test;

/**
 * The simulator panel over a fake of its port: no database, no engine. What the panel asks the port
 * to play, on which clock, and what it shows of the answer.
 */
class SimulatorPanelPortTest {

    /** Plays nothing: records each request and reports one batch, or fails as told. */
    private static final class FakeSimulatorServices implements SimulatorServices {
        final List<String> inProduction = new ArrayList<>();
        final List<Boolean> modelChanges = new ArrayList<>();
        final List<SimulationClock> clocks = new ArrayList<>();
        RuntimeException playFails;

        @Override
        public List<String> scenarioNames() {
            return List.of("glassware", "data-drift");
        }

        @Override
        public Scenario scenario(String nameOrFile) {
            if (!scenarioNames().contains(nameOrFile)) {
                throw new UserFacingException("No scenario named '" + nameOrFile + "'");
            }
            return ScenarioReader.resolve(nameOrFile);
        }

        @Override
        public List<String> productionVersions() {
            return inProduction;
        }

        @Override
        public List<String> earlierReplays() {
            return List.of();
        }

        @Override
        public FilePreview preview(Path file) {
            throw new UserFacingException(file + ": no such file");
        }

        @Override
        public String defaultSweep() {
            return "a-sweep";
        }

        @Override
        public SimulationSummary playScenario(Scenario scenario, SimulationClock clock, boolean changes, SimulationListener progress,
                ProgressSink sink) {
            clocks.add(clock);
            modelChanges.add(changes);
            if (playFails != null) {
                throw playFails;
            }
            Instant end = scenario.start().plusSeconds(3600);
            progress.afterBatch(new SimulationProgress(end, 12, 10, 12, 10, 12, 10, 12));
            return new SimulationSummary(scenario.name(), scenario.seed(), end, 12, 12, 10, 10, 0, 0, true, false, 5);
        }

        @Override
        public StagedReplay stageReplay(ReplayPlan plan, Function<Instant, SimulationClock> clockAt, boolean changes,
                SimulationListener progress) {
            throw new UserFacingException("not staged here");
        }
    }

    private static SimulatorPanelViewModel panel(FakeSimulatorServices services) {
        SimulatorPanelViewModel vm = new SimulatorPanelViewModel(services, new ImmediateTaskRunner());
        vm.speedProperty().set(PlaybackSpeed.MAX);
        return vm;
    }

    @Test
    void playAsksThePortToPlayTheChosenScenarioOnAClockAtItsStartAndShowsWhatWasWritten() {
        FakeSimulatorServices services = new FakeSimulatorServices();
        SimulatorPanelViewModel vm = panel(services);
        assertThat(vm.scenarioNames()).containsExactly("glassware", "data-drift", SimulatorPanelViewModel.RECORDED_FILE);
        assertThat(vm.replay().sweepProperty().get()).isEqualTo("a-sweep");

        vm.selectScenario("data-drift");
        vm.play();

        Scenario played = ScenarioReader.resolve("data-drift");
        assertThat(services.clocks).hasSize(1);
        assertThat(services.clocks.get(0).speed()).isEqualTo(PlaybackSpeed.MAX.factor);
        assertThat(services.modelChanges).containsExactly(true);
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.readingsProperty().get()).isEqualTo(12);
        assertThat(vm.labelsProperty().get()).isEqualTo(10);
        assertThat(vm.statusProperty().get()).isEqualTo("Finished " + played.name() + ": 12 readings and 10 labels written");
    }

    @Test
    void aScenarioThePortDoesNotKnowIsNamedAndNothingPlays() {
        FakeSimulatorServices services = new FakeSimulatorServices();
        SimulatorPanelViewModel vm = panel(services);
        vm.selectScenario("nowhere");
        vm.play();
        assertThat(services.clocks).isEmpty();
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo("No scenario named 'nowhere'");
    }

    @Test
    void aPlayThatFailsStopsThePanelAndSaysWhy() {
        FakeSimulatorServices services = new FakeSimulatorServices();
        services.playFails = new IllegalStateException("the disk is full");
        SimulatorPanelViewModel vm = panel(services);
        vm.play();
        assertThat(services.clocks).hasSize(1);
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.pausedProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo("Simulation failed: the disk is full");
    }

    @Test
    void withAVersionInProductionThePortIsAskedToPlayOnlyOnceAnsweredAndWithoutModelChangesWhenSoAnswered() {
        FakeSimulatorServices services = new FakeSimulatorServices();
        services.inProduction.add("glassware v1");
        SimulatorPanelViewModel vm = panel(services);
        vm.selectScenario("glassware"); // trains and promotes on 2019-07-11
        vm.play();
        assertThat(vm.confirmationProperty().get()).isNotNull();
        assertThat(services.clocks).isEmpty();

        vm.answer(PlayConfirmation.Choice.WITHOUT_MODEL_CHANGES);
        assertThat(services.modelChanges).containsExactly(false);
        assertThat(vm.statusProperty().get()).startsWith("Finished glassware");
    }

    @Test
    void aRecordedFileTheSettingsCannotReadIsNotPlayed() {
        FakeSimulatorServices services = new FakeSimulatorServices();
        SimulatorPanelViewModel vm = panel(services);
        vm.selectScenario(SimulatorPanelViewModel.RECORDED_FILE);
        vm.replay().choose(Path.of("missing.csv"));
        vm.play();
        assertThat(services.clocks).isEmpty();
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).contains("missing.csv");
    }
}
