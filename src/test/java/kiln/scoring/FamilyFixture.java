package kiln.scoring;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import kiln.domain.ProgressSink;
import kiln.domain.ingest.ImportRequest;
import kiln.ml.DataWindow;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.sweep.SweepResult;
import kiln.ml.sweep.SweepRunner;
import kiln.ml.sweep.SweepSpec;
import kiln.store.KilnStore;
import kiln.store.ingest.ImportService;

/**
 * A grouped data set for model families: 20 sensors, each with its own rule for the binary label
 * {@code ok} over x1 and x2 (the rule's direction turns with the sensor, so a pooled model cannot
 * learn it and a per-sensor one can), x3 noise. Sensors 1-16 read every 10 minutes for four days;
 * sensors 17-19 every hour (too few labelled rows for a member of their own); sensor 20 first reads
 * after the training window. Per-group runs (group_key = the sensor) and pooled runs are trained into
 * one experiment, as a per-group training leaves them.
 */
public final class FamilyFixture {

    public static final String DATASET = "fleet";
    public static final LocalDateTime START = LocalDateTime.of(2024, 5, 1, 0, 0);
    /** Training uses the first two days; production starts after them. */
    public static final LocalDateTime TRAIN_END = START.plusDays(2);
    public static final LocalDateTime END = START.plusDays(4);
    public static final int GROUPS = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private FamilyFixture() {}

    /** One reading with its label. */
    record Row(long id, LocalDateTime time, int sensor, double x1, double x2, double x3, int ok) {
    }

    /** The readings, time-ordered, ids unique. */
    static List<Row> rows(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>();
        for (int s = 1; s <= GROUPS; s++) {
            int stepMinutes = s >= 17 && s <= 19 ? 60 : 10;
            LocalDateTime first = s == GROUPS ? TRAIN_END : START;
            double angle = 2 * Math.PI * s / GROUPS;
            for (LocalDateTime t = first.plusSeconds(s); t.isBefore(END); t = t.plusMinutes(stepMinutes)) {
                double x1 = gauss(rng);
                double x2 = gauss(rng);
                double x3 = rng.nextDouble();
                int ok = Math.cos(angle) * x1 + Math.sin(angle) * x2 + 0.15 * gauss(rng) > 0 ? 1 : 0;
                rows.add(new Row(0, t, s, x1, x2, x3, ok));
            }
        }
        rows.sort((a, b) -> a.time().compareTo(b.time()));
        List<Row> numbered = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            numbered.add(new Row(i + 1, r.time(), r.sensor(), r.x1(), r.x2(), r.x3(), r.ok()));
        }
        return numbered;
    }

    static Path write(Path file, List<Row> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id,ts,sensor,x1,x2,x3,ok\n");
            for (Row r : rows) {
                w.write(String.format(Locale.ROOT, "%d,%s,%d,%.4f,%.4f,%.4f,%d%n", r.id(), TIME.format(r.time()), r.sensor(), r.x1(), r.x2(),
                        r.x3(), r.ok()));
            }
        }
        return file;
    }

    /** Imports the data set as {@link #DATASET} with sensor as its group column. */
    public static void importAll(KilnStore store, Path dir, List<Row> rows) throws IOException {
        new ImportService(store).importFile(new ImportRequest(write(dir.resolve("fleet.csv"), rows), DATASET, "id", "ts", "sensor", "ok", null,
                ImportRequest.DEFAULT_TOLERANCE), ProgressSink.NONE);
    }

    private static SweepSpec spec() {
        return SweepSpec.parse("""
                name: per-group-test
                seed: 7
                split: random:0.2
                metric: accuracy
                trainers:
                  - trainer: cart
                    grid:
                      maxDepth: [2, 5]
                """, "per-group-test.yaml");
    }

    /**
     * Trains the pooled runs on every sensor and, per sensor with rows in the training window, runs on
     * that sensor's rows alone (trained on a scratch data set of its rows, then filed under the
     * family's data set and experiment with group_key = the sensor). Returns the experiment id.
     */
    public static long trainPerGroup(KilnStore store, Path dir, List<Row> rows) throws Exception {
        DataWindow window = new DataWindow(START, TRAIN_END);
        SweepResult pooled = new SweepRunner(store).run(new SweepRequest(spec(), DATASET, window, List.of("x1", "x2", "x3"), 1),
                ProgressSink.NONE, SweepListener.NONE);
        long experiment = pooled.experimentId();
        Map<Integer, List<Row>> bySensor = new LinkedHashMap<>();
        rows.forEach(r -> bySensor.computeIfAbsent(r.sensor(), k -> new ArrayList<>()).add(r));
        for (Map.Entry<Integer, List<Row>> e : bySensor.entrySet()) {
            if (e.getValue().stream().noneMatch(r -> r.time().isBefore(TRAIN_END))) {
                continue; // first seen after training: no runs
            }
            String scratch = "scratch_" + e.getKey();
            new ImportService(store).importFile(new ImportRequest(write(dir.resolve(scratch + ".csv"), e.getValue()), scratch, "id", "ts", null,
                    "ok", null, ImportRequest.DEFAULT_TOLERANCE), ProgressSink.NONE);
            SweepResult one = new SweepRunner(store).run(new SweepRequest(spec(), scratch, window, List.of("x1", "x2", "x3"), 1),
                    ProgressSink.NONE, SweepListener.NONE);
            for (SweepResult.Outcome o : one.outcomes()) {
                fileUnder(store, o.run().runId(), experiment, String.valueOf(e.getKey()));
            }
        }
        return experiment;
    }

    private static void fileUnder(KilnStore store, long runId, long experiment, String group) throws Exception {
        store.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE run SET experiment_id = ?, dataset = ?, group_key = ? WHERE run_id = ?")) {
                ps.setLong(1, experiment);
                ps.setString(2, DATASET);
                ps.setString(3, group);
                ps.setLong(4, runId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static double gauss(SplittableRandom rng) {
        double u = Math.max(rng.nextDouble(), 1e-12);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
