package kiln.cli.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import kiln.monitor.MonitorService;
import kiln.monitor.SyntheticHistory;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln bench monitor}: a synthetic history of {@code --rows} products (one a second; readings,
 * predictions and the labels released so far) in a temporary database, then: full_ms (recompute every
 * KPI, drift and quality window), incremental_ms (median update after one ordinary new hour lands),
 * incremental_label_release_ms (the hour at midnight, when a whole day of labels lands too), and
 * scan_ms, the floor: one plain full-table aggregate (per-day accuracy of predictions joined with labels).
 * Then pulse_p50/p99/max_ms: the JavaFX pulse interval with the real Monitor open while the simulator
 * runs at max speed and a sweep trains ({@link MonitorPulseProbe}; needs a display, else pulse_error).
 */
@Command(name = "monitor", description = "Time the monitor's incremental and full updates against a plain aggregate.")
public final class MonitorBench implements Callable<Integer> {
    private static final Instant HISTORY_END = Instant.parse("2019-07-11T23:00:00Z");

    @Mixin
    BenchRun bench;
    @Option(names = "--rows", defaultValue = "10000000", description = "Products of history (default ${DEFAULT-VALUE}).")
    long rows;
    @Option(names = "--hours", defaultValue = "4", description = "Ordinary hours landed for the incremental median (default ${DEFAULT-VALUE}).")
    int hours;
    @Option(names = "--pulse-seconds", defaultValue = "25", description = "Seconds of JavaFX pulses recorded with the Monitor "
            + "open, the simulator at max speed and a sweep training (needs a display; 0 skips; default ${DEFAULT-VALUE}).")
    int pulseSeconds;

    @Override
    public Integer call() throws Exception {
        return bench.inTempFolder("kiln-bench-monitor", this::measure);
    }

    private BenchReport measure(Path dir) throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("bench.duckdb"))) {
            SyntheticHistory history = SyntheticHistory.stable(HISTORY_END.minusSeconds(rows), 1, 0.9);
            AtomicReference<Instant> clock = new AtomicReference<>(HISTORY_END);
            BenchReport report = new BenchReport().put("rows", rows);

            long t0 = System.nanoTime();
            store.writeTransaction(conn -> {
                history.insertReadingsAndPredictions(conn, 0, rows, 1);
                history.insertLabels(conn, 0, rows, history.start(), HISTORY_END);
                registerProduction(conn, history.start(), history.start().plus(Duration.ofDays(7)));
                return null;
            });
            report.put("generate_ms", ms(t0));

            MonitorService monitor = new MonitorService(store, clock::get);
            t0 = System.nanoTime();
            monitor.update();
            report.put("first_update_ms", ms(t0)); // includes feeding every label to the detectors once
            t0 = System.nanoTime();
            monitor.recomputeAll();
            report.put("full_ms", ms(t0));

            List<Double> ordinary = new ArrayList<>();
            Instant hourStart = HISTORY_END;
            long pid = rows;
            for (int h = 0; h < hours + 1; h++) {
                Instant hourEnd = hourStart.plus(Duration.ofHours(1));
                long from = pid;
                long to = pid + 3600;
                Instant labelsFrom = hourStart;
                store.writeTransaction(conn -> {
                    history.insertReadingsAndPredictions(conn, from, to, 1);
                    history.insertLabels(conn, 0, to, labelsFrom, hourEnd);
                    return null;
                });
                clock.set(hourEnd);
                t0 = System.nanoTime();
                monitor.update();
                double took = ms(t0);
                if (h == 1) {
                    report.put("incremental_label_release_ms", took); // 00:00–01:00: a day of labels lands
                } else {
                    ordinary.add(took);
                }
                hourStart = hourEnd;
                pid = to;
            }
            ordinary.sort(Comparator.naturalOrder());
            report.put("incremental_ms", ordinary.get(ordinary.size() / 2));
            report.put("incremental_max_ms", ordinary.get(ordinary.size() - 1));

            t0 = System.nanoTime();
            store.read(conn -> {
                try (Statement st = conn.createStatement();
                        ResultSet rs = st.executeQuery(
                                "SELECT date_trunc('day', p.process_time) d, count(*), avg((p.predicted_quality = l.quality)::INTEGER) "
                                        + "FROM predicted_quality p JOIN product_quality l ON l.pid = p.pid GROUP BY d")) {
                    while (rs.next()) {
                        rs.getLong(2);
                    }
                }
                return null;
            });
            double scan = ms(t0);
            report.put("scan_ms", scan);
            report.put("full_vs_scan", report.figures().get("full_ms") instanceof Double f ? f / scan : null);
            report.put("incremental_vs_scan", ordinary.get(ordinary.size() / 2) / scan);
            if (pulseSeconds > 0) {
                MonitorPulseProbe.measure(pulseSeconds).forEach(report::put);
            }
            return report;
        }
    }

    private static void registerProduction(Connection conn, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO run (trainer, status, dataset, window_start, window_end) "
                + "VALUES ('bench', 'finished', 'glassware', ?, ?) RETURNING run_id")) {
            Timestamps.bind(ps, 1, from);
            Timestamps.bind(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int run = rs.getInt(1);
                try (Statement st = conn.createStatement()) {
                    st.execute("INSERT INTO registered_model (model_name, dataset) VALUES ('bench', 'glassware')");
                    st.execute("INSERT INTO model_version (model_name, version, run_id, created_at, alias, source) VALUES "
                            + "('bench', 1, " + run + ", TIMESTAMP '" + Timestamps.toDb(to) + "', 'production', 'run')");
                    st.execute("INSERT INTO model_event (model_name, version, action, alias, \"at\", \"by\") VALUES "
                            + "('bench', 1, 'promote', 'production', TIMESTAMP '" + Timestamps.toDb(to) + "', 'bench')");
                }
            }
        }
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
