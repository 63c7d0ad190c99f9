package kiln.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

import kiln.domain.DatasetSpec;
import kiln.monitor.fleet.FleetMonitor;
import kiln.monitor.fleet.SyntheticFleet;
import kiln.store.KilnStore;
import kiln.store.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln bench fleet-monitor}: a grouped history of {@code --sensors} groups × {@code --days} days ×
 * {@code --rows-per-hour} readings (scored and labelled) in a temporary database, then the fleet monitor
 * (per-group KPI windows and baselines, per-group rules, incidents) alone: incremental_ms, the median
 * update after one more ordinary hour of every group lands; incremental_day_end_ms, the hour after
 * midnight (a day ended: the per-group rules are judged again over every group's days); and scan_ms, a
 * full recompute of the same windows and rules from the tables.
 */
@Command(name = "fleet-monitor", description = "Time the fleet monitor's update after one more hour of every group against a full recompute.")
public final class FleetMonitorBench implements Callable<Integer> {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    @Mixin
    BenchRun bench;
    @Option(names = "--sensors", defaultValue = "1000", description = "Groups (default ${DEFAULT-VALUE}).")
    int sensors;
    @Option(names = "--days", defaultValue = "14", description = "Days of history (default ${DEFAULT-VALUE}).")
    int days;
    @Option(names = "--rows-per-hour", defaultValue = "6", description = "Readings per group and hour (default ${DEFAULT-VALUE}).")
    int rowsPerHour;
    @Option(names = "--hours", defaultValue = "4", description = "Hours landed after the history (default ${DEFAULT-VALUE}).")
    int hours;

    @Override
    public Integer call() throws Exception {
        return bench.inTempFolder("kiln-bench-fleet", dir -> {
            BenchReport report = new BenchReport();
            measure(dir, sensors, days, rowsPerHour, hours, report);
            return report;
        });
    }

    /** Puts incremental_ms, scan_ms, their ratio and the facts behind them into {@code report} ({@code kiln bench fleet} reuses it). */
    static void measure(Path dir, int sensors, int days, int rowsPerHour, int hours, BenchReport report) throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("bench.duckdb"))) {
            SyntheticFleet fleet = new SyntheticFleet("fleet-bench", START, sensors, rowsPerHour, 0.88, Duration.ofMinutes(30), 1);
            report.put("sensors", sensors).put("days", days).put("rows_per_hour", rowsPerHour)
                    .put("rows", (long) sensors * days * 24 * rowsPerHour);
            long t0 = System.nanoTime();
            DatasetSpec ds = store.writeTransaction(conn -> {
                fleet.create(conn);
                fleet.registerPooledFamily(conn, "fleet-bench-model", START.plus(Duration.ofDays(7)), START.plus(Duration.ofDays(7)));
                fleet.insertHours(conn, 0, 24L * days, 1);
                return Catalog.require(conn, "fleet-bench");
            });
            report.put("generate_ms", ms(t0));
            FleetMonitor monitor = new FleetMonitor("fleet-bench-model");
            Instant end = START.plus(Duration.ofDays(days));
            t0 = System.nanoTime();
            // "now" an hour before the history's end: the first hour landed after it ends a day, as at midnight.
            store.writeTransaction(conn -> monitor.update(conn, ds, end.minus(Duration.ofHours(1))));
            report.put("first_update_ms", ms(t0));

            List<Double> ordinary = new ArrayList<>();
            for (int h = 0; h < hours + 1; h++) {
                long hour = 24L * days + h;
                store.writeTransaction(conn -> {
                    fleet.insertHours(conn, hour, hour + 1, 1);
                    return null;
                });
                Instant now = START.plus(Duration.ofHours(hour + 1));
                t0 = System.nanoTime();
                store.writeTransaction(conn -> monitor.update(conn, ds, now));
                double took = ms(t0);
                if (h == 0) {
                    report.put("incremental_day_end_ms", took); // 00:00-01:00: yesterday ended, the rules judge it
                } else {
                    ordinary.add(took);
                }
            }
            ordinary.sort(Comparator.naturalOrder());
            double incremental = ordinary.get(ordinary.size() / 2);
            report.put("incremental_ms", incremental);
            report.put("incremental_max_ms", ordinary.get(ordinary.size() - 1));

            Instant now = START.plus(Duration.ofHours(24L * days + hours + 1));
            t0 = System.nanoTime();
            store.writeTransaction(conn -> {
                monitor.clear(conn);
                return monitor.update(conn, ds, now);
            });
            double scan = ms(t0);
            report.put("scan_ms", scan);
            report.put("incremental_vs_scan", incremental / scan);
            report.put("incremental_day_end_vs_scan", ((Double) report.figures().get("incremental_day_end_ms")) / scan);
        }
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
