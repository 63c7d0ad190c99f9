package kiln.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.domain.ProgressSink;
import kiln.domain.Run;
import kiln.domain.UserFacingException;
import kiln.ml.DataWindow;
import kiln.ml.family.PerGroupListener;
import kiln.ml.family.PerGroupRequest;
import kiln.ml.family.PerGroupResult;
import kiln.ml.family.PerGroupTrainer;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.sweep.SweepResult;
import kiln.ml.sweep.SweepRunner;
import kiln.ml.sweep.SweepSpec;
import kiln.store.KilnStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiln train}: runs a sweep file on a data window, tracks every run, prints the runs and the best; with
 * {@code --per-group}, runs it for every group of the data set and once on all groups, and prints each group's best.
 */
@Command(name = "train", description = "Train the runs of a sweep file on a data window; print the runs and the best.")
public final class TrainCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    StoreOptions store;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Data set (default: the sweep file's dataset).")
    String dataset;

    @Option(names = "--window", paramLabel = "FROM..TO", description = "Process-time window, e.g. 2019-07-01..2019-07-10 (TO day included).")
    String window;

    @Option(names = "--sweep", paramLabel = "FILE", required = true, description = "Sweep file (YAML), e.g. sample-data/sweeps/glassware-seed.yaml.")
    Path sweep;

    @Option(names = "--features", paramLabel = "NAME", split = ",",
            description = "Features to train on (default: all features, numeric and categorical).")
    List<String> features = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "N", defaultValue = "0", description = "Parallel training workers (default: one per core).")
    int workers;

    @Option(names = "--per-group", description = "Run the sweep for every group of the data set's group column, plus once on all groups "
            + "(the pooled model); keep each group's best run.")
    boolean perGroup;

    @Option(names = "--min-rows", paramLabel = "N", description = "With --per-group: groups with fewer labelled rows in the window get no "
            + "runs of their own (default: " + PerGroupRequest.DEFAULT_MIN_ROWS + ").")
    Integer minRows;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SweepSpec sweepSpec = SweepSpec.resolve(sweep.toString());
        DataWindow chosen;
        try {
            chosen = window == null ? null : DataWindow.parse(window);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException("--window: " + e.getMessage(), e);
        }
        if (minRows != null && !perGroup) {
            throw new UserFacingException("--min-rows applies to training per group; add --per-group");
        }
        if (minRows != null && minRows < 1) {
            throw new UserFacingException("--min-rows must be at least 1, not " + minRows);
        }
        if (perGroup) {
            return trainPerGroup(sweepSpec, chosen, out, err);
        }
        SweepListener progress = json ? SweepListener.NONE : new SweepListener() {
            @Override
            public void runUpdated(RunProgress p) {
                if (p.state() != RunState.QUEUED && p.state() != RunState.RUNNING) {
                    synchronized (err) {
                        err.println("  #" + (p.index() + 1) + " " + p.trainer() + " " + p.params() + ": " + p.state().name().toLowerCase()
                                + (p.message() == null ? "" : " (" + p.message() + ")"));
                        err.flush();
                    }
                }
            }
        };
        try (KilnStore db = store.open()) {
            SweepResult result = new SweepRunner(db).run(new SweepRequest(sweepSpec, dataset, chosen, features, workers),
                    ProgressSink.NONE, progress);
            if (json) {
                printJson(result, out);
            } else {
                printText(result, out);
            }
            return result.outcomes().stream().anyMatch(o -> o.state() == SweepListener.RunState.FAILED) ? 2 : 0;
        }
    }

    private int trainPerGroup(SweepSpec sweepSpec, DataWindow chosen, PrintWriter out, PrintWriter err) {
        try (KilnStore db = store.open()) {
            PerGroupResult result = new PerGroupTrainer(db).run(new PerGroupRequest(sweepSpec, dataset, chosen, features,
                    minRows == null ? PerGroupRequest.DEFAULT_MIN_ROWS : minRows, workers), ProgressSink.NONE,
                    json ? PerGroupListener.NONE : PerGroupTrainOutput.progress(err));
            if (json) {
                PerGroupTrainOutput.printJson(result, out);
            } else {
                PerGroupTrainOutput.printText(result, out);
            }
            return result.failedRuns() > 0 ? 2 : 0;
        }
    }

    private static void printText(SweepResult result, PrintWriter out) {
        List<String> columns = List.of("#", "run_id", "trainer", "params", "status", result.metric(), "f1", "roc_auc", "train_ms");
        List<List<Object>> rows = new ArrayList<>();
        for (SweepResult.Outcome o : result.outcomes()) {
            Run r = o.run();
            rows.add(List.of(o.index() + 1, r == null ? "" : r.runId(), o.trainer(), o.params().toString(), o.state().name().toLowerCase(),
                    metric(r, result.metric()), metric(r, "f1"), metric(r, "roc_auc"), metric(r, "train_ms")));
        }
        TablePrinter.printText(new TablePrinter.Table(columns, List.of(true, true, false, false, false, true, true, true, true), rows, false), out);
        out.println("Data: " + result.rows() + " rows, fingerprint " + result.fingerprint() + "; experiment " + result.experimentId()
                + "; " + result.elapsedMillis() / 1000.0 + " s" + (result.cancelled() ? " (cancelled)" : ""));
        result.best().ifPresentOrElse(b -> out.println("Best: run " + b.run().runId() + " " + b.trainer() + " " + b.params() + " "
                + result.metric() + " " + b.run().metric(result.metric())), () -> out.println("Best: none (no run finished)"));
        out.flush();
    }

    private static Object metric(Run r, String name) {
        if (r == null || Double.isNaN(r.metric(name))) {
            return "";
        }
        double v = r.metric(name);
        return name.endsWith("_ms") ? (Object) (long) v : (Object) (Math.round(v * 10000) / 10000.0);
    }

    private static void printJson(SweepResult result, PrintWriter out) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("experiment_id", result.experimentId());
        o.put("metric", result.metric());
        o.put("rows", result.rows());
        o.put("fingerprint", result.fingerprint());
        o.put("elapsed_ms", result.elapsedMillis());
        o.put("cancelled", result.cancelled());
        List<Map<String, Object>> runs = new ArrayList<>();
        for (SweepResult.Outcome outcome : result.outcomes()) {
            runs.add(outcomeJson(outcome));
        }
        o.put("runs", runs);
        o.put("best", result.best().map(TrainCommand::outcomeJson).orElse(null));
        try {
            out.println(JSON.writeValueAsString(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    private static Map<String, Object> outcomeJson(SweepResult.Outcome outcome) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", outcome.index());
        m.put("run_id", outcome.run() == null ? null : outcome.run().runId());
        m.put("trainer", outcome.trainer());
        m.put("params", outcome.params());
        m.put("state", outcome.state().name().toLowerCase());
        m.put("metrics", outcome.run() == null ? Map.of() : outcome.run().metrics());
        m.put("error", outcome.error());
        return m;
    }
}
