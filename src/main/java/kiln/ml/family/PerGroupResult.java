package kiln.ml.family;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a training per group: one experiment holding each trained group's runs
 * ({@code run.group_key} = the group) and the pooled runs ({@code group_key} NULL).
 *
 * @param groupsInWindow groups with labelled rows in the window
 * @param groups         each trained group's best run, in group order
 * @param skipped        groups that got no model of their own, with why
 * @param pooled         the best pooled run, or null when none finished (or none was asked for)
 * @param notTrained     groups left untrained because the training was cancelled
 */
public record PerGroupResult(long experimentId, String metric, long rows, int groupsInWindow, List<GroupBest> groups,
        List<SkippedGroup> skipped, GroupBest pooled, int runs, int failedRuns, int notTrained, boolean cancelled,
        long elapsedMillis) {

    public PerGroupResult {
        groups = List.copyOf(groups);
        skipped = List.copyOf(skipped);
    }

    /**
     * The best run of a group (or of the pooled sweep, group null) by the sweep's metric.
     *
     * @param rows labelled rows of the group in the window
     * @param runs runs trained for it (failed ones included)
     */
    public record GroupBest(String group, int rows, long runId, String trainer, Map<String, Object> params, double metric, int runs,
            int failedRuns) {
    }

    /** A group without a model of its own. */
    public record SkippedGroup(String group, int rows, String reason) {
    }
}
