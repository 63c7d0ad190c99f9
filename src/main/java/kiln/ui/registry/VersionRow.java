package kiln.ui.registry;

import java.util.Locale;
import java.util.stream.Collectors;

import kiln.domain.ModelVersion;
import kiln.domain.Run;

/** A version with the lineage of the run behind it (run may be null for a version whose run is gone). */
public record VersionRow(ModelVersion version, Run run) {

    public String label() {
        return "v" + version.version();
    }

    public String alias() {
        return version.alias() == null ? "" : version.alias();
    }

    public String trainer() {
        return run == null ? "" : run.trainer();
    }

    public String params() {
        return run == null || run.params() == null ? "" : run.params().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    public String window() {
        return run == null || run.windowStart() == null ? "" : run.windowStart().toLocalDate() + " .. " + run.windowEnd().toLocalDate();
    }

    public String fingerprint() {
        return run == null || run.fingerprint() == null ? "" : run.fingerprint().substring(0, Math.min(12, run.fingerprint().length()));
    }

    public double metric(String name) {
        return run == null ? Double.NaN : run.metric(name);
    }

    public String metrics() {
        if (run == null || run.metrics() == null) {
            return "";
        }
        return String.format(Locale.ROOT, "accuracy %.4f, f1 %.4f, roc_auc %.4f", run.metric("accuracy"), run.metric("f1"), run.metric("roc_auc"));
    }

    /** Everything about the version and its run, for the lineage panel. */
    public String lineage() {
        StringBuilder s = new StringBuilder();
        s.append(version.modelName()).append(' ').append(label()).append(version.alias() == null ? "" : " [" + version.alias() + "]")
                .append("\nregistered ").append(version.createdAt()).append(" by ").append(version.createdBy())
                .append(" (").append(version.source()).append(")");
        if (version.note() != null) {
            s.append("\nnote: ").append(version.note());
        }
        if (run == null) {
            return s.append("\nrun: unknown").toString();
        }
        return s.append("\nrun ").append(run.runId()).append(": ").append(run.trainer()).append(" ").append(params())
                .append("\ndata set ").append(run.dataset()).append(", window ").append(window())
                .append("\nfeatures ").append(run.features()).append(", split ").append(run.split()).append(", seed ").append(run.seed())
                .append("\nfingerprint ").append(run.fingerprint())
                .append("\n").append(metrics()).toString();
    }
}
