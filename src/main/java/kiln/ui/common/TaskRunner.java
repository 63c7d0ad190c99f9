package kiln.ui.common;

import java.util.function.Consumer;

import kiln.domain.ProgressSink;

/**
 * The one way screens run work off the FX thread. Callbacks run on the FX thread (or, in the
 * synchronous test runner, on the caller's thread right away).
 */
public interface TaskRunner {

    /** A job given a progress sink; it should check {@link ProgressSink#isCancelled()} between steps. */
    @FunctionalInterface
    interface Job<T> {
        T run(ProgressSink progress) throws Exception;
    }

    /** A submitted job: it can be cancelled. */
    interface Handle {
        void cancel();

        boolean isDone();
    }

    /**
     * Runs {@code job} in the background.
     *
     * @param title     shown in the status bar while it runs; null keeps the job out of the list (quick queries)
     * @param onSuccess receives the result on the FX thread
     * @param onFailure receives the error on the FX thread (not called when the job was cancelled)
     */
    <T> Handle submit(String title, Job<T> job, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    /** Stops accepting work and cancels what runs. */
    default void shutdown() {}
}
