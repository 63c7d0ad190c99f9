package kiln.ui.fleet;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

import kiln.domain.ProgressSink;
import kiln.ui.common.TaskRunner;

/** Holds submitted jobs until the test runs them, one at a time, on the test's thread: what a slow database looks like. */
final class QueuedTaskRunner implements TaskRunner {

    private final Deque<Runnable> pending = new ArrayDeque<>();

    @Override
    public <T> Handle submit(String title, Job<T> job, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        boolean[] done = {false};
        pending.add(() -> {
            T result;
            try {
                result = job.run(ProgressSink.NONE);
            } catch (Exception e) {
                done[0] = true;
                onFailure.accept(e);
                return;
            }
            done[0] = true;
            onSuccess.accept(result);
        });
        return new Handle() {
            @Override
            public void cancel() {}

            @Override
            public boolean isDone() {
                return done[0];
            }
        };
    }

    int pending() {
        return pending.size();
    }

    /** Runs the oldest job and its callback; false when none waits. */
    boolean runNext() {
        Runnable next = pending.poll();
        if (next == null) {
            return false;
        }
        next.run();
        return true;
    }

    void runAll() {
        while (runNext()) {
            // each job may submit the next
        }
    }
}
