package kiln.ui.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import kiln.app.SimulatorPort;
import kiln.domain.ProgressSink;
import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioReader;
import kiln.store.KilnStore;
import kiln.ui.common.ImmediateTaskRunner;
import kiln.ui.common.TaskRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorPanelViewModelTest {

    @TempDir
    Path dir;

    @Test
    void playingAtMaxSpeedWritesTheWholeScenarioAndShowsIt() {
        try (KilnStore store = KilnStore.open(dir.resolve("vm.duckdb"))) {
            SimulatorPanelViewModel vm = new SimulatorPanelViewModel(new SimulatorPort(store), new ImmediateTaskRunner());
            vm.speedProperty().set(PlaybackSpeed.MAX);
            vm.play();
            vm.refresh();
            assertThat(vm.runningProperty().get()).isFalse();
            assertThat(vm.readingsProperty().get()).isEqualTo(7999);
            assertThat(vm.labelsProperty().get()).isEqualTo(7999);
            assertThat(vm.clockTextProperty().get()).isEqualTo("2019-08-13 00:00:00");
            assertThat(vm.statusProperty().get()).startsWith("Finished glassware: 7,999 readings and 7,999 labels written");
        }
    }

    @Test
    void pauseStopsTheClockAndStepMovesItOneHour() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("vm2.duckdb"))) {
            ThreadTaskRunner runner = new ThreadTaskRunner();
            SimulatorPanelViewModel vm = new SimulatorPanelViewModel(new SimulatorPort(store), runner);
            AtomicLong wallNanos = new AtomicLong(); // moved by hand: the simulated clock moves only when the test says
            vm.setWallClock(wallNanos::get);
            vm.speedProperty().set(PlaybackSpeed.HOUR_PER_SECOND);
            vm.play();
            waitUntil(() -> vm.simulatedTime() != null); // started once the worker found nothing in production
            Instant start = vm.simulatedTime();
            wallNanos.addAndGet(TimeUnit.SECONDS.toNanos(1)); // one wall second at 3600x: one simulated hour
            waitUntil(() -> vm.simulatedTime().equals(start.plus(Duration.ofHours(1)))); // the engine took it
            vm.pause();
            Instant pausedAt = vm.simulatedTime();
            wallNanos.addAndGet(TimeUnit.HOURS.toNanos(1)); // an hour of wall time while paused: 150 simulated days at 3600x
            assertThat(vm.simulatedTime()).isEqualTo(pausedAt);
            // the hour up to the pause is written and shown
            waitUntil(() -> {
                vm.refresh();
                return vm.readingsProperty().get() > 3;
            });
            assertThat(vm.simulatedTime()).isEqualTo(pausedAt);
            vm.stepHour();
            waitUntil(() -> vm.simulatedTime().equals(pausedAt.plus(Duration.ofHours(1))));
            vm.refresh();
            long readingsAfterStep = vm.readingsProperty().get();
            assertThat(readingsAfterStep).isGreaterThan(3);
            vm.jumpTo(Instant.parse("2019-07-10T00:00:00Z"));
            waitUntil(() -> vm.simulatedTime().equals(Instant.parse("2019-07-10T00:00:00Z")));
            vm.jumpTo(Instant.parse("2019-07-02T00:00:00Z"));
            assertThat(vm.statusProperty().get()).startsWith("Cannot jump back to 2019-07-02T00:00:00Z");
            vm.speedProperty().set(PlaybackSpeed.MAX);
            vm.play();
            waitUntil(() -> !vm.runningProperty().get());
            vm.refresh();
            assertThat(vm.readingsProperty().get()).isEqualTo(7999);
        }
    }

    /** The glassware story cut to a few hundred products; its 2019-07-11 train and promote steps kept. */
    private static Scenario shortGlassware() {
        Scenario g = ScenarioReader.resolve("glassware");
        return new Scenario(g.name(), g.description(), g.seed(), g.start(), 300, g.firstId(), g.pidOffset(), g.cadence(), g.jitter(),
                g.sensors(), g.labelDelay(), g.features(), g.regimes(), g.changes(), g.actions());
    }

    /** The panel's port over {@code store}, playing the short glassware story whatever is chosen, with these versions in production. */
    private static SimulatorPort shortStory(KilnStore store, List<String> inProduction) {
        return new SimulatorPort(store) {
            @Override
            public Scenario scenario(String nameOrFile) {
                return shortGlassware();
            }

            @Override
            public List<String> productionVersions() {
                return inProduction;
            }
        };
    }

    /** A view-model at full speed over {@code port}. */
    private static SimulatorPanelViewModel panel(SimulatorPort port) {
        SimulatorPanelViewModel vm = new SimulatorPanelViewModel(port, new ImmediateTaskRunner());
        vm.speedProperty().set(PlaybackSpeed.MAX);
        return vm;
    }

    /** A view-model whose engines record the scenario steps they carry out. */
    private static SimulatorPanelViewModel recording(KilnStore store, List<String> inProduction, List<String> carriedOut) {
        SimulatorPort port = shortStory(store, inProduction);
        port.setEngineSetup(engine -> engine.setActionHandler((action, at) -> carriedOut.add(action.action())));
        return panel(port);
    }

    @Test
    void withAVersionInProductionPlayAsksBeforeTheScenarioTrainsOrPromotes() {
        try (KilnStore store = KilnStore.open(dir.resolve("ask.duckdb"))) {
            List<String> carriedOut = new ArrayList<>();
            SimulatorPanelViewModel vm = recording(store, List.of("glassware v1"), carriedOut);
            vm.setRetrainsOnAlerts(true);
            vm.play();
            PlayConfirmation question = vm.confirmationProperty().get();
            assertThat(question).isNotNull();
            assertThat(vm.runningProperty().get()).isFalse();
            assertThat(vm.readingsProperty().get()).isZero();
            assertThat(question.header()).isEqualTo("This scenario will train and promote at 2019-07-11 00:00 UTC");
            assertThat(question.details()).startsWith("glassware v1 is in production now.")
                    .contains("2019-07-11 00:00 UTC: train on 2019-07-01..2019-07-10 (sweep glassware-seed)")
                    .contains("2019-07-11 00:00 UTC: promote the best run to production")
                    .contains("a firing accuracy alert also trains a new version");

            vm.answer(PlayConfirmation.Choice.CANCEL);
            assertThat(vm.confirmationProperty().get()).isNull();
            assertThat(vm.statusProperty().get()).isEqualTo("Not started: nothing was written.");
            assertThat(carriedOut).isEmpty();

            vm.play();
            vm.answer(PlayConfirmation.Choice.WITHOUT_MODEL_CHANGES);
            vm.refresh();
            assertThat(vm.readingsProperty().get()).isEqualTo(300);
            assertThat(carriedOut).as("train and promote skipped").isEmpty();
        }
    }

    @Test
    void continuingCarriesOutTheScenarioSteps() {
        try (KilnStore store = KilnStore.open(dir.resolve("continue.duckdb"))) {
            List<String> carriedOut = new ArrayList<>();
            SimulatorPort port = shortStory(store, List.of("glassware v1"));
            boolean[] allowed = {false};
            port.setEngineSetup(engine -> {
                allowed[0] = engine.modelChangesAllowed();
                engine.setActionHandler((action, at) -> carriedOut.add(action.action()));
            });
            SimulatorPanelViewModel vm = panel(port);
            vm.play();
            vm.answer(PlayConfirmation.Choice.CONTINUE);
            assertThat(allowed[0]).isTrue();
            assertThat(carriedOut).containsExactly("train", "promote");
        }
    }

    @Test
    void withNothingInProductionPlayStartsWithoutAsking() {
        try (KilnStore store = KilnStore.open(dir.resolve("fresh.duckdb"))) {
            List<String> carriedOut = new ArrayList<>();
            SimulatorPanelViewModel vm = recording(store, List.of(), carriedOut);
            vm.play();
            assertThat(vm.confirmationProperty().get()).isNull();
            assertThat(carriedOut).containsExactly("train", "promote");
            // the real check reads the registry: an empty store has nothing in production
            assertThat(new SimulatorPort(store).productionVersions()).isEmpty();
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }

    /** Runs each job on a thread of its own; callbacks run on that thread (no FX toolkit in this test). */
    private static final class ThreadTaskRunner implements TaskRunner {
        @Override
        public <T> Handle submit(String title, Job<T> job, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            boolean[] cancelled = {false};
            Thread t = new Thread(() -> {
                try {
                    onSuccess.accept(job.run(new ProgressSink() {
                        @Override
                        public void progress(long done, long total, String message) {}

                        @Override
                        public boolean isCancelled() {
                            return cancelled[0];
                        }
                    }));
                } catch (Exception e) {
                    onFailure.accept(e);
                }
            }, "test-job");
            t.setDaemon(true);
            t.start();
            return new Handle() {
                @Override
                public void cancel() {
                    cancelled[0] = true;
                }

                @Override
                public boolean isDone() {
                    return !t.isAlive();
                }
            };
        }
    }
}
