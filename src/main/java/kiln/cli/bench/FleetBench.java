package kiln.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln bench fleet}: the fleet figures, each against its baseline measured in the same
 * run: train_s vs raw_train_s ({@code fleet-train}), score_s vs plain_score_s and heap_mb
 * ({@code fleet-score}), incremental_ms vs scan_ms ({@code fleet-monitor}) and list_filter_ms (the
 * Fleet view's group list, in a child JVM: {@code kiln.app.bench.FleetListBench}). The headline
 * figures come first, each part's full report under its name. A part that fails is reported as
 * {@code <part>_error}; the others still run.
 */
@Command(name = "fleet", description = "Fleet figures (per-group training, scoring by group, fleet monitor, group list, member heap), "
        + "each against its baseline in the same run.")
public final class FleetBench implements Callable<Integer> {

    static final List<String> PARTS = List.of("train", "score", "monitor", "list");
    private static final String LIST_MAIN_CLASS = "kiln.app.bench.FleetListBench";

    @Option(names = "--sensors", defaultValue = "1000", description = "Sensors (groups) trained, scored and monitored (default: ${DEFAULT-VALUE}).")
    int sensors;

    @Option(names = "--group-rows", defaultValue = "1000", description = "Labelled rows per sensor for training (default: ${DEFAULT-VALUE}).")
    int groupRows;

    @Option(names = "--pick-groups", defaultValue = "10",
            description = "Sensors the seed grid is trained on to pick its best trainer (default: ${DEFAULT-VALUE}).")
    int pickGroups;

    @Option(names = "--readings", defaultValue = "9000000",
            description = "Readings scored by group and by the single model (default: ${DEFAULT-VALUE}).")
    long readings;

    @Option(names = "--members", defaultValue = "10000", description = "Members loaded at once for heap_mb (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--days", defaultValue = "14", description = "Monitor: days of history (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--hours", defaultValue = "4", description = "Monitor: hours landed after the history (default: ${DEFAULT-VALUE}).")
    int hours;

    @Option(names = "--list-groups", defaultValue = "10000", description = "Groups in the Fleet view's list (default: ${DEFAULT-VALUE}).")
    int listGroups;

    @Option(names = "--only", split = ",", paramLabel = "PART,...", description = "Parts to run: train, score, monitor, list (default: all).")
    List<String> only = new ArrayList<>(PARTS);

    @Mixin
    BenchRun bench;

    @Override
    public Integer call() throws Exception {
        for (String part : only) {
            if (!PARTS.contains(part)) {
                bench.err().println("Unknown part '" + part + "' in --only; the parts are " + String.join(", ", PARTS) + ".");
                return 2;
            }
        }
        long started = System.nanoTime();
        Map<String, BenchReport> parts = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        Path dir = Files.createTempDirectory("kiln-bench-fleet-all");
        try {
            if (only.contains("train")) {
                runPart("train", parts, errors, r -> FleetTrainBench.measure(dir, sensors, groupRows, pickGroups, 0, r));
            }
            if (only.contains("score")) {
                runPart("score", parts, errors, r -> FleetScoreBench.measure(dir, sensors, readings, groupRows, members, r));
            }
            if (only.contains("monitor")) {
                runPart("monitor", parts, errors, r -> FleetMonitorBench.measure(dir, sensors, days, 6, hours, r));
            }
            if (only.contains("list")) {
                BenchReport list = new BenchReport();
                ChildJvmBench.run(LIST_MAIN_CLASS, "kiln-fleet-list", List.of("--groups", String.valueOf(listGroups)), "list_error", 600)
                        .forEach(list::put);
                parts.put("list", list);
            }
        } finally {
            TempFolders.delete(dir);
        }
        BenchReport report = new BenchReport();
        headline(report, parts.get("train"), "train_s", "raw_train_s");
        if (parts.containsKey("train")) {
            report.put("train_ratio", parts.get("train").figures().get("ratio"));
        }
        headline(report, parts.get("score"), "score_s", "plain_score_s");
        if (parts.containsKey("score")) {
            report.put("score_ratio", parts.get("score").figures().get("ratio"));
        }
        headline(report, parts.get("score"), "scored", "score_baseline");
        headline(report, parts.get("monitor"), "incremental_ms", "scan_ms", "incremental_vs_scan");
        headline(report, parts.get("list"), "list_filter_ms", "list_error");
        headline(report, parts.get("score"), "heap_mb", "heap_members");
        errors.forEach(report::put);
        report.put("wall_s", (System.nanoTime() - started) / 1e9);
        parts.forEach((name, r) -> report.put(name, r.figures()));
        bench.print(report);
        return errors.isEmpty() ? 0 : 1;
    }

    private interface Part {
        void measure(BenchReport report) throws Exception;
    }

    private void runPart(String name, Map<String, BenchReport> parts, Map<String, String> errors, Part part) {
        bench.err().println("kiln bench fleet: " + name + "…");
        bench.err().flush();
        BenchReport r = new BenchReport();
        long t0 = System.nanoTime();
        try {
            part.measure(r);
        } catch (Exception | OutOfMemoryError e) {
            errors.put(name + "_error", e.getMessage() == null ? e.toString() : e.getMessage());
        }
        r.put("part_wall_s", (System.nanoTime() - t0) / 1e9);
        parts.put(name, r);
    }

    private static void headline(BenchReport report, BenchReport part, String... keys) {
        if (part == null) {
            return;
        }
        for (String k : keys) {
            Object v = part.figures().get(k);
            if (v != null) {
                report.put(k, v);
            }
        }
    }
}
