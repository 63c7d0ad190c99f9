package kiln.ml.family;

/**
 * News from a training per group, coalesced (at most a few calls a second, plus the last one) and
 * called from worker threads: a UI must hop to its own thread.
 */
public interface PerGroupListener {

    /**
     * @param groupsDone   groups finished (trained, or failed in every run)
     * @param groupsToTrain groups with enough rows to train
     * @param pooledDone   pooled runs finished
     * @param etaMillis    estimated time to finish, or -1 while unknown
     */
    record Progress(int groupsDone, int groupsToTrain, int pooledDone, int pooledRuns, long elapsedMillis, long etaMillis) {
    }

    void progress(Progress progress);

    PerGroupListener NONE = p -> {};
}
