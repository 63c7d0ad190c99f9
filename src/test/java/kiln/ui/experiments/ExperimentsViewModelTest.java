package kiln.ui.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import kiln.app.ExperimentsPort;
import kiln.cli.bench.GlasswareRows;
import kiln.domain.ProgressSink;
import kiln.domain.Run;
import kiln.domain.UserFacingException;
import kiln.ml.DataWindow;
import kiln.ml.SplitSpec;
import kiln.ml.Trainers;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepSpec;
import kiln.store.KilnStore;
import kiln.ui.common.ImmediateTaskRunner;
import kiln.ui.common.TaskRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentsViewModelTest {

    static final int ROWS = 600;
    @TempDir
    static Path dir;
    static KilnStore store;

    /** Collects UI-thread hops so the test thread runs them, like the FX thread would, one at a time. */
    static final class QueuedUiThread implements Executor {
        final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void drain() {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
            }
        }
    }

    @BeforeAll
    static void load() throws Exception {
        store = KilnStore.open(dir.resolve("exp.duckdb"));
        GlasswareRows.insert(store, ROWS, 3);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    static ExperimentsViewModel model(QueuedUiThread ui) {
        ExperimentsViewModel m = new ExperimentsViewModel(new ExperimentsPort(store), new ImmediateTaskRunner(), ui);
        m.start();
        m.form().workersProperty().set(1);
        return m;
    }

    /** Runs cart at depths 1 and 4 (a weak and a good tree) unless they exist already, and lists the runs. */
    static ExperimentsViewModel withRuns(QueuedUiThread ui) {
        ExperimentsViewModel m = model(ui);
        m.form().nameProperty().set("vm-test");
        m.form().trainer(Trainers.CART).param("maxDepth").textProperty().set("1, 4");
        assertThat(m.startSweep()).isTrue();
        ui.drain();
        assertThat(m.sweepRunningProperty().get()).isFalse();
        return m;
    }

    @Test
    void opensTheFirstDataSetWithItsFeaturesAndTheFirstTenDays() {
        ExperimentsViewModel m = model(new QueuedUiThread());
        assertThat(m.datasets()).contains("glassware");
        assertThat(m.form().datasetProperty().get()).isEqualTo("glassware");
        assertThat(m.form().features()).extracting(SweepForm.FeatureChoice::name).containsExactly("temp", "pressure", "duration");
        assertThat(m.form().fromProperty().get()).isEqualTo(LocalDate.of(2019, 7, 1));
        // 600 products every 7.5 minutes span a little over three days: the window stops at the last one.
        assertThat(m.form().toProperty().get()).isEqualTo(GlasswareRows.end(ROWS).toLocalDate());
        assertThat(m.plannedRunsProperty().get()).isEqualTo("3 runs, best by accuracy");
    }

    @Test
    void theFormBecomesTheSweepSpecItDescribes() {
        SweepForm form = new SweepForm();
        form.datasetProperty().set("glassware");
        form.setFeatures(List.of("temp", "pressure", "duration"));
        form.features().get(1).selectedProperty().set(false);
        form.fromProperty().set(LocalDate.of(2019, 7, 1));
        form.toProperty().set(LocalDate.of(2019, 7, 10));
        form.trainer(Trainers.CART).param("maxDepth").textProperty().set("3, 5,10");
        form.trainer(Trainers.RANDOM_FOREST).enabledProperty().set(true);
        form.trainer(Trainers.RANDOM_FOREST).param("numTrees").textProperty().set("10 25");
        form.splitProperty().set(SplitSpec.Kind.TIME);
        form.testPercentProperty().set(30);
        form.seedProperty().set("7");
        form.metricProperty().set("f1");
        SweepSpec spec = form.toSpec();
        assertThat(spec.window()).isEqualTo(DataWindow.parse("2019-07-01..2019-07-10"));
        assertThat(spec.features()).containsExactly("temp", "duration");
        assertThat(spec.seed()).isEqualTo(7);
        assertThat(spec.split()).isEqualTo(new SplitSpec(SplitSpec.Kind.TIME, 0.3, 1));
        assertThat(spec.metric()).isEqualTo("f1");
        assertThat(spec.trainers()).hasSize(2);
        assertThat(spec.trainers().get(0).grid()).isEqualTo(Map.of("maxDepth", List.of(3, 5, 10)));
        assertThat(spec.trainers().get(1).grid()).isEqualTo(Map.of("numTrees", List.of(10, 25)));
        assertThat(spec.trainers()).noneMatch(SweepSpec.TrainerSweep::random);

        form.searchProperty().set(SweepForm.Search.RANDOM);
        form.samplesProperty().set(4);
        form.trainer(Trainers.CART).param("minChildWeight").textProperty().set("1..20");
        SweepSpec random = form.toSpec();
        assertThat(random.trainers().get(0).samples()).isEqualTo(4);
        assertThat(random.trainers().get(0).choices()).isEqualTo(Map.of("maxDepth", List.of(3, 5, 10)));
        assertThat(random.trainers().get(0).ranges().get("minChildWeight")).containsExactly(1, 20);
    }

    @Test
    void formMistakesNameTheFieldAndReason() {
        SweepForm form = new SweepForm();
        form.datasetProperty().set("glassware");
        form.fromProperty().set(LocalDate.of(2019, 7, 1));
        form.toProperty().set(LocalDate.of(2019, 7, 10));
        form.trainer(Trainers.CART).param("maxDepth").textProperty().set("3, 99");
        assertThatThrownBy(form::toSpec).isInstanceOf(UserFacingException.class)
                .hasMessage("Decision tree (CART), parameter maxDepth: maxDepth must be between 1 and 64, not 99");
        form.trainer(Trainers.CART).param("maxDepth").textProperty().set("2..8");
        assertThatThrownBy(form::toSpec).hasMessageContaining("needs random search");
        form.trainer(Trainers.CART).enabledProperty().set(false);
        assertThatThrownBy(form::toSpec).hasMessage("Trainers: tick at least one trainer");
        form.trainer(Trainers.CART).enabledProperty().set(true);
        form.trainer(Trainers.CART).param("maxDepth").textProperty().set("");
        form.toProperty().set(LocalDate.of(2019, 6, 1));
        assertThatThrownBy(form::toSpec).hasMessage("Window: the last day (2019-06-01) is before the first (2019-07-01)");
    }

    @Test
    void theSeedGridFileFillsTheForm() {
        ExperimentsViewModel m = model(new QueuedUiThread());
        SweepForm form = m.form();
        LocalDate from = form.fromProperty().get();
        LocalDate to = form.toProperty().get();
        m.loadSeedGrid();
        assertThat(m.formErrorProperty().get()).isEmpty();
        assertThat(form.nameProperty().get()).isEqualTo("seed-grid");
        assertThat(form.trainer(Trainers.CART).param("maxDepth").textProperty().get()).isEqualTo("3, 5, 10");
        assertThat(form.trainer(Trainers.RANDOM_FOREST).param("numTrees").textProperty().get()).isEqualTo("10, 25, 50");
        assertThat(form.fromProperty().get()).as("the grid keeps the chosen window").isEqualTo(from);
        assertThat(form.toProperty().get()).isEqualTo(to);
        assertThat(m.plannedRunsProperty().get()).isEqualTo("12 runs, best by accuracy");
        assertThat(form.toSpec().trainers()).isEqualTo(SweepSpec.load(ExperimentsViewModel.SEED_SWEEP).trainers().stream()
                .map(t -> new SweepSpec.TrainerSweep(t.trainer(), t.grid(), 0, Map.of(), Map.of())).toList());
    }

    @Test
    void aSweepFillsTheBoardAndTheRunsTableAndHighlightsTheBest() {
        QueuedUiThread ui = new QueuedUiThread();
        ExperimentsViewModel m = withRuns(ui);
        assertThat(m.board().rows()).hasSize(2).allSatisfy(r -> assertThat(r.state())
                .isIn(SweepListener.RunState.FINISHED, SweepListener.RunState.REUSED));
        assertThat(m.board().summaryProperty().get()).startsWith("Finished · ").contains("best of this sweep: run #");
        List<Run> cart = m.runs().stream().filter(r -> r.trainer().equals("cart")).toList();
        assertThat(cart).hasSizeGreaterThanOrEqualTo(2);
        // the highest accuracy; equal ones go to the lower log-loss, then to the older run
        Run byAccuracy = cart.stream().min(Comparator.comparingDouble((Run r) -> -r.metric("accuracy"))
                .thenComparingDouble(r -> r.metric("log_loss")).thenComparingLong(Run::runId)).orElseThrow();
        assertThat(m.bestRunIdProperty().get()).isEqualTo(byAccuracy.runId());
        // the scatter offers the listed runs' numeric parameters, by name
        assertThat(m.scatterParams()).contains("maxDepth").isSorted().allSatisfy(p -> assertThat(m.runs())
                .anySatisfy(r -> assertThat(r.params() == null ? null : r.params().get(p)).isInstanceOf(Number.class)));

        m.bestMetricProperty().set("log_loss");
        Run byLogLoss = m.runs().stream().filter(r -> Run.FINISHED.equals(r.status()))
                .min((a, b) -> Double.compare(a.metric("log_loss"), b.metric("log_loss"))).orElseThrow();
        assertThat(m.bestRunIdProperty().get()).isEqualTo(byLogLoss.runId());
    }

    @Test
    void theFilterLanguageNarrowsTheRunsAndExplainsMistakes() {
        ExperimentsViewModel m = withRuns(new QueuedUiThread());
        int all = m.runs().size();
        m.filterTextProperty().set("trainer = cart and params.maxDepth = 4");
        m.applyFilter();
        assertThat(m.filterErrorProperty().get()).isEmpty();
        assertThat(m.runs()).isNotEmpty().allSatisfy(r -> assertThat(r.params()).containsEntry("maxDepth", 4));
        assertThat(m.runs().size()).isLessThan(all);
        assertThat(m.statusProperty().get()).endsWith("match the filter");

        m.filterTextProperty().set("metrics.accuracy >> 0.9");
        m.applyFilter();
        assertThat(m.filterErrorProperty().get()).startsWith("Filter error at column 19: ")
                .endsWith("\n  metrics.accuracy >> 0.9\n  " + " ".repeat(18) + "^");
        assertThat(m.runs()).allSatisfy(r -> assertThat(r.params()).containsEntry("maxDepth", 4)); // the last good result stays

        m.filterTextProperty().set("params.maxDepth in (1, 4) and");
        m.applyFilter();
        assertThat(m.filterErrorProperty().get()).contains("expected a field (e.g. metrics.accuracy) at the end of the filter");

        m.filterTextProperty().set("");
        m.applyFilter();
        assertThat(m.filterErrorProperty().get()).isEmpty();
        assertThat(m.runs()).hasSize(all);
    }

    @Test
    void selectingRunsDiffsThemAndLoadsTheirCurves() {
        ExperimentsViewModel m = withRuns(new QueuedUiThread());
        List<Run> two = new ArrayList<>(m.runs().stream().filter(r -> r.trainer().equals("cart")).limit(2).toList());
        m.selected().setAll(two.get(0));
        assertThat(m.comparisonProperty().get()).isNull();
        m.selected().setAll(two);
        RunComparison c = m.comparisonProperty().get();
        assertThat(c.runs()).containsExactlyElementsOf(two);
        assertThat(c.differingRows()).extracting(RunComparison.Row::name).contains("maxDepth", "accuracy")
                .doesNotContain("trainer", "minChildWeight", "window", "seed");
        assertThat(c.rows()).filteredOn(r -> r.name().equals("trainer")).singleElement()
                .satisfies(r -> assertThat(r.values()).containsExactly("cart", "cart"));
        assertThat(RunComparison.varyingNumericParams(two)).containsExactly("maxDepth");
        assertThat(m.curvesProperty().get()).containsOnlyKeys(two.get(0).runId(), two.get(1).runId());
        assertThat(m.curvesProperty().get().get(two.get(0).runId()).roc()).isNotEmpty();
    }

    @Test
    void tagsAndNotesReachTheTableAndTheFilter() {
        ExperimentsViewModel m = withRuns(new QueuedUiThread());
        Run best = m.bestRun();
        m.selected().setAll(best);
        m.tagSelected("vm-best");
        m.annotateSelected("deepest tree wins");
        m.filterTextProperty().set("tags = 'vm-best'");
        m.applyFilter();
        assertThat(m.runs()).singleElement().satisfies(r -> {
            assertThat(r.runId()).isEqualTo(best.runId());
            assertThat(r.note()).isEqualTo("deepest tree wins");
        });
        assertThat(m.selected()).singleElement().satisfies(r -> assertThat(r.tags()).contains("vm-best"));
    }

    @Test
    void registerBestGoesToTheHookOnlyWhenOneIsSet() {
        ExperimentsViewModel m = withRuns(new QueuedUiThread());
        m.registerBest(); // no hook: nothing happens, nothing fails
        List<Run> registered = new ArrayList<>();
        m.onRegisterRequestedProperty().set(registered::add);
        m.registerBest();
        assertThat(registered).extracting(Run::runId).containsExactly(m.bestRunIdProperty().get());
    }

    @Test
    void progressFromWorkersIsCoalescedIntoOneUiUpdate() {
        QueuedUiThread ui = new QueuedUiThread();
        SweepBoard board = new SweepBoard(ui, () -> 5_000_000_000L);
        for (int i = 0; i < 500; i++) {
            board.runUpdated(new SweepListener.RunProgress(i % 5, "cart", Map.of("maxDepth", i % 5), SweepListener.RunState.RUNNING,
                    (long) i, i / 500.0, "Training"));
            board.sweepUpdated(new SweepListener.SweepProgress(i / 100, 5, i * 10L, 5_000 - i * 10L));
        }
        assertThat(ui.tasks).hasSize(1);
        ui.drain();
        assertThat(board.flushCount()).isEqualTo(1);
        assertThat(board.rows()).hasSize(5);
        assertThat(board.rows().get(4).runId()).isEqualTo(499L);
        // runs started but none trained yet: no pace to go by
        assertThat(board.summaryProperty().get()).isEqualTo("4 of 5 runs · 5 s elapsed · estimating…");
    }

    /** Runs jobs at once, like {@link ImmediateTaskRunner}, and cancels each once it reported {@code runs} runs done. */
    static final class CancelAfterRuns implements TaskRunner {
        final int runs;

        CancelAfterRuns(int runs) {
            this.runs = runs;
        }

        @Override
        public <T> Handle submit(String title, Job<T> job, Consumer<? super T> onSuccess,
                Consumer<? super Throwable> onFailure) {
            boolean[] cancelled = {false};
            ProgressSink sink = new ProgressSink() {
                @Override
                public void progress(long done, long total, String message) {
                    cancelled[0] |= done >= runs;
                }

                @Override
                public boolean isCancelled() {
                    return cancelled[0];
                }
            };
            try {
                onSuccess.accept(job.run(sink));
            } catch (Exception e) {
                onFailure.accept(e);
            }
            return new Handle() {
                @Override
                public void cancel() {
                    cancelled[0] = true;
                }

                @Override
                public boolean isDone() {
                    return true;
                }
            };
        }
    }

    @Test
    void afterACancelTheSummaryAndTheStarNameTheSameBestRunEvenOnATie(@TempDir Path own) throws Exception {
        QueuedUiThread ui = new QueuedUiThread();
        // a store of its own: the runs of the other tests stay out of the table
        KilnStore fresh = KilnStore.open(own.resolve("cancel.duckdb"));
        GlasswareRows.insert(fresh, ROWS, 3);
        ExperimentsViewModel m = new ExperimentsViewModel(new ExperimentsPort(fresh), new CancelAfterRuns(2), ui);
        m.start();
        ui.drain();
        m.form().workersProperty().set(1);
        // deeper than any tree grows on these rows: the first two runs are the same tree, a tie on every metric
        m.form().trainer(Trainers.CART).param("maxDepth").textProperty().set("40, 41, 42, 43");
        m.filterTextProperty().set("trainer = cart and params.maxDepth in (40, 41, 42, 43)");
        assertThat(m.startSweep()).isTrue();
        ui.drain();

        String summary = m.board().summaryProperty().get();
        assertThat(summary).startsWith("Cancelled · 2 trained");
        List<Run> trained = m.runs().stream().filter(r -> Run.FINISHED.equals(r.status())).toList();
        assertThat(trained).hasSize(2);
        assertThat(trained.get(0).metric("accuracy")).isEqualTo(trained.get(1).metric("accuracy"));
        long older = Math.min(trained.get(0).runId(), trained.get(1).runId());
        assertThat(m.bestRunIdProperty().get()).isEqualTo(older);
        assertThat(summary).contains("best of this sweep: run #" + older + " ");
        m.dispose();
        fresh.close();
    }
}
