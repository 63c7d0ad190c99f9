package kiln.domain;

/**
 * How a long job reports progress and learns that it was cancelled. Services receive one and
 * know nothing of JavaFX; the UI's task runner coalesces the calls before they reach the screen.
 */
public interface ProgressSink {

    /** Reports that {@code done} of {@code total} units are finished; cheap enough to call per row. */
    void progress(long done, long total, String message);

    /** True once the user (or the owner of the job) asked it to stop; jobs check between steps. */
    boolean isCancelled();

    /**
     * Registers an action that interrupts blocking work (e.g. {@code Statement::cancel}) when the job
     * is cancelled. Runs at most once; runs at once if the job is already cancelled.
     */
    default void onCancel(Runnable action) {}

    /** A sink that ignores progress and is never cancelled, for callers that just want the result. */
    ProgressSink NONE = new ProgressSink() {
        @Override
        public void progress(long done, long total, String message) {}

        @Override
        public boolean isCancelled() {
            return false;
        }
    };
}
