package kiln.cli.bench;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import kiln.domain.ProgressSink;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.TimeBounds;
import kiln.domain.eda.RowFilter;
import kiln.domain.eda.TimeWindow;
import kiln.store.KilnStore;
import kiln.store.eda.EdaQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln bench eda}: loads N glassware-like readings into a temporary database and times the
 * queries behind each Data-workspace view against a plain full-table aggregate of the same rows.
 * Each figure is the median of {@link #REPEATS} runs after one untimed warm-up of the floor query.
 */
@Command(name = "eda", description = "Time the Data workspace's queries on N synthetic readings against a full-scan floor.")
public final class EdaBench implements Callable<Integer> {

    static final int REPEATS = 3;
    static final int ENVELOPE_BUCKETS = 2000;

    @Option(names = "--rows", defaultValue = "1000000", description = "Readings to load (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed of the synthetic rows (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    BenchRun bench;

    @Override
    public Integer call() throws Exception {
        return bench.inTempFolder("kiln-bench-eda", this::measure);
    }

    private BenchReport measure(Path dir) throws Exception {
        Path file = dir.resolve("bench.duckdb");
        try (KilnStore store = KilnStore.open(file)) {
            long loadStart = System.nanoTime();
            GlasswareLikeRows.load(store, rows, seed);
            long loadMs = (System.nanoTime() - loadStart) / 1_000_000;
            EdaQueries eda = new EdaQueries(store);
            ProgressSink none = ProgressSink.NONE;
            EdaDataset ds = eda.dataset("glassware", none);
            TimeWindow all = TimeWindow.ALL;

            scan(store); // warm-up: first touch of the columns
            double scanMs = median(() -> {
                scan(store);
                return null;
            });
            Map<String, Object> views = new LinkedHashMap<>();
            views.put("profile", median(() -> eda.profile(ds, all, none)));
            views.put("label_balance", median(() -> eda.labelBalance(ds, all, none)));
            views.put("readings_per_day", median(() -> eda.readingsPerDay(ds, all, none)));
            views.put("histograms", median(() -> eda.histograms(ds, all, 40, none)));
            // the workspace knows the data set's time bounds once it is open; so does the bench
            TimeBounds bounds = eda.timeBounds(ds, all, none);
            views.put("envelope", median(() -> eda.envelope(ds, "temp", all, bounds, ENVELOPE_BUCKETS, false, none)));
            views.put("envelope_labelled", median(() -> eda.envelope(ds, "temp", all, bounds, ENVELOPE_BUCKETS, true, none)));
            views.put("scatter_sample", median(() -> eda.scatterSample(ds, all, 2000, none)));
            views.put("correlation", median(() -> eda.correlation(ds, all, none)));
            views.put("daily_boxes", median(() -> eda.dailyBoxes(ds, "temp", all, none)));
            views.put("drill_down_page", median(() -> eda.rows(ds, all, RowFilter.featureRange("temp", 350, 351, 0), 0, 100, none)));

            BenchReport report = new BenchReport().put("rows", rows).put("scan_ms", scanMs).put("views", views)
                    .put("repeats", REPEATS).put("load_ms", loadMs);
            return report;
        }
    }

    /** The floor: one aggregate over every reading column the views read. */
    private static void scan(KilnStore store) throws SQLException {
        store.read(conn -> {
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT count(*), sum(temp), sum(pressure), sum(duration), max(process_time) FROM sensor_reading")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @FunctionalInterface
    private interface Timed {
        Object run() throws Exception;
    }

    /** Median of the runs in ms, rounded to 0.1 ms. */
    private static double median(Timed work) throws Exception {
        double[] ms = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            long start = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return Math.round(ms[REPEATS / 2] * 10) / 10.0;
    }
}
