package kiln.cli.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import kiln.domain.ProgressSink;
import kiln.ml.DataWindow;
import kiln.ml.FeatureEncoding;
import kiln.ml.RunTrainer;
import kiln.ml.SplitSpec;
import kiln.ml.Trainers;
import kiln.ml.TrainingData;
import kiln.ml.TrainingDataLoader;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepPlan;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.sweep.SweepResult;
import kiln.ml.sweep.SweepRunner;
import kiln.ml.sweep.SweepSpec;
import kiln.store.KilnStore;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.TreeModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln bench train}: the seed grid on glassware-like rows, Kiln's way (SQL binning, tracked
 * sweep) against Tribuo on raw doubles in the same process, plus one depth-10 CART on a million rows.
 */
@Command(name = "train", description = "Seed-grid sweep: Kiln (binned, tracked) vs Tribuo on raw features; CART depth 10 on 1M rows.")
public final class TrainBench implements Callable<Integer> {

    private static final String SEED_GRID = """
            name: bench-seed-grid
            seed: 42
            split: random:0.2
            metric: accuracy
            trainers:
              - trainer: cart
                grid:
                  maxDepth: [3, 5, 10]
              - trainer: random-forest
                grid:
                  numTrees: [10, 25, 50]
                  maxDepth: [3, 5, 10]
            """;

    @Option(names = "--rows", defaultValue = "20000", description = "Rows for the sweep (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--big-rows", defaultValue = "1000000", description = "Rows for the single CART (default: ${DEFAULT-VALUE}).")
    int bigRows;

    @Mixin
    BenchRun bench;

    @Override
    public Integer call() throws Exception {
        return bench.inTempFolder("kiln-bench-train", this::measure);
    }

    private BenchReport measure(Path dir) throws Exception {
        BenchReport report = new BenchReport();
        SweepSpec grid = SweepSpec.parse(SEED_GRID, "bench seed grid");
        try (KilnStore store = KilnStore.open(dir.resolve("sweep.duckdb"))) {
            GlasswareRows.insert(store, rows, 20_190_701L);
            DataWindow window = new DataWindow(GlasswareRows.start(), GlasswareRows.end(rows));

            // Raw baseline first, so any JIT warm-up favours Kiln's figure less, not more.
            long t0 = System.nanoTime();
            TrainingData raw = new TrainingDataLoader(store).loadRaw("glassware", window, List.of(), ProgressSink.NONE);
            double rawBest = 0;
            for (SweepPlan.PlannedRun p : SweepPlan.expand(grid)) {
                rawBest = Math.max(rawBest, RunTrainer.train(raw, p.trainer(), p.params(), grid.split(), grid.seed(), ProgressSink.NONE)
                        .metrics().accuracy());
            }
            double rawSeconds = seconds(t0);

            t0 = System.nanoTime();
            SweepResult kiln = new SweepRunner(store).run(new SweepRequest(grid, "glassware", window, List.of(), 1),
                    ProgressSink.NONE, SweepListener.NONE);
            double kilnSeconds = seconds(t0);
            double kilnBest = kiln.best().orElseThrow().run().metric("accuracy");

            report.put("rows", rows).put("runs", kiln.outcomes().size()).put("workers", 1)
                    .put("sweep_s", kilnSeconds).put("raw_sweep_s", rawSeconds).put("ratio", rawSeconds / kilnSeconds)
                    .put("best_accuracy", kilnBest).put("raw_best_accuracy", rawBest)
                    .put("accuracy_difference", Math.abs(kilnBest - rawBest));

            // The same grid again on fresh runs with one worker per core (tracked under another seed so nothing is reused).
            SweepSpec parallel = SweepSpec.parse(SEED_GRID.replace("seed: 42", "seed: 43"), "bench seed grid");
            t0 = System.nanoTime();
            new SweepRunner(store).run(new SweepRequest(parallel, "glassware", window, List.of(), 0), ProgressSink.NONE, SweepListener.NONE);
            report.put("sweep_parallel_s", seconds(t0)).put("parallel_workers", Runtime.getRuntime().availableProcessors());
        }
        try (KilnStore store = KilnStore.open(dir.resolve("big.duckdb"))) {
            GlasswareRows.insert(store, bigRows, 1L);
            DataWindow window = new DataWindow(GlasswareRows.start(), GlasswareRows.end(bigRows));
            long t0 = System.nanoTime();
            TrainingData data = new TrainingDataLoader(store).loadBinned("glassware", window, List.of(), ProgressSink.NONE);
            double load = seconds(t0);
            int[] all = new int[data.rows()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            long t1 = System.nanoTime();
            var dataset = RunTrainer.dataset(data, all, FeatureEncoding.BIN);
            double build = seconds(t1);
            t1 = System.nanoTime();
            Model<Label> model = Trainers.create(Trainers.CART, Map.of("maxDepth", 10), 1).train(dataset);
            double train = seconds(t1);
            report.put("cart_1m_rows", data.rows()).put("cart_1m_s", seconds(t0)).put("cart_1m_load_bin_s", load).put("cart_1m_dataset_s", build)
                    .put("cart_1m_train_s", train).put("cart_1m_depth", ((TreeModel<Label>) model).getDepth());
        }
        return report.put("split", SplitSpec.DEFAULT.toString());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
