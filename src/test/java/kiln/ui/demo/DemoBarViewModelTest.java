package kiln.ui.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import kiln.app.DemoPort;
import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import kiln.domain.Run;
import kiln.ml.DataWindow;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepPlan;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.tracking.RunRepository;
import kiln.monitor.MonitorService;
import kiln.ops.GuidedDemo;
import kiln.store.KilnStore;
import kiln.ui.common.ImmediateTaskRunner;
import kiln.ui.common.TaskRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoBarViewModelTest {

    @TempDir
    Path dir;

    @Test
    void stepsRunInOrderAndBackShowsTheStepBeforeAgainWithoutRunningIt() {
        try (KilnStore store = KilnStore.open(dir.resolve("demo.duckdb"))) {
            GuidedDemo demo = demo(store);
            CountingRunner runner = new CountingRunner();
            RecordingActions actions = new RecordingActions();
            DemoBarViewModel model = new DemoBarViewModel(new DemoPort(demo), runner, actions);
            assertThat(model.stepTitleProperty().get()).isEqualTo("Guided demo, 10 steps");
            assertThat(model.captionProperty().get()).contains("glassware (steps 1–7)")
                    .contains("a fleet of " + GuidedDemo.FLEET_SENSORS + " sensors with a model each (steps 8–10)");
            assertThat(model.nextLabelProperty().get()).isEqualTo("▶ Explore the data");
            assertThat(model.canGoBackProperty().get()).isFalse();
            assertThat(model.canGoNextProperty().get()).isTrue();

            model.next();
            assertThat(actions.shown).containsExactly("data");
            assertThat(model.stepTitleProperty().get()).isEqualTo("1/10  Explore the data");
            assertThat(model.captionProperty().get()).contains("glass production");
            String explored = model.outcomeProperty().get();
            assertThat(explored).contains("products made");
            assertThat(model.nextLabelProperty().get()).isEqualTo("▶ Sweep");
            assertThat(model.canGoBackProperty().get()).isTrue();

            model.back();
            assertThat(actions.shown).containsExactly("data", DemoBarViewModel.INTRO_WORKSPACE);
            assertThat(model.stepTitleProperty().get()).isEqualTo("Guided demo, 10 steps");
            assertThat(model.outcomeProperty().get()).isEmpty();
            assertThat(model.canGoBackProperty().get()).isFalse();
            assertThat(model.nextLabelProperty().get()).isEqualTo("▶ Explore the data");

            model.next(); // step 1 again: shown as it was, not run a second time
            assertThat(runner.submitted).isEqualTo(1);
            assertThat(demo.nextStep()).isEqualTo(1);
            assertThat(model.outcomeProperty().get()).isEqualTo(explored);
            assertThat(actions.shown).endsWith("data");

            model.next(); // the sweep: Experiments is shown with the grid before it runs, and hears every run
            assertThat(runner.submitted).isEqualTo(2);
            assertThat(actions.shownBeforeSweep).isEqualTo("experiments");
            assertThat(actions.sweeps).singleElement().satisfies(request -> {
                assertThat(SweepPlan.expand(request.spec()).size()).isEqualTo(12);
                assertThat(request.spec().dataset()).isEqualTo("glassware");
                assertThat(request.window()).isEqualTo(DataWindow.parse("2019-07-01..2019-07-10"));
                assertThat(request.spec().window()).isEqualTo(request.window());
            });
            assertThat(actions.finishedRuns()).hasSize(12);
            assertThat(actions.shown).endsWith("experiments");

            // The best run is the most accurate, the lower log loss among equals, then the earlier run: the run the
            // Experiments and Registry screens name.
            Run best = demo.bestRun().orElseThrow();
            Run expected = new RunRepository(store).search("", 100).stream().filter(r -> Run.FINISHED.equals(r.status()))
                    .min(Comparator.comparingDouble((Run r) -> -r.metric("accuracy")).thenComparingDouble(r -> r.metric("log_loss"))
                            .thenComparingLong(Run::runId)).orElseThrow();
            assertThat(best.runId()).isEqualTo(expected.runId());
            assertThat(model.outcomeProperty().get()).startsWith("12 runs trained; best: run #" + best.runId() + " ");

            model.next();
            assertThat(model.outcomeProperty().get()).isEqualTo("glassware v1 (run #" + best.runId() + ") is in production from 2019-07-11.");
            assertThat(actions.shown).endsWith("registry");

            model.reset();
            assertThat(actions.resets).isEqualTo(1);
        }
    }

    @Test
    void aPausedStepRunsAgainOnTheNextPressAndOneThatFinishedAnywayIsShownNotRepeated() {
        try (KilnStore store = KilnStore.open(dir.resolve("demo.duckdb"))) {
            GuidedDemo demo = demo(store);
            HeldRunner runner = new HeldRunner();
            DemoBarViewModel model = new DemoBarViewModel(new DemoPort(demo), runner, new RecordingActions());

            model.next();
            assertThat(model.runningProperty().get()).isTrue();
            assertThat(model.outcomeProperty().get()).isEqualTo("Working …");
            assertThat(model.canGoNextProperty().get()).isFalse();
            assertThat(model.canGoBackProperty().get()).isFalse();
            model.pause();
            assertThat(model.runningProperty().get()).isFalse();
            assertThat(model.outcomeProperty().get()).startsWith("Paused");
            assertThat(model.nextLabelProperty().get()).isEqualTo("▶ Explore the data");
            runner.runHeld(); // the job sees the cancel and stops: the step is not done
            assertThat(demo.nextStep()).isZero();
            assertThat(model.outcomeProperty().get()).startsWith("Paused");

            model.next(); // the same step again
            assertThat(runner.jobs).hasSize(2);
            model.pause();
            runner.runHeldIgnoringCancel(); // this time the step was past its last check: it finishes anyway
            assertThat(demo.nextStep()).isEqualTo(1);
            assertThat(model.outcomeProperty().get()).as("a paused job's result does not take over the bar").startsWith("Paused");

            model.next(); // shows what the finished step said, and runs nothing
            assertThat(runner.jobs).hasSize(2);
            assertThat(model.stepTitleProperty().get()).isEqualTo("1/10  Explore the data");
            assertThat(model.outcomeProperty().get()).contains("products made");
            assertThat(model.nextLabelProperty().get()).isEqualTo("▶ Sweep");
        }
    }

    @Test
    void aStepCancelledFromTheStatusBarShowsAsPaused() {
        try (KilnStore store = KilnStore.open(dir.resolve("demo.duckdb"))) {
            GuidedDemo demo = demo(store);
            HeldRunner runner = new HeldRunner();
            DemoBarViewModel model = new DemoBarViewModel(new DemoPort(demo), runner, new RecordingActions());
            model.next();
            runner.jobs.get(0).cancel(); // the status bar's Cancel goes to the job, not through the bar
            runner.runHeld();
            assertThat(model.runningProperty().get()).isFalse();
            assertThat(model.outcomeProperty().get()).isEqualTo(DemoBarViewModel.PAUSED);
            assertThat(model.canGoNextProperty().get()).isTrue();
            assertThat(model.nextLabelProperty().get()).isEqualTo("▶ Explore the data");
            assertThat(demo.nextStep()).isZero();
        }
    }

    @Test
    void aStepThatFailsSaysWhyAndRunsAgainOnTheNextPress() {
        // A script of two steps over no database, whose first step fails once.
        List<DemoStep> steps = List.of(new DemoStep("First", "The first step.", "data", false, "m"),
                new DemoStep("Second", "The second step.", "monitor", true, "m"));
        List<String> outcomes = new ArrayList<>();
        int[] failures = {1};
        DemoScript script = new DemoScript() {
            @Override
            public List<DemoStep> steps() {
                return steps;
            }

            @Override
            public int fleetChapter() {
                return 1;
            }

            @Override
            public int fleetSensors() {
                return 3;
            }

            @Override
            public int nextStep() {
                return outcomes.size();
            }

            @Override
            public String runStep(int index, ProgressSink sink, SweepListener sweepListener) {
                if (failures[0]-- > 0) {
                    throw new IllegalStateException("the demo database is locked");
                }
                outcomes.add("step " + (index + 1) + " done");
                return outcomes.get(index);
            }

            @Override
            public Optional<String> outcome(int index) {
                return index < outcomes.size() ? Optional.of(outcomes.get(index)) : Optional.empty();
            }

            @Override
            public Optional<SweepRequest> sweepAhead() {
                return Optional.empty();
            }
        };
        CountingRunner runner = new CountingRunner();
        RecordingActions actions = new RecordingActions();
        DemoBarViewModel model = new DemoBarViewModel(script, runner, actions);
        assertThat(model.stepTitleProperty().get()).isEqualTo("Guided demo, 2 steps");
        assertThat(model.captionProperty().get()).contains("glassware (steps 1–1), then a fleet of 3 sensors with a model each (steps 2–2)");

        model.next();
        assertThat(model.outcomeProperty().get()).isEqualTo("Stopped: the demo database is locked — press the step again to continue.");
        assertThat(model.nextLabelProperty().get()).isEqualTo("▶ First");
        assertThat(actions.shown).isEmpty();

        model.next();
        assertThat(runner.submitted).isEqualTo(2);
        assertThat(model.outcomeProperty().get()).isEqualTo("step 1 done");
        assertThat(actions.shown).containsExactly("data");
        model.next(); // the second step follows its run: its workspace is shown before and after
        assertThat(actions.shown).containsExactly("data", "monitor", "monitor");
        assertThat(model.nextLabelProperty().get()).isEqualTo("The end");
        assertThat(model.canGoNextProperty().get()).isFalse();
    }

    private static GuidedDemo demo(KilnStore store) {
        return new GuidedDemo(store, new MonitorService(store, MonitorService.newestReadingClock(store)));
    }

    /** Records what the demo asked the workbench to show. */
    private static final class RecordingActions implements DemoBarViewModel.Actions {
        final List<String> shown = new ArrayList<>();
        final List<SweepRequest> sweeps = new ArrayList<>();
        final List<SweepListener.RunProgress> runEvents = new CopyOnWriteArrayList<>();
        String shownBeforeSweep;
        int resets;

        @Override
        public void showWorkspace(String id) {
            shown.add(id);
        }

        @Override
        public SweepListener showSweep(SweepRequest request) {
            shownBeforeSweep = shown.isEmpty() ? null : shown.get(shown.size() - 1);
            sweeps.add(request);
            return new SweepListener() {
                @Override
                public void runUpdated(RunProgress progress) {
                    runEvents.add(progress);
                }
            };
        }

        @Override
        public void reset() {
            resets++;
        }

        List<Integer> finishedRuns() {
            return runEvents.stream().filter(p -> p.state() == SweepListener.RunState.FINISHED).map(SweepListener.RunProgress::index)
                    .distinct().toList();
        }
    }

    /** Runs jobs at once and counts them. */
    private static final class CountingRunner implements TaskRunner {
        private final ImmediateTaskRunner immediate = new ImmediateTaskRunner();
        int submitted;

        @Override
        public <T> Handle submit(String title, Job<T> job, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            submitted++;
            return immediate.submit(title, job, onSuccess, onFailure);
        }
    }

    /** Holds each job until the test runs it, as a worker would later; a cancelled job sees it through its sink. */
    private static final class HeldRunner implements TaskRunner {
        final List<Held<?>> jobs = new ArrayList<>();

        private static final class Held<T> implements Handle {
            final Job<T> job;
            final Consumer<? super T> onSuccess;
            final Consumer<? super Throwable> onFailure;
            volatile boolean cancelled;
            boolean done;

            Held(Job<T> job, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
                this.job = job;
                this.onSuccess = onSuccess;
                this.onFailure = onFailure;
            }

            void run(boolean seeCancel) {
                done = true;
                ProgressSink sink = new ProgressSink() {
                    @Override
                    public void progress(long d, long total, String message) {}

                    @Override
                    public boolean isCancelled() {
                        return seeCancel && cancelled;
                    }
                };
                T result;
                try {
                    result = job.run(sink);
                } catch (JobCancelledException e) {
                    return;
                } catch (Exception e) {
                    onFailure.accept(e);
                    return;
                }
                onSuccess.accept(result); // as FxTaskRunner: a job that ends well after a cancel still reports
            }

            @Override
            public void cancel() {
                cancelled = true;
            }

            @Override
            public boolean isDone() {
                return done;
            }
        }

        @Override
        public <T> Handle submit(String title, Job<T> job, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            Held<T> held = new Held<>(job, onSuccess, onFailure);
            jobs.add(held);
            return held;
        }

        void runHeld() {
            jobs.stream().filter(h -> !h.done).forEach(h -> h.run(true));
        }

        void runHeldIgnoringCancel() {
            jobs.stream().filter(h -> !h.done).forEach(h -> h.run(false));
        }
    }
}
