package kiln.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import kiln.domain.ModelVersion;
import kiln.domain.ProgressSink;
import kiln.ml.DataWindow;
import kiln.ml.FeatureEncoding;
import kiln.ml.RunTrainer;
import kiln.ml.Trainers;
import kiln.ml.TrainingData;
import kiln.ml.TrainingDataLoader;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.sweep.SweepResult;
import kiln.ml.sweep.SweepRunner;
import kiln.ml.sweep.SweepSpec;
import kiln.registry.ModelRegistry;
import kiln.scoring.Scorer;
import kiln.store.KilnStore;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln bench score}: Kiln's production scorer (store → CART depth 10 → predicted_quality)
 * against a plain loop in the same process (streaming JDBC read, Tribuo {@code Model.predict} per
 * Example, Appender write) over the same readings.
 */
@Command(name = "score", description = "Kiln's scorer vs a plain JDBC + Tribuo + Appender loop, CART depth 10.")
public final class ScoreBench implements Callable<Integer> {

    private static final String POSITIVE = "1";

    @Option(names = "--rows", defaultValue = "9000000", description = "Readings to score (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--train-rows", defaultValue = "20000", description = "Readings the two models are trained on (default: ${DEFAULT-VALUE}).")
    int trainRows;

    @Mixin
    BenchRun bench;

    @Override
    public Integer call() throws Exception {
        return bench.inTempFolder("kiln-bench-score", this::measure);
    }

    private BenchReport measure(Path dir) throws Exception {
        BenchReport report = new BenchReport();
        try (KilnStore store = KilnStore.open(dir.resolve("score.duckdb"))) {
            long t0 = System.nanoTime();
            GlasswareRows.insert(store, rows, 20_190_701L);
            store.write(conn -> {
                try (Statement st = conn.createStatement()) {
                    // The same shape and key as predicted_quality, so both sides pay for the same index.
                    st.execute("CREATE TABLE raw_prediction (pid BIGINT PRIMARY KEY, model_version INTEGER, process_time TIMESTAMP, "
                            + "predicted_quality INTEGER, probability DOUBLE, scored_at TIMESTAMP)");
                }
                return null;
            });
            report.put("rows", rows).put("insert_s", seconds(t0));

            DataWindow trainWindow = new DataWindow(GlasswareRows.start(), GlasswareRows.end(Math.min(trainRows, rows)));
            t0 = System.nanoTime();
            Model<Label> rawModel = trainRawCart(store, trainWindow);
            int version = registerKilnCart(store, trainWindow);
            report.put("train_rows", Math.min(trainRows, rows)).put("train_s", seconds(t0));

            // Raw baseline first, so any JIT warm-up favours Kiln's figure less, not more.
            resetPeaks();
            t0 = System.nanoTime();
            long rawRows = rawLoop(store, rawModel);
            double rawSeconds = seconds(t0);
            long rawPeak = heapPeakMb();

            resetPeaks();
            t0 = System.nanoTime();
            ModelRegistry registry = new ModelRegistry(store, Instant::now);
            Scorer.CatchUp c = new Scorer(store, registry, "glassware", Instant::now).catchUp(ProgressSink.NONE);
            double kilnSeconds = seconds(t0);
            long kilnPeak = heapPeakMb();

            report.put("kiln_rows", c.scored()).put("raw_rows", rawRows).put("model_version", version)
                    .put("kiln_s", kilnSeconds).put("raw_s", rawSeconds).put("ratio", rawSeconds / kilnSeconds)
                    .put("kiln_rows_per_s", Math.round(c.scored() / kilnSeconds)).put("raw_rows_per_s", Math.round(rawRows / rawSeconds))
                    .put("kiln_peak_heap_mb", kilnPeak).put("raw_peak_heap_mb", rawPeak)
                    .put("agreement", agreement(store));
        }
        return report;
    }

    /** Kiln's way: a tracked CART depth-10 run on binned features, registered and production from before the first reading. */
    private static int registerKilnCart(KilnStore store, DataWindow window) {
        SweepSpec one = SweepSpec.parse("""
                name: bench-score
                seed: 42
                split: random:0.2
                trainers:
                  - trainer: cart
                    grid:
                      maxDepth: [10]
                """, "bench score");
        SweepResult result = new SweepRunner(store).run(new SweepRequest(one, "glassware", window, List.of(), 1), ProgressSink.NONE,
                SweepListener.NONE);
        long run = result.best().orElseThrow(() -> new IllegalStateException("The benchmark's CART run failed")).run().runId();
        Instant beforeFirstReading = GlasswareRows.start().minusDays(1).toInstant(ZoneOffset.UTC);
        ModelRegistry registry = new ModelRegistry(store, () -> beforeFirstReading);
        ModelVersion v = registry.register((int) run, "glassware", "bench", "bench");
        registry.promote("glassware", v.version(), ModelVersion.PRODUCTION, "bench", "bench");
        return v.version();
    }

    /** The baseline's model: Tribuo CART depth 10 on the raw doubles of the same window. */
    private static Model<Label> trainRawCart(KilnStore store, DataWindow window) {
        TrainingData raw = new TrainingDataLoader(store).loadRaw("glassware", window, List.of(), ProgressSink.NONE);
        int[] all = new int[raw.rows()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return Trainers.create(Trainers.CART, Map.of("maxDepth", 10), 42).train(RunTrainer.dataset(raw, all, FeatureEncoding.BIN));
    }

    /** The plain loop: one streaming read, one Tribuo prediction per row, one Appender, all on the writer thread. */
    private static long rawLoop(KilnStore store, Model<Label> model) throws Exception {
        return store.write(writer -> {
            String[] names = {"temp", "pressure", "duration"};
            long n = 0;
            LocalDateTime scoredAt = LocalDateTime.now(ZoneOffset.UTC);
            try (Connection reader = store.openReader();
                    Statement st = reader.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pid, process_time, temp, pressure, duration FROM sensor_reading");
                    DuckDBAppender out = writer.unwrap(DuckDBConnection.class).createAppender("main", "raw_prediction")) {
                double[] x = new double[3];
                while (rs.next()) {
                    long pid = rs.getLong(1);
                    LocalDateTime time = rs.getObject(2, LocalDateTime.class);
                    x[0] = rs.getDouble(3);
                    x[1] = rs.getDouble(4);
                    x[2] = rs.getDouble(5);
                    Prediction<Label> p = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, x));
                    Label good = p.getOutputScores().get(POSITIVE);
                    double prob = good == null ? 0 : good.getScore();
                    out.beginRow().append(pid).append(1).append(time).append(prob > 0.5 ? 1 : 0).append(prob).append(scoredAt).endRow();
                    n++;
                }
            }
            return n;
        });
    }

    /** Share of readings where Kiln's and the raw model's labels agree (the models differ: binned vs raw splits). */
    private static double agreement(KilnStore store) throws Exception {
        return store.read(conn -> {
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT avg(CASE WHEN k.predicted_quality = r.predicted_quality THEN 1 ELSE 0 END) FROM predicted_quality k JOIN raw_prediction r USING (pid)")) {
                rs.next();
                return rs.getDouble(1);
            }
        });
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long heapPeakMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / (1024 * 1024);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
