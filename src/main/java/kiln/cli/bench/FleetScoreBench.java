package kiln.cli.bench;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import kiln.domain.ModelVersion;
import kiln.domain.ProgressSink;
import kiln.ml.DataWindow;
import kiln.ml.ScoringModel;
import kiln.ml.SplitSpec;
import kiln.ml.family.PerGroupListener;
import kiln.ml.family.PerGroupRequest;
import kiln.ml.family.PerGroupResult;
import kiln.ml.family.PerGroupTrainer;
import kiln.ml.sweep.SweepSpec;
import kiln.ml.tracking.RunRepository;
import kiln.registry.ModelRegistry;
import kiln.scoring.Scorer;
import kiln.store.KilnStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln bench fleet-score}: scoring by group ({@code score_s}) against the plain
 * single-model scorer on the same readings, and the heap that loaded members take ({@code heap_mb}).
 * A family of one CART (depth 6) per sensor plus a pooled one is trained per group and promoted; the
 * plain model is the pooled run registered as a model of its own, so both sides score the same rows
 * with trees of the same depth. Each side scores first with a fresh scorer (cold: the family loads its
 * members), then again with the same scorer after its predictions are deleted and the table checkpointed
 * (cached: the figures).
 */
@Command(name = "fleet-score", description = "Scoring by group (a CART per sensor) vs the single-model scorer on the same readings; "
        + "heap of N loaded members.")
public final class FleetScoreBench implements Callable<Integer> {

    private static final long SEED = 42;
    static final String FAMILY = "bench-fleet";
    static final String PLAIN = "bench-plain";

    @Option(names = "--groups", defaultValue = "1000", description = "Sensors (default: ${DEFAULT-VALUE}).")
    int groups;

    @Option(names = "--readings", defaultValue = "9000000",
            description = "Readings scored, spread evenly over the sensors (default: ${DEFAULT-VALUE}).")
    long readings;

    @Option(names = "--train-rows", defaultValue = "1000", description = "Labelled rows per sensor its member trains on (default: ${DEFAULT-VALUE}).")
    int trainRows;

    @Option(names = "--members", defaultValue = "10000", description = "Members loaded at once for heap_mb (0: skip; default: ${DEFAULT-VALUE}).")
    int members;

    @Mixin
    BenchRun bench;

    @Override
    public Integer call() throws Exception {
        return bench.inTempFolder("kiln-bench-fleet-score", dir -> {
            BenchReport report = new BenchReport();
            measure(dir, groups, readings, trainRows, members, report);
            return report;
        });
    }

    /** Puts score_s, plain_score_s, their ratio, the cold figures and heap_mb into {@code report}. */
    static void measure(Path dir, int groups, long readings, int trainRows, int members, BenchReport report) throws Exception {
        int perGroup = (int) Math.max(1, (readings + groups - 1) / groups);
        try (KilnStore store = KilnStore.open(dir.resolve("score.duckdb"))) {
            long t0 = System.nanoTime();
            FleetRows.insert(store, groups, trainRows + perGroup, SEED);
            report.put("groups", groups).put("readings", (long) groups * perGroup).put("insert_s", seconds(t0));

            t0 = System.nanoTime();
            DataWindow window = new DataWindow(FleetRows.START, FleetRows.end(trainRows));
            Map<String, List<Object>> grid = new LinkedHashMap<>();
            grid.put("maxDepth", List.of(6));
            SweepSpec sweep = new SweepSpec("bench-fleet-score", null, SEED, SplitSpec.DEFAULT, "accuracy", null, null, List.of(),
                    List.of(new SweepSpec.TrainerSweep("cart", grid, 0, Map.of(), Map.of())));
            PerGroupResult trained = new PerGroupTrainer(store).run(new PerGroupRequest(sweep, "glassware", window, List.of(),
                    Math.min(PerGroupRequest.DEFAULT_MIN_ROWS, trainRows), 0, true), ProgressSink.NONE, PerGroupListener.NONE);
            if (trained.pooled() == null) {
                throw new IllegalStateException("The pooled CART of the benchmark's family did not train");
            }
            Instant promotedAt = window.end().toInstant(ZoneOffset.UTC);
            ModelRegistry registry = new ModelRegistry(store, () -> promotedAt);
            Map<String, Integer> runs = new LinkedHashMap<>();
            trained.groups().forEach(g -> runs.put(g.group(), (int) g.runId()));
            runs.put(ModelVersion.POOLED, (int) trained.pooled().runId());
            List<ModelVersion> family = registry.families().registerFamily(FAMILY, runs, "bench", "bench");
            registry.families().promoteFamily(FAMILY, family.stream().map(ModelVersion::version).toList(), "bench", "bench", promotedAt);
            ModelVersion plain = registry.register((int) trained.pooled().runId(), PLAIN, "bench", "bench");
            registry.promote(PLAIN, plain.version(), ModelVersion.PRODUCTION, "bench", "bench", promotedAt);
            report.put("members", family.size()).put("train_s", seconds(t0));

            Scorer plainScorer = new Scorer(store, registry, PLAIN, Instant::now);
            Scorer familyScorer = new Scorer(store, registry, FAMILY, Instant::now);
            // Cold plain, cold family, then the cached passes the other way round (family, plain): a load that drifts
            // over the run weighs on both figures alike, and the last pass, the best warmed up, is the plain one.
            Timed plainCold = time(store, plainScorer);
            Timed familyCold = time(store, familyScorer);
            Timed familyWarm = time(store, familyScorer);
            Timed plainWarm = time(store, plainScorer);
            if (familyWarm.rows() != plainWarm.rows()) {
                throw new IllegalStateException("The family scored " + familyWarm.rows() + " readings and the plain model " + plainWarm.rows());
            }
            report.put("score_baseline", "the pooled member's run registered as a plain model of its own and scored by the production "
                    + "scorer (Scorer, no family): the same readings, trees of the same depth, the same prediction table; "
                    + "the family scores each reading by its sensor's member")
                    .put("scored", familyWarm.rows())
                    .put("score_s", familyWarm.seconds()).put("plain_score_s", plainWarm.seconds()).put("ratio", plainWarm.seconds() / familyWarm
                            .seconds())
                    .put("score_cold_s", familyCold.seconds()).put("plain_score_cold_s", plainCold.seconds())
                    .put("cold_ratio", plainCold.seconds() / familyCold.seconds())
                    .put("members_loaded_cold", familyCold.catchUp().family().membersLoaded())
                    .put("members_loaded_cached", familyWarm.catchUp().family().membersLoaded());
            if (members > 0) {
                heap(store, runs.values().stream().toList(), members, report);
            }
        }
    }

    private record Timed(double seconds, long rows, Scorer.CatchUp catchUp) {
    }

    /** One catch-up of {@code scorer} over every reading, after deleting the predictions and watermarks of any earlier one. */
    private static Timed time(KilnStore store, Scorer scorer) throws Exception {
        store.writeTransaction(conn -> {
            try (Statement st = conn.createStatement()) {
                st.execute("DELETE FROM predicted_quality");
                st.execute("DELETE FROM scoring_watermark");
            }
            return null;
        });
        // Without a checkpoint each pass would insert its keys beside the last pass's deleted ones, every pass more of them.
        store.write(conn -> {
            try (Statement st = conn.createStatement()) {
                st.execute("CHECKPOINT");
            }
            return null;
        });
        System.gc();
        long t0 = System.nanoTime();
        Scorer.CatchUp c = scorer.catchUp(ProgressSink.NONE);
        return new Timed(seconds(t0), c.scored(), c);
    }

    /**
     * heap_mb: the heap {@code count} loaded members hold, as a cache that never evicts would (each
     * member's artifact loaded again until there are {@code count}); the used heap after a full GC
     * with them held, minus before. Also the time a member takes to load on one thread.
     */
    private static void heap(KilnStore store, List<Integer> runIds, int count, BenchReport report) {
        RunRepository repo = new RunRepository(store);
        List<byte[]> artifacts = new ArrayList<>();
        runIds.forEach(r -> artifacts.add(repo.artifact(r).orElseThrow()));
        long before = usedAfterGc();
        List<ScoringModel> held = new ArrayList<>(count);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            held.add(ScoringModel.load(artifacts.get(i % artifacts.size())));
        }
        double loadMs = (System.nanoTime() - t0) / 1e6 / count;
        long after = usedAfterGc();
        report.put("heap_members", held.size()).put("heap_mb", (after - before) / (1024.0 * 1024.0))
                .put("member_kb", (after - before) / 1024.0 / held.size()).put("member_load_ms", loadMs)
                .put("artifact_kb_mean", artifacts.stream().mapToLong(a -> a.length).average().orElse(0) / 1024.0);
        held.clear();
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
