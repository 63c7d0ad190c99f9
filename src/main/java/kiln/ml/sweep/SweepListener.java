package kiln.ml.sweep;

import java.util.Map;

/**
 * Live news from a running sweep, called from worker threads (a UI must hop to its own thread and
 * coalesce). Both methods have empty defaults.
 */
public interface SweepListener {

    /** The state of one planned run. */
    enum RunState {
        QUEUED, RUNNING, FINISHED, REUSED, FAILED, CANCELLED, SKIPPED
    }

    /**
     * @param runId    the tracked run's id once it has one (or the reused run's id), else null
     * @param fraction 0..1 within this run
     */
    record RunProgress(int index, String trainer, Map<String, Object> params, RunState state, Long runId, double fraction,
            String message) {
    }

    /** @param etaMillis estimated time to finish, or -1 while unknown */
    record SweepProgress(int done, int total, long elapsedMillis, long etaMillis) {
    }

    default void runUpdated(RunProgress progress) {}

    default void sweepUpdated(SweepProgress progress) {}

    SweepListener NONE = new SweepListener() {
    };
}
