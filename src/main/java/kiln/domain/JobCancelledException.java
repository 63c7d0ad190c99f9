package kiln.domain;

/** Thrown by a job that noticed {@link ProgressSink#isCancelled()} and stopped cleanly. */
public class JobCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobCancelledException(String message) {
        super(message);
    }

    public static void throwIfCancelled(ProgressSink sink, String what) {
        if (sink.isCancelled()) {
            throw new JobCancelledException(what + " was cancelled");
        }
    }
}
