package kiln.ml.family;

import java.util.List;
import java.util.Set;

import kiln.ml.DataWindow;
import kiln.ml.sweep.SweepSpec;

/**
 * A sweep to run once per group of a grouped data set, plus once on all groups (the pooled model).
 *
 * @param minRows groups with fewer labelled rows in the window get no runs of their own (the pooled model serves them)
 * @param workers parallel training workers; 0 means one per core
 * @param pooled  also run the sweep on all groups (the pooled model a family needs; a benchmark of the groups alone leaves it out)
 * @param only    train only these groups (e.g. the groups an alert asks to retrain); empty: every group
 */
public record PerGroupRequest(SweepSpec spec, String dataset, DataWindow window, List<String> features, int minRows, int workers,
        boolean pooled, Set<String> only) {

    /** The minimum labelled rows for a group's own model unless the user chooses. */
    public static final int DEFAULT_MIN_ROWS = 200;

    public PerGroupRequest {
        features = features == null ? List.of() : List.copyOf(features);
        only = only == null ? Set.of() : Set.copyOf(only);
        if (minRows < 1) {
            throw new IllegalArgumentException("The minimum rows per group must be at least 1, not " + minRows);
        }
    }

    /** Every group. */
    public PerGroupRequest(SweepSpec spec, String dataset, DataWindow window, List<String> features, int minRows, int workers,
            boolean pooled) {
        this(spec, dataset, window, features, minRows, workers, pooled, Set.of());
    }

    /** Whether group {@code key} is to be trained. */
    public boolean includes(String key) {
        return only.isEmpty() || only.contains(key);
    }

    /** With the pooled sweep. */
    public PerGroupRequest(SweepSpec spec, String dataset, DataWindow window, List<String> features, int minRows, int workers) {
        this(spec, dataset, window, features, minRows, workers, true);
    }

    public int workerCount() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }
}
