package kiln.ml.sweep;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import kiln.domain.Run;

/**
 * The outcome of a sweep, one entry per planned run in plan order.
 *
 * @param bestIndex index into {@code outcomes} of the best finished or reused run by the sweep's metric, or -1
 */
public record SweepResult(long experimentId, String metric, String fingerprint, long rows, List<Outcome> outcomes, int bestIndex,
        boolean cancelled, long elapsedMillis) {

    /**
     * @param run the tracked run (for finished, reused, failed and cancelled outcomes), or null when it never started
     */
    public record Outcome(int index, String trainer, Map<String, Object> params, SweepListener.RunState state, Run run, String error) {
    }

    public Optional<Outcome> best() {
        return bestIndex < 0 ? Optional.empty() : Optional.of(outcomes.get(bestIndex));
    }
}
