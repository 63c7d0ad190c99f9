package kiln.ml.family;

import java.util.List;

import kiln.ml.DataWindow;
import kiln.ml.sweep.SweepSpec;

/**
 * A sweep to run once per group of a grouped data set, plus once on all groups (the pooled model).
 *
 * @param minRows groups with fewer labelled rows in the window get no runs of their own (the pooled model serves them)
 * @param workers parallel training workers; 0 means one per core
 * @param pooled  also run the sweep on all groups (the pooled model a family needs; a benchmark of the groups alone leaves it out)
 */
public record PerGroupRequest(SweepSpec spec, String dataset, DataWindow window, List<String> features, int minRows, int workers,
                              boolean pooled) {

    /** The minimum labelled rows for a group's own model unless the user chooses. */
    public static final int DEFAULT_MIN_ROWS = 200;

    public PerGroupRequest {
        features = features == null ? List.of() : List.copyOf(features);
        if (minRows < 1) {
            throw new IllegalArgumentException("The minimum rows per group must be at least 1, not " + minRows);
        }
    }

    /** With the pooled sweep. */
    public PerGroupRequest(SweepSpec spec, String dataset, DataWindow window, List<String> features, int minRows, int workers) {
        this(spec, dataset, window, features, minRows, workers, true);
    }

    public int workerCount() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }
}
