package kiln.ui.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import kiln.ui.common.TaskRunner;

/**
 * The Data workspace's query jobs for the current selection: the views of a data set and window,
 * and the per-feature views. Each kind has a generation; a result or failure that arrives for an
 * older generation is dropped, and cancelling a kind stops its jobs still running. Counts the jobs
 * in flight for the busy flag and status line.
 */
final class SelectionJobs {

    private final TaskRunner runner;
    /** Where a failure of a current job is told (the workspace's error line). */
    private final Consumer<String> onFailure;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final List<TaskRunner.Handle> viewJobs = new ArrayList<>();
    private final List<TaskRunner.Handle> featureJobs = new ArrayList<>();
    /** Jobs started and not yet counted out (by their outcome or by a cancel, whichever comes first). */
    private final Set<Object> inFlight = new HashSet<>();
    private long generation;
    private long featureGeneration;

    SelectionJobs(TaskRunner runner, Consumer<String> onFailure) {
        this.runner = runner;
        this.onFailure = onFailure;
    }

    /** The views' current generation. */
    long viewGeneration() {
        return generation;
    }

    /** Cancels the views' jobs and starts their next generation. */
    long nextViewGeneration() {
        cancel(viewJobs);
        return ++generation;
    }

    /** Cancels the per-feature jobs and starts their next generation. */
    long nextFeatureGeneration() {
        cancel(featureJobs);
        return ++featureGeneration;
    }

    /** Runs a view's query; its result is kept only while {@code gen} is the views' generation. */
    <T> void submitView(String title, TaskRunner.Job<T> job, Consumer<? super T> onResult, long gen) {
        submit(viewJobs, title, job, onResult, gen);
    }

    /** Runs a per-feature query; its result is kept only while both generations are the ones it started in. */
    <T> void submitFeature(String title, TaskRunner.Job<T> job, Consumer<? super T> onResult, long gen) {
        long viewGen = generation;
        submit(featureJobs, title, job, result -> {
            if (gen == featureGeneration) {
                onResult.accept(result);
            }
        }, viewGen);
    }

    /** Runs a query for the current views that its caller cancels itself; null when it has already ended. */
    <T> TaskRunner.Handle submitOwn(TaskRunner.Job<T> job, Consumer<? super T> onResult) {
        List<TaskRunner.Handle> holder = new ArrayList<>();
        submit(holder, null, job, onResult, generation);
        return holder.isEmpty() ? null : holder.get(0);
    }

    private <T> void submit(List<TaskRunner.Handle> jobs, String title, TaskRunner.Job<T> job, Consumer<? super T> onResult, long gen) {
        Object token = new Object();
        inFlight.add(token);
        busy.set(true);
        status.set("Querying…");
        TaskRunner.Handle handle = runner.submit(title, job, result -> {
            finished(token);
            if (gen == generation) {
                onResult.accept(result);
            }
        }, failure -> {
            finished(token);
            if (gen == generation) {
                onFailure.accept(failure.getMessage());
            }
        });
        if (inFlight.contains(token)) {
            jobs.add(new CountedHandle(handle, token));
        }
    }

    private void finished(Object token) {
        inFlight.remove(token);
        busy.set(!inFlight.isEmpty());
        if (inFlight.isEmpty()) {
            status.set("");
        }
    }

    private void cancel(List<TaskRunner.Handle> jobs) {
        List.copyOf(jobs).forEach(TaskRunner.Handle::cancel);
        jobs.clear();
    }

    /**
     * A job's handle with the token that counts it in {@link #inFlight}. Cancelled jobs report neither
     * success nor failure, so cancelling counts the job out here; whichever comes first counts, once.
     */
    private final class CountedHandle implements TaskRunner.Handle {
        private final TaskRunner.Handle handle;
        private final Object token;

        CountedHandle(TaskRunner.Handle handle, Object token) {
            this.handle = handle;
            this.token = token;
        }

        @Override
        public void cancel() {
            handle.cancel();
            finished(token);
        }

        @Override
        public boolean isDone() {
            return handle.isDone();
        }
    }

    /** Cancels every job still running. */
    void cancelAll() {
        cancel(viewJobs);
        cancel(featureJobs);
    }

    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
