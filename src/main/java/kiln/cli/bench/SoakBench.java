package kiln.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import kiln.domain.ModelVersion;
import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.ml.DataWindow;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.sweep.SweepResult;
import kiln.ml.sweep.SweepRunner;
import kiln.ml.sweep.SweepSpec;
import kiln.monitor.MonitorService;
import kiln.registry.ModelRegistry;
import kiln.scoring.Scorer;
import kiln.sim.SimulationClock;
import kiln.sim.SimulationEngine;
import kiln.sim.SimulationSummary;
import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioReader;
import kiln.store.KilnStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln bench soak}: plays a glassware-rule scenario of {@code --rows} products at max speed
 * into a temporary database. After a warm-up of three simulated days a CART is trained on the first
 * labelled day and promoted; from then on every committed batch is scored by the production scorer
 * and the monitor is updated (as the workbench does). The heap after a full GC and the live thread
 * count are sampled at the end of each quarter of the readings.
 * A long run is healthy when the last quarter's heap is within 10 % of the first's and the thread
 * count does not grow. The raw baseline is the heap of the same JVM before the run.
 */
@Command(name = "soak", description = "Simulate + score + monitor N readings at max speed; heap after GC and threads per quarter.")
public final class SoakBench implements Callable<Integer> {

    /** The glassware reference scenario with its cadence shortened so that millions of products fit in one run. */
    private static final String SCENARIO = """
            name: soak
            description: glassware rules, one product every 2 s
            seed: 42
            start: 2019-07-01T00:00:00Z
            products: %d
            first_id: 1
            pid_offset: 900000000
            cadence: 2s
            jitter: 2s
            sensors: 4
            label_delay: {delay: 2d, align: day}
            features:
              - {name: temp,     uniform: [350, 360],   noise: 0.2}
              - {name: pressure, normal:  [12, 2],      noise: 0.2}
              - {name: duration, uniform: [28.5, 32.5], noise: 0.2}
            regimes:
              - from_id: 1
                rule: {temp: [351, 359], pressure: [8, 15], duration: [28, 32]}
            changes:
              - {type: concept_change, at: 2019-07-10T00:00:00Z, rule: {temp: [354, 359], pressure: [8, 15], duration: [28, 32]}}
            actions: []
            """;

    /** Simulated days before the model exists: the first day's labels arrive at midnight two days later. */
    private static final int WARM_UP_DAYS = 3;

    @Mixin
    BenchRun bench;

    @Option(names = "--rows", defaultValue = "20000000", description = "Readings to simulate (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--batch-rows", defaultValue = "100000",
            description = "Readings per committed batch (default ${DEFAULT-VALUE}, as kiln simulate at max speed).")
    int batchRows;

    @Option(names = "--dir", description = "Folder for the temporary database (default: the system temp folder).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        long warmUpRows = WARM_UP_DAYS * 86_400L / 2;
        if (rows < 4 * warmUpRows || rows > Integer.MAX_VALUE) {
            throw new UserFacingException("--rows: must be between " + 4 * warmUpRows + " (four times the warm-up) and "
                    + Integer.MAX_VALUE + ", not " + rows);
        }
        return bench.inTempFolder(dir == null ? Path.of(System.getProperty("java.io.tmpdir")) : dir, "kiln-soak", this::measure);
    }

    private BenchReport measure(Path folder) throws Exception {
        Path db = folder.resolve("soak.duckdb");
        Scenario scenario = ScenarioReader.parse("soak.yaml", String.format(Locale.ROOT, SCENARIO, rows));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        BenchReport report = new BenchReport().put("rows", rows);
        try (KilnStore store = KilnStore.open(db)) {
            Instant warmUpEnd = scenario.start().plus(Duration.ofDays(WARM_UP_DAYS));
            new SimulationEngine(store, scenario, scenario.seed(), SimulationEngine.clockFor(scenario, SimulationClock.MAX))
                    .batchRows(batchRows).until(warmUpEnd).run(ProgressSink.NONE);
            long t0 = System.nanoTime();
            trainAndPromote(store, scenario.start());
            report.put("train_s", (System.nanoTime() - t0) / 1e9);
            long remaining = rows - store.read(conn -> {
                try (var st = conn.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM sensor_reading")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });

            SimulationEngine engine = new SimulationEngine(store, scenario, scenario.seed(), SimulationEngine.clockFor(scenario, SimulationClock.MAX))
                    .batchRows(batchRows);
            MonitorService monitor = new MonitorService(store, () -> engine.clock().now());
            Scorer scorer = new Scorer(store, new ModelRegistry(store, () -> engine.clock().now()), MODEL, () -> engine.clock().now());
            report.put("heap_before_mb", heapAfterGcMb(memory)).put("warm_up_days", WARM_UP_DAYS);
            int threadsStart = threads.getThreadCount();
            List<Double> heapPerQuarter = new ArrayList<>();
            List<Integer> threadsPerQuarter = new ArrayList<>();
            long[] monitorNanos = {0};
            long[] scoreNanos = {0};
            long[] scored = {0};
            engine.addListener(p -> {
                long t = System.nanoTime();
                scored[0] += scorer.catchUp(ProgressSink.NONE).scored();
                long t1 = System.nanoTime();
                monitor.update();
                scoreNanos[0] += t1 - t;
                monitorNanos[0] += System.nanoTime() - t1;
                // A sample when the readings after the warm-up cross the end of a quarter (batches are far smaller than a quarter).
                while (heapPerQuarter.size() < 4 && p.readingsSent() >= remaining * (heapPerQuarter.size() + 1) / 4) {
                    heapPerQuarter.add(heapAfterGcMb(memory));
                    threadsPerQuarter.add(threads.getThreadCount());
                }
            });
            t0 = System.nanoTime();
            SimulationSummary s = engine.run(ProgressSink.NONE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            report.put("readings_written", s.readingsWritten()).put("labels_written", s.labelsWritten())
                    .put("seconds", seconds).put("readings_per_s", s.readingsWritten() / seconds)
                    .put("predictions_written", scored[0])
                    .put("score_share", scoreNanos[0] / 1e9 / seconds)
                    .put("monitor_share", monitorNanos[0] / 1e9 / seconds)
                    .put("heap_per_quarter_mb", heapPerQuarter)
                    .put("heap_first_quarter_mb", heapPerQuarter.get(0))
                    .put("heap_last_quarter_mb", heapPerQuarter.get(heapPerQuarter.size() - 1))
                    .put("growth", heapPerQuarter.get(heapPerQuarter.size() - 1) / heapPerQuarter.get(0) - 1)
                    .put("threads_start", threadsStart)
                    .put("threads_per_quarter", threadsPerQuarter)
                    .put("threads_end", threads.getThreadCount())
                    .put("db_mb", Files.size(db) / (1024.0 * 1024.0));
        }
        return report;
    }

    private static final String MODEL = "soak";

    /** A CART depth 5 on the first labelled day, registered and production from before the first reading. */
    private static void trainAndPromote(KilnStore store, Instant start) {
        SweepSpec one = SweepSpec.parse("""
                name: soak
                seed: 42
                split: random:0.2
                trainers:
                  - trainer: cart
                    grid:
                      maxDepth: [5]
                """, "bench soak");
        DataWindow firstDay = new DataWindow(LocalDateTime.ofInstant(start, ZoneOffset.UTC),
                LocalDateTime.ofInstant(start.plus(Duration.ofDays(1)), ZoneOffset.UTC));
        SweepResult result = new SweepRunner(store).run(new SweepRequest(one, "glassware", firstDay, List.of(), 1),
                ProgressSink.NONE, SweepListener.NONE);
        long run = result.best().orElseThrow(() -> new IllegalStateException("The soak's CART run failed")).run().runId();
        ModelRegistry registry = new ModelRegistry(store, () -> start.minus(Duration.ofDays(1)));
        ModelVersion v = registry.register((int) run, MODEL, "bench soak", "bench");
        registry.promote(MODEL, v.version(), ModelVersion.PRODUCTION, "bench soak", "bench");
    }

    /** Used heap after a full collection (twice: the first may only queue finalizable objects). */
    private static double heapAfterGcMb(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return Math.round(memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0) * 10) / 10.0;
    }
}
