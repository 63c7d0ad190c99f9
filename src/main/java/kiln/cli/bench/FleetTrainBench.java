package kiln.cli.bench;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import kiln.domain.ProgressSink;
import kiln.ml.DataWindow;
import kiln.ml.SplitSpec;
import kiln.ml.Trainers;
import kiln.ml.family.PerGroupListener;
import kiln.ml.family.PerGroupRequest;
import kiln.ml.family.PerGroupResult;
import kiln.ml.family.PerGroupTrainer;
import kiln.ml.sweep.SweepSpec;
import kiln.store.KilnStore;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln bench fleet-train}: training per group ({@code train_s}). First the seed grid is
 * trained per group on a few sensors to find its best trainer (the configuration most groups pick);
 * then that trainer is trained for every one of N sensors Kiln's way (one read, worker pool, every run
 * tracked) against a plain single-threaded Tribuo loop over the same groups, in the same process. Both
 * leave out the pooled model: a plain Tribuo forest on a million raw rows takes many minutes, and the
 * figure is about the groups. Kiln packs and stores every group's model and the plain loop keeps
 * nothing, so {@code raw_pack_s} reports what packing the loop's models with Tribuo costs, apart.
 */
@Command(name = "fleet-train", description = "Per-group training of N sensors with the seed grid's best trainer: Kiln (--per-group) "
        + "vs a plain Tribuo loop over the same groups.")
public final class FleetTrainBench implements Callable<Integer> {

    private static final long SEED = 42;
    private static final String[] FEATURES = {"temp", "pressure", "duration"};

    @Option(names = "--groups", defaultValue = "1000", description = "Sensors (default: ${DEFAULT-VALUE}).")
    int groups;

    @Option(names = "--group-rows", defaultValue = "1000", description = "Labelled rows per sensor (default: ${DEFAULT-VALUE}).")
    int groupRows;

    @Option(names = "--pick-groups", defaultValue = "10", description = "Sensors the whole seed grid is trained on to pick its best trainer "
            + "(default: ${DEFAULT-VALUE}).")
    int pickGroups;

    @Option(names = "--workers", defaultValue = "0", description = "Kiln's training workers (default: one per core).")
    int workers;

    @Mixin
    BenchRun bench;

    @Override
    public Integer call() throws Exception {
        return bench.inTempFolder("kiln-bench-fleet-train", dir -> {
            BenchReport report = new BenchReport();
            measure(dir, groups, groupRows, pickGroups, workers, report);
            return report;
        });
    }

    /** Puts {@code train_s}, {@code raw_train_s}, their ratio and the facts behind them into {@code report} (a fleet bench may reuse it). */
    static void measure(Path dir, int groups, int groupRows, int pickGroups, int workers, BenchReport report) throws Exception {
        int minRows = Math.min(PerGroupRequest.DEFAULT_MIN_ROWS, groupRows);
        DataWindow window = new DataWindow(FleetRows.START, FleetRows.end(groupRows));
        SweepSpec.TrainerSweep best;
        try (KilnStore store = KilnStore.open(dir.resolve("pick.duckdb"))) {
            FleetRows.insert(store, pickGroups, groupRows, SEED + 1);
            PerGroupResult pick = new PerGroupTrainer(store).run(new PerGroupRequest(SweepSpec.resolve(SweepSpec.SEED_GRID), "glassware", window,
                    List.of(), minRows, workers, false), ProgressSink.NONE, PerGroupListener.NONE);
            Map<String, Integer> wins = new LinkedHashMap<>();
            Map<String, PerGroupResult.GroupBest> byConfig = new LinkedHashMap<>();
            for (PerGroupResult.GroupBest g : pick.groups()) {
                String config = g.trainer() + g.params();
                wins.merge(config, 1, Integer::sum);
                byConfig.putIfAbsent(config, g);
            }
            String top = wins.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            PerGroupResult.GroupBest chosen = byConfig.get(top);
            Map<String, List<Object>> grid = new LinkedHashMap<>();
            chosen.params().forEach((k, v) -> grid.put(k, List.of(v)));
            best = new SweepSpec.TrainerSweep(chosen.trainer(), grid, 0, Map.of(), Map.of());
            report.put("pick_groups", pickGroups).put("pick_runs", pick.runs()).put("trainer", chosen.trainer())
                    .put("params", chosen.params()).put("pick_wins", wins.get(top))
                    .put("pick_artifact_mb", artifactMegabytes(store, pick.experimentId()))
                    .put("pick_runs_with_artifact", runsWithArtifact(store, pick.experimentId()));
        }
        SweepSpec sweep = new SweepSpec("bench-fleet-train", null, SEED, SplitSpec.DEFAULT, "accuracy", null, null, List.of(), List.of(best));
        try (KilnStore store = KilnStore.open(dir.resolve("fleet.duckdb"))) {
            FleetRows.insert(store, groups, groupRows, SEED);

            // The plain loop first, so any JIT warm-up favours Kiln's figure less, not more.
            long t0 = System.nanoTime();
            RawOutcome raw = rawLoop(store, window, best, sweep.split());
            double rawSeconds = seconds(t0) - raw.packSeconds();

            t0 = System.nanoTime();
            PerGroupResult kiln = new PerGroupTrainer(store).run(new PerGroupRequest(sweep, "glassware", window, List.of(), minRows, workers, false),
                    ProgressSink.NONE, PerGroupListener.NONE);
            double kilnSeconds = seconds(t0);
            double meanAccuracy = kiln.groups().stream().mapToDouble(PerGroupResult.GroupBest::metric).average().orElse(Double.NaN);
            report.put("groups", groups).put("group_rows", groupRows).put("workers", workers > 0 ? workers : Runtime.getRuntime()
                    .availableProcessors())
                    .put("groups_trained", kiln.groups().size()).put("runs", kiln.runs())
                    .put("train_s", kilnSeconds).put("raw_train_s", rawSeconds).put("ratio", rawSeconds / kilnSeconds)
                    .put("raw_read_s", raw.readSeconds()).put("raw_pack_s", raw.packSeconds())
                    .put("group_accuracy_mean", meanAccuracy).put("raw_group_accuracy_mean", raw.groupAccuracyMean())
                    .put("artifact_mb", artifactMegabytes(store, kiln.experimentId()));
        }
    }

    /** @param packSeconds time spent packing the same models with Tribuo's serialisation (not in the loop's time) */
    private record RawOutcome(double readSeconds, double groupAccuracyMean, double packSeconds) {
    }

    /** Tribuo on raw doubles: one read ordered by sensor, then for each sensor split, train and evaluate. */
    private static RawOutcome rawLoop(KilnStore store, DataWindow window, SweepSpec.TrainerSweep config, SplitSpec split) throws Exception {
        long t0 = System.nanoTime();
        List<double[]> rows = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        try (Connection conn = store.openReader();
                PreparedStatement ps = conn.prepareStatement("SELECT r.sensor_id, r.temp, r.pressure, r.duration, q.quality FROM sensor_reading r "
                        + "JOIN product_quality q ON q.pid = r.pid WHERE r.process_time >= ? AND r.process_time < ? ORDER BY r.sensor_id, r.process_time")) {
            ps.setTimestamp(1, Timestamp.valueOf(window.start()));
            ps.setTimestamp(2, Timestamp.valueOf(window.end()));
            try (ResultSet rs = ps.executeQuery()) {
                int last = Integer.MIN_VALUE;
                while (rs.next()) {
                    int sensor = rs.getInt(1);
                    if (sensor != last) {
                        starts.add(rows.size());
                        last = sensor;
                    }
                    rows.add(new double[] {rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getInt(5)});
                }
            }
        }
        starts.add(rows.size());
        double read = seconds(t0);
        Map<String, Object> params = new LinkedHashMap<>();
        config.grid().forEach((k, v) -> params.put(k, v.get(0)));
        Trainer<Label> trainer = Trainers.create(config.trainer(), params, SEED);
        double[] accuracy = new double[1];
        double sum = 0;
        long packNanos = 0;
        for (int g = 0; g + 1 < starts.size(); g++) {
            Model<Label> model = trainAndEvaluate(trainer, rows.subList(starts.get(g), starts.get(g + 1)), split, accuracy);
            sum += accuracy[0];
            long p0 = System.nanoTime();
            model.serializeToStream(new ByteArrayOutputStream());
            packNanos += System.nanoTime() - p0;
        }
        // The loop's time leaves the packing out: a plain loop keeps nothing.
        return new RawOutcome(read, sum / (starts.size() - 1), packNanos / 1e9);
    }

    /** Trains on the split's training rows; puts the accuracy on its test rows into {@code accuracy[0]}. */
    private static Model<Label> trainAndEvaluate(Trainer<Label> trainer, List<double[]> rows, SplitSpec split, double[] accuracy) {
        LabelFactory factory = new LabelFactory();
        SplitSpec.Fold fold = split.folds(rows.size(), SEED).get(0);
        MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("bench", factory), factory);
        for (int r : fold.train()) {
            train.add(example(rows.get(r)));
        }
        Model<Label> model = trainer.train(train);
        int right = 0;
        for (int r : fold.test()) {
            double[] row = rows.get(r);
            right += model.predict(example(row)).getOutput().getLabel().equals(label(row)) ? 1 : 0;
        }
        accuracy[0] = (double) right / fold.test().length;
        return model;
    }

    private static ArrayExample<Label> example(double[] row) {
        return new ArrayExample<>(new Label(label(row)), FEATURES, new double[] {row[0], row[1], row[2]});
    }

    private static String label(double[] row) {
        return row[3] > 0.5 ? "1" : "0";
    }

    /** Megabytes of the model artifacts an experiment's runs store. */
    private static double artifactMegabytes(KilnStore store, long experimentId) throws Exception {
        return runQuery(store, "SELECT coalesce(sum(model_bytes), 0) FROM run WHERE experiment_id = ?", experimentId) / 1e6;
    }

    private static long runsWithArtifact(KilnStore store, long experimentId) throws Exception {
        return runQuery(store, "SELECT count(artifact) FROM run WHERE experiment_id = ?", experimentId);
    }

    private static long runQuery(KilnStore store, String sql, long experimentId) throws Exception {
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                ps.setLong(1, experimentId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
