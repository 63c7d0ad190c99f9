package kiln.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.domain.Run;
import kiln.domain.UserFacingException;
import kiln.ml.tracking.RunRepository;
import kiln.store.KilnStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiln runs}: lists tracked runs, optionally filtered; {@code runs tag} and {@code runs note} annotate one. */
@Command(name = "runs", description = "List tracked training runs, newest first.",
        subcommands = {RunsCommand.Tag.class, RunsCommand.Note.class})
public final class RunsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    StoreOptions store;

    @Option(names = "--filter", paramLabel = "EXPR",
            description = "e.g. \"metrics.accuracy > 0.95 and params.maxDepth in (5, 10) and trainer = cart\"")
    String filter;

    @Option(names = "--group", paramLabel = "G", description = "Only runs trained on this group (see kiln train --per-group).")
    String group;

    @Option(names = "--limit", defaultValue = "1000", description = "At most this many runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the runs as a JSON array.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (KilnStore db = store.open()) {
            RunRepository repo = new RunRepository(db);
            List<Run> runs = repo.search(filter, group, limit);
            Map<Long, String> groups = repo.groupKeys(runs.stream().map(Run::runId).toList());
            if (json) {
                try {
                    out.println(JSON.writeValueAsString(runs.stream().map(r -> asJson(r, groups.get(r.runId()))).toList()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                List<List<Object>> rows = new ArrayList<>();
                for (Run r : runs) {
                    rows.add(List.of(r.runId(), r.experimentId() == null ? "" : r.experimentId(), groups.getOrDefault(r.runId(), ""), r.trainer(),
                            String.valueOf(r.params()), r.status(),
                            fmt(r.metric("accuracy")), fmt(r.metric("f1")), fmt(r.metric("roc_auc")), r.dataset() == null ? "" : r.dataset(),
                            r.windowStart() == null ? "" : r.windowStart().toLocalDate() + ".." + r.windowEnd().toLocalDate(),
                            String.join(",", r.tags()), r.note() == null ? "" : r.note()));
                }
                TablePrinter.printText(new TablePrinter.Table(List.of("run_id", "experiment", "group", "trainer", "params", "status", "accuracy",
                        "f1",
                        "roc_auc", "dataset", "window", "tags", "note"),
                        List.of(true, true, false, false, false, false, true, true, true, false, false, false, false), rows, false), out);
            }
            out.flush();
            return 0;
        }
    }

    private static Object fmt(double v) {
        return Double.isNaN(v) ? "" : Math.round(v * 10000) / 10000.0;
    }

    private static Map<String, Object> asJson(Run r, String groupKey) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", r.runId());
        m.put("experiment_id", r.experimentId());
        m.put("group_key", groupKey);
        m.put("trainer", r.trainer());
        m.put("params", r.params());
        m.put("metrics", r.metrics());
        m.put("confusion", r.confusion());
        m.put("status", r.status());
        m.put("error", r.error());
        m.put("started_at", r.startedAt() == null ? null : r.startedAt().toString());
        m.put("duration_ms", r.durationMs());
        m.put("dataset", r.dataset());
        m.put("window_start", r.windowStart() == null ? null : r.windowStart().toString());
        m.put("window_end", r.windowEnd() == null ? null : r.windowEnd().toString());
        m.put("features", r.features());
        m.put("split", r.split());
        m.put("rows_train", r.rowsTrain());
        m.put("rows_test", r.rowsTest());
        m.put("fingerprint", r.fingerprint());
        m.put("seed", r.seed());
        m.put("artifact_sha256", r.artifactSha256());
        m.put("model_bytes", r.modelBytes());
        m.put("tags", r.tags());
        m.put("note", r.note());
        return m;
    }

    /** Opens the store, checks that the run exists and applies {@code change} to it. */
    static int changeRun(StoreOptions store, long runId, Consumer<RunRepository> change) {
        try (KilnStore db = store.open()) {
            RunRepository repo = new RunRepository(db);
            if (repo.get(runId).isEmpty()) {
                throw new UserFacingException("There is no run " + runId + "; see: kiln runs");
            }
            change.accept(repo);
            return 0;
        }
    }

    /** {@code kiln runs tag RUN TAG [--remove]}. */
    @Command(name = "tag", description = "Add (or with --remove, remove) a tag on a run.")
    static final class Tag implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Parameters(index = "0", paramLabel = "RUN")
        long runId;
        @Parameters(index = "1", paramLabel = "TAG")
        String tag;
        @Option(names = "--remove", description = "Remove the tag instead.")
        boolean remove;

        @Override
        public Integer call() {
            return changeRun(store, runId, repo -> {
                if (remove) {
                    repo.untag(runId, tag);
                } else {
                    repo.tag(runId, tag);
                }
            });
        }
    }

    /** {@code kiln runs note RUN TEXT}. */
    @Command(name = "note", description = "Set a run's note (an empty text clears it).")
    static final class Note implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Parameters(index = "0", paramLabel = "RUN")
        long runId;
        @Parameters(index = "1", paramLabel = "TEXT")
        String text;

        @Override
        public Integer call() {
            return changeRun(store, runId, repo -> repo.annotate(runId, text.isBlank() ? null : text));
        }
    }
}
