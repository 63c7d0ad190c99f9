package kiln.ui.common;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;

/**
 * Runs jobs on a pool of daemon workers, each wrapped in a {@link Task} so progress reaches the FX
 * thread coalesced (Task merges updates into at most one per pulse), and lists titled jobs for the
 * status bar.
 */
public final class FxTaskRunner implements TaskRunner {

    private static final Logger LOG = LoggerFactory.getLogger(FxTaskRunner.class);

    private final ExecutorService workers;
    private final ObservableList<RunningJob> running = FXCollections.observableArrayList();
    private final ObservableList<RunningJob> runningView = FXCollections.unmodifiableObservableList(running);

    public FxTaskRunner(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kiln-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Titled jobs that are running now; changes on the FX thread. */
    public ObservableList<RunningJob> runningJobs() {
        return runningView;
    }

    @Override
    public <T> Handle submit(String title, Job<T> job, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        JobTask<T> task = new JobTask<>(job);
        RunningJob entry = title == null ? null : new RunningJob(title, task::cancelJob);
        if (entry != null) {
            task.progressProperty().addListener((obs, old, value) -> entry.update(value.doubleValue(), task.getMessage()));
            task.messageProperty().addListener((obs, old, value) -> entry.update(task.getProgress(), value));
            // Submitted off the FX thread, the add is queued and can run after the job already ended (and its
            // entry was "removed"): a job that is done is not listed, so no finished job stays in the status bar.
            runOnFx(() -> {
                if (!task.isDone()) {
                    running.add(entry);
                }
            });
        }
        task.setOnSucceeded(e -> {
            remove(entry);
            onSuccess.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            remove(entry);
            Throwable error = task.getException();
            if (error instanceof JobCancelledException) {
                return;
            }
            LOG.warn("Background job '{}' failed", title, error);
            onFailure.accept(error);
        });
        task.setOnCancelled(e -> remove(entry));
        workers.execute(task);
        return new Handle() {
            @Override
            public void cancel() {
                task.cancelJob();
            }

            @Override
            public boolean isDone() {
                return task.isDone();
            }
        };
    }

    private void remove(RunningJob entry) {
        if (entry != null) {
            running.remove(entry);
        }
    }

    private static void runOnFx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    @Override
    public void shutdown() {
        for (RunningJob job : List.copyOf(running)) {
            job.cancel();
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A Task whose cancellation is cooperative: the job sees isCancelled() and its cancel hooks run. */
    private static final class JobTask<T> extends Task<T> implements ProgressSink {
        private final Job<T> job;
        private final List<Runnable> cancelHooks = new CopyOnWriteArrayList<>();
        private volatile boolean cancelRequested;

        JobTask(Job<T> job) {
            this.job = job;
        }

        @Override
        protected T call() throws Exception {
            return job.run(this);
        }

        @Override
        public void progress(long done, long total, String message) {
            if (total > 0) {
                updateProgress(done, total);
            } else {
                updateProgress(-1, 1);
            }
            if (message != null) {
                updateMessage(message);
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelRequested || super.isCancelled();
        }

        @Override
        public void onCancel(Runnable action) {
            cancelHooks.add(action);
            if (cancelRequested) {
                action.run();
            }
        }

        void cancelJob() {
            if (cancelRequested) {
                return;
            }
            cancelRequested = true;
            for (Runnable hook : cancelHooks) {
                try {
                    hook.run();
                } catch (RuntimeException e) {
                    LOG.debug("Cancel hook failed", e);
                }
            }
            // Cooperative: the job stops at its next check; the Task itself is cancelled so the UI updates now.
            cancel(false);
        }
    }
}
