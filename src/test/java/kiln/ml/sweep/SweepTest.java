package kiln.ml.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import kiln.cli.bench.GlasswareRows;
import kiln.domain.ProgressSink;
import kiln.domain.Run;
import kiln.domain.UserFacingException;
import kiln.ml.DataWindow;
import kiln.ml.ModelArtifact;
import kiln.ml.MulticlassRows;
import kiln.ml.ScoringModel;
import kiln.ml.tracking.RunRepository;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {

    @TempDir
    Path dir;

    static final String SMALL = """
            name: small
            seed: 7
            split: random:0.2
            trainers:
              - trainer: cart
                grid:
                  maxDepth: [3, 6]
              - trainer: random-forest
                grid:
                  numTrees: [5]
                  maxDepth: [4]
            """;

    @Test
    void seedFileExpandsToTheSeedGrid() {
        SweepSpec spec = SweepSpec.load(Path.of("sample-data/sweeps/glassware-seed.yaml"));
        List<SweepPlan.PlannedRun> plan = SweepPlan.expand(spec);
        assertThat(plan).hasSize(12);
        assertThat(plan).filteredOn(p -> p.trainer().equals("cart")).extracting(p -> p.params().get("maxDepth")).containsExactly(3, 5, 10);
        assertThat(plan).filteredOn(p -> p.trainer().equals("random-forest")).hasSize(9);
        assertThat(spec.window()).isEqualTo(DataWindow.parse("2019-07-01..2019-07-10"));
        assertThat(spec.split().toString()).isEqualTo("random:0.2");
        assertThat(spec.seed()).isEqualTo(42);
    }

    @Test
    void randomSearchIsReproducibleFromItsSeed() {
        String yaml = """
                seed: %d
                trainers:
                  - trainer: extra-trees
                    random:
                      samples: 6
                      ranges:
                        numTrees: [5, 200]
                        minChildWeight: [1, 20]
                      choices:
                        maxDepth: [4, 8, 12]
                """;
        List<SweepPlan.PlannedRun> a = SweepPlan.expand(SweepSpec.parse(yaml.formatted(1), "a.yaml"));
        List<SweepPlan.PlannedRun> b = SweepPlan.expand(SweepSpec.parse(yaml.formatted(1), "a.yaml"));
        List<SweepPlan.PlannedRun> c = SweepPlan.expand(SweepSpec.parse(yaml.formatted(2), "a.yaml"));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(a).allSatisfy(p -> {
            assertThat((Integer) p.params().get("numTrees")).isBetween(5, 200);
            assertThat(List.of(4, 8, 12)).contains((Integer) p.params().get("maxDepth"));
        });
    }

    @Test
    void badSweepFilesNameFileAndField() {
        assertThatThrownBy(() -> SweepSpec.parse("trainers:\n  - trainer: cart\n    grid:\n      maxDepth: [3, 0]\n", "s.yaml"))
                .isInstanceOf(UserFacingException.class)
                .hasMessage("Sweep file s.yaml, field trainers[0].grid.maxDepth: maxDepth must be between 1 and 64, not 0");
        assertThatThrownBy(() -> SweepSpec.parse("trainers:\n  - trainer: svm\n", "s.yaml")).hasMessageContaining("trainers[0].trainer");
        assertThatThrownBy(() -> SweepSpec.parse("split: half\ntrainers: []\n", "s.yaml")).hasMessageContaining("field split");
        assertThatThrownBy(() -> SweepSpec.parse("trainers: [\n", "s.yaml")).hasMessageContaining("s.yaml, line");
        assertThatThrownBy(() -> SweepSpec.parse("trainer: cart\n", "s.yaml")).hasMessageContaining("field trainer: unknown key");
    }

    @Test
    void runsAreTrackedReusedWhenEqualAndSearchable() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("k.duckdb"))) {
            GlasswareRows.insert(store, 3_000, 5);
            DataWindow window = new DataWindow(GlasswareRows.start(), GlasswareRows.end(3_000));
            SweepRequest request = new SweepRequest(SweepSpec.parse(SMALL, "small.yaml"), "glassware", window, List.of(), 2);
            SweepResult first = new SweepRunner(store).run(request, ProgressSink.NONE, SweepListener.NONE);
            assertThat(first.outcomes()).extracting(SweepResult.Outcome::state).containsOnly(SweepListener.RunState.FINISHED);
            assertThat(first.best()).isPresent();
            Run best = first.best().get().run();
            assertThat(best.metric("accuracy")).isGreaterThan(0.85);
            assertThat(best.rowsTrain()).isEqualTo(2_400);
            assertThat(best.confusion()[0][0] + best.confusion()[0][1] + best.confusion()[1][0] + best.confusion()[1][1]).isEqualTo(600);
            assertThat(best.artifactSha256()).hasSize(64);

            RunRepository repo = new RunRepository(store);
            byte[] artifact = repo.artifact(best.runId()).orElseThrow();
            assertThat(ModelArtifact.sha256(artifact)).isEqualTo(best.artifactSha256());
            assertThat(ScoringModel.load(artifact).probability(355, 12, 30)).isGreaterThan(0.5);
            assertThat(repo.curves(best.runId()).orElseThrow().calibration()).hasSize(10);

            SweepResult again = new SweepRunner(store).run(request, ProgressSink.NONE, SweepListener.NONE);
            assertThat(again.outcomes()).extracting(SweepResult.Outcome::state).containsOnly(SweepListener.RunState.REUSED);
            assertThat(again.outcomes()).extracting(o -> o.run().metrics()).isEqualTo(first.outcomes().stream().map(o -> o.run().metrics()).toList());
            assertThat(repo.search("", 100)).hasSize(3);

            repo.tag(best.runId(), "best");
            repo.tag(best.runId(), "best");
            repo.annotate(best.runId(), "seed grid winner");
            assertThat(repo.search("tags = best", 100)).singleElement().satisfies(r -> {
                assertThat(r.tags()).containsExactly("best");
                assertThat(r.note()).isEqualTo("seed grid winner");
            });
            assertThat(repo.search("trainer = cart and params.maxDepth in 3..5", 100)).singleElement()
                    .satisfies(r -> assertThat(r.params()).containsEntry("maxDepth", 3));
            assertThat(repo.search("metrics.accuracy >= 0 and (trainer = 'random-forest' or params.maxDepth = 6)", 100)).hasSize(2);
            assertThat(repo.search("status = finished and metrics.accuracy > 1", 100)).isEmpty();
            repo.untag(best.runId(), "best");
            assertThat(repo.search("tags = best", 100)).isEmpty();
            assertThat(repo.get(best.runId()).orElseThrow().tags()).isEmpty();
        }
    }

    @Test
    void aMultiClassSweepRanksByMacroF1AndLabelsItsMatrixWithTheClassValues() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("m.duckdb"))) {
            List<String> catalogue = List.of("drizzle", "fog", "rain", "snow", "sun");
            MulticlassRows rows = MulticlassRows.write(store, new MulticlassRows.Spec("weather", "VARCHAR",
                    List.of("rain", "sun", "fog", "drizzle", "snow"), new double[] {0.4, 0.4, 0.1, 0.07, 0.03}, catalogue, 2.0, 2_000, 10,
                    "hail", 10, 21));
            SweepSpec spec = SweepSpec.parse(SMALL.replace("split: random:0.2", "split: random:0.2\nmetric: f1"), "small.yaml");
            SweepResult result = new SweepRunner(store).run(new SweepRequest(spec, "weather", rows.window(), List.of(), 2), ProgressSink.NONE,
                    SweepListener.NONE);
            assertThat(result.outcomes()).extracting(SweepResult.Outcome::state).containsOnly(SweepListener.RunState.FINISHED);
            assertThat(result.rows()).isEqualTo(2_000);
            Run best = result.best().orElseThrow().run();
            double bestF1 = result.outcomes().stream().mapToDouble(o -> o.run().metric("f1")).max().orElseThrow();
            assertThat(best.metric("f1")).isEqualTo(bestF1).isBetween(0.0, 1.0);
            assertThat(best.confusion()).hasDimensions(5, 5);
            assertThat(Arrays.stream(best.confusion()).flatMapToLong(Arrays::stream).sum()).isEqualTo(best.rowsTest());

            RunRepository repo = new RunRepository(store);
            assertThat(repo.classes(best.runId())).contains(catalogue);
            assertThat(repo.get(best.runId()).orElseThrow().classes()).isEqualTo(catalogue); // labels the run's confusion matrix
            assertThat(ScoringModel.load(repo.artifact(best.runId()).orElseThrow()).classes()).isEqualTo(catalogue);
            assertThat(repo.search("metrics.recall[rain] >= 0 and metrics.f1 > 0", 100)).hasSize(3);
            assertThat(repo.search("metrics.recall[rain] > 1", 100)).isEmpty();
        }
    }

    @Test
    void equalMetricValuesGoToTheLowerLogLossThenTheEarlierRun() {
        SweepSpec byAccuracy = SweepSpec.parse(SMALL, "small.yaml");
        List<SweepResult.Outcome> outcomes = List.of(
                outcome(0, 5, Run.FINISHED, 0.9, 0.30),
                outcome(1, 4, Run.FINISHED, 0.9, 0.25),
                outcome(2, 3, Run.FINISHED, 0.9, 0.25),
                outcome(3, 9, Run.FINISHED, 0.8, 0.10),
                outcome(4, 2, Run.FAILED, 0.95, 0.05));
        assertThat(SweepRunner.best(outcomes, byAccuracy)).isEqualTo(2);
        SweepSpec byLogLoss = SweepSpec.parse(SMALL.replace("split: random:0.2", "split: random:0.2\nmetric: log_loss"), "small.yaml");
        assertThat(SweepRunner.best(outcomes, byLogLoss)).isEqualTo(3);
    }

    private static SweepResult.Outcome outcome(int index, long runId, String status, double accuracy, double logLoss) {
        Map<String, Double> metrics = Map.of("accuracy", accuracy, "log_loss", logLoss);
        Run run = new Run(runId, 1L, "cart", Map.of(), metrics, null, status, null, null, null, "weather", null, null, List.of(), "random:0.2",
                null, null, null, 1L, null, null, List.of(), null);
        return new SweepResult.Outcome(index, "cart", Map.of(), SweepListener.RunState.FINISHED, run, null);
    }

    @Test
    void cancellingMidRunRecordsTheRunAsCancelledAndSkipsTheRest() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("c.duckdb"))) {
            GlasswareRows.insert(store, 2_000, 9);
            DataWindow window = new DataWindow(GlasswareRows.start(), GlasswareRows.end(2_000));
            AtomicBoolean cancelled = new AtomicBoolean();
            ProgressSink sink = new ProgressSink() {
                @Override
                public void progress(long done, long total, String message) {}

                @Override
                public boolean isCancelled() {
                    return cancelled.get();
                }
            };
            SweepListener cancelOnFirstStart = new SweepListener() {
                @Override
                public void runUpdated(RunProgress p) {
                    if (p.state() == RunState.RUNNING) {
                        cancelled.set(true);
                    }
                }
            };
            SweepResult result = new SweepRunner(store).run(new SweepRequest(SweepSpec.parse(SMALL, "small.yaml"), "glassware", window,
                    List.of(), 1), sink, cancelOnFirstStart);
            assertThat(result.cancelled()).isTrue();
            assertThat(result.outcomes()).extracting(SweepResult.Outcome::state).containsExactly(SweepListener.RunState.CANCELLED,
                    SweepListener.RunState.SKIPPED, SweepListener.RunState.SKIPPED);
            assertThat(result.best()).isEmpty();
            List<Run> runs = new RunRepository(store).search("status = cancelled", 10);
            assertThat(runs).singleElement().satisfies(r -> {
                assertThat(r.params()).isEqualTo(Map.of("featureFraction", 1.0, "maxDepth", 3, "minChildWeight", 5.0, "randomSplitPoints", false));
                assertThat(r.durationMs()).isNotNull();
            });
        }
    }
}
