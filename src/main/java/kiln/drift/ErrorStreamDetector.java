package kiln.drift;

/**
 * A sequential change detector fed the model's 0/1 error stream as labels arrive, one observation at
 * a time, so a change in accuracy is caught without waiting for a window to close.
 */
public interface ErrorStreamDetector {

    /** Feeds one labelled prediction (true = the model was wrong) and returns the state after it. */
    DetectorState update(boolean error);

    /** Forgets everything seen so far, e.g. after a retrain (DDM and Page-Hinkley also do it after a DRIFT). */
    void reset();

    /** Short name for alerts ("ADWIN", "Page-Hinkley", "DDM"). */
    String name();

    /** Everything the detector has learnt, as numbers, so that a new process can resume it exactly. */
    double[] snapshot();

    /**
     * Resumes from a {@link #snapshot()} of a detector with the same settings.
     *
     * @throws IllegalArgumentException when the numbers are not such a snapshot
     */
    void restore(double[] snapshot);
}
