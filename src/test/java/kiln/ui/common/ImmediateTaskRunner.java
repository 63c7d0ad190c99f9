package kiln.ui.common;

import java.util.function.Consumer;

import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;

/** Runs each job on the calling thread at once; for view-model tests. */
public final class ImmediateTaskRunner implements TaskRunner {

    @Override
    public <T> Handle submit(String title, Job<T> job, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        T result;
        try {
            result = job.run(ProgressSink.NONE);
        } catch (JobCancelledException e) {
            return done();
        } catch (Exception e) {
            onFailure.accept(e);
            return done();
        }
        onSuccess.accept(result);
        return done();
    }

    private static Handle done() {
        return new Handle() {
            @Override
            public void cancel() {}

            @Override
            public boolean isDone() {
                return true;
            }
        };
    }
}
