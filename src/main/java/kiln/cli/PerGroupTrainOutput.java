package kiln.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.ml.family.PerGroupListener;
import kiln.ml.family.PerGroupResult;
import kiln.ml.family.PerGroupResult.GroupBest;
import kiln.ml.family.PerGroupResult.SkippedGroup;

/** What {@code kiln train --per-group} prints: its progress (coalesced), then the summary as text or JSON. */
final class PerGroupTrainOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PerGroupTrainOutput() {}

    /** Progress lines on {@code err}, one per coalesced report that moved. */
    static PerGroupListener progress(PrintWriter err) {
        int[] last = {-1, -1};
        return p -> {
            synchronized (err) {
                if (p.groupsDone() == last[0] && p.pooledDone() == last[1]) {
                    return;
                }
                last[0] = p.groupsDone();
                last[1] = p.pooledDone();
                err.println("  " + p.groupsDone() + " of " + p.groupsToTrain() + " groups, " + p.pooledDone() + " of " + p.pooledRuns()
                        + " pooled runs, " + p.elapsedMillis() / 1000 + " s" + (p.etaMillis() > 0 ? ", about " + (p.etaMillis() + 999) / 1000
                                + " s left" : ""));
                err.flush();
            }
        };
    }

    static void printText(PerGroupResult r, PrintWriter out) {
        out.println("Experiment " + r.experimentId() + ": " + r.groups().size() + " groups trained, " + r.skipped().size() + " skipped"
                + (r.notTrained() > 0 ? ", " + r.notTrained() + " not trained (cancelled)" : "") + " of " + r.groupsInWindow()
                + " groups in the window; " + r.rows() + " rows; " + r.runs() + " runs" + (r.failedRuns() > 0 ? " (" + r.failedRuns()
                        + " failed)" : ""));
        List<List<Object>> rows = new ArrayList<>();
        for (GroupBest g : r.groups()) {
            rows.add(List.of(g.group(), g.rows(), g.runId(), g.trainer(), g.params().toString(), round(g.metric())));
        }
        TablePrinter.printText(new TablePrinter.Table(List.of("group", "rows", "best_run", "trainer", "params", r.metric()),
                List.of(false, true, true, false, false, true), rows, false), out);
        if (!r.skipped().isEmpty()) {
            out.println("Skipped (the pooled model serves them):");
            for (SkippedGroup s : r.skipped()) {
                out.println("  " + (s.group() == null ? "(no group)" : s.group()) + ": " + s.reason());
            }
        }
        GroupBest p = r.pooled();
        out.println(p == null ? "Pooled: none (no pooled run finished)"
                : "Pooled: run " + p.runId() + " " + p.trainer() + " " + p.params() + " " + r.metric() + " " + round(p.metric()) + " on "
                        + p.rows() + " rows");
        out.println("Time: " + r.elapsedMillis() / 1000.0 + " s" + (r.cancelled() ? " (cancelled)" : ""));
        out.flush();
    }

    static void printJson(PerGroupResult r, PrintWriter out) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("experiment", r.experimentId());
        o.put("metric", r.metric());
        o.put("rows", r.rows());
        o.put("groups_in_window", r.groupsInWindow());
        List<Map<String, Object>> groups = new ArrayList<>();
        for (GroupBest g : r.groups()) {
            groups.add(best(g));
        }
        o.put("groups", groups);
        o.put("pooled", r.pooled() == null ? null : best(r.pooled()));
        List<Map<String, Object>> skipped = new ArrayList<>();
        for (SkippedGroup s : r.skipped()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", s.group());
            m.put("rows", s.rows());
            m.put("reason", s.reason());
            skipped.add(m);
        }
        o.put("skipped", skipped);
        o.put("not_trained", r.notTrained());
        o.put("runs", r.runs());
        o.put("failed_runs", r.failedRuns());
        o.put("elapsed_ms", r.elapsedMillis());
        o.put("cancelled", r.cancelled());
        try {
            out.println(JSON.writeValueAsString(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    private static Map<String, Object> best(GroupBest g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", g.group());
        m.put("best_run", g.runId());
        m.put("metric", g.metric());
        m.put("rows", g.rows());
        m.put("trainer", g.trainer());
        m.put("params", g.params());
        m.put("runs", g.runs());
        return m;
    }

    private static Object round(double v) {
        return Double.isNaN(v) ? "" : Math.round(v * 10000) / 10000.0;
    }
}
