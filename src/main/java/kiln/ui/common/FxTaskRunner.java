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

import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        // JavaFX can report a task twice when a cancel meets its end (CANCELLED, then a queued SUCCEEDED):
        // the first outcome settles the job, later ones are ignored, so callers count each job out once.
        boolean[] settled = {false};
        task.setOnSucceeded(e -> {
            if (settle(settled, entry)) {
                onSuccess.accept(task.getValue());
            }
        });
        task.setOnFailed(e -> {
            if (!settle(settled, entry)) {
                return;
            }
            Throwable error = task.getException();
            if (error instanceof JobCancelledException) {
                return;
            }
            LOG.warn("Background job '{}' failed", title, error);
            onFailure.accept(error);
        });
        task.setOnCancelled(e -> settle(settled, entry));
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

    /** On the FX thread: true the first time a job reports an outcome; takes its entry off the list. */
    private boolean settle(boolean[] settled, RunningJob entry) {
        if (entry != null) {
            running.remove(entry);
        }
        if (settled[0]) {
            return false;
        }
        settled[0] = true;
        return true;
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

    /**
     * A Task whose cancellation is cooperative: the job sees its sink's isCancelled() and its cancel hooks
     * run. The job's "cancel requested" flag is kept apart from the Task's own cancelled state on purpose:
     * the Task decides between SUCCEEDED and nothing by asking isCancelled() after the job returns, so a
     * request that lands just as the job ends, before the Task could be cancelled, would leave it RUNNING
     * for ever with no outcome (and its job listed in the status bar for ever).
     */
    private static final class JobTask<T> extends Task<T> {
        private final Job<T> job;
        private final List<Runnable> cancelHooks = new CopyOnWriteArrayList<>();
        private volatile boolean cancelRequested;
        private final ProgressSink sink = new ProgressSink() {
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
                return cancelRequested || JobTask.this.isCancelled();
            }

            @Override
            public void onCancel(Runnable action) {
                cancelHooks.add(action);
                if (cancelRequested) {
                    action.run();
                }
            }
        };

        JobTask(Job<T> job) {
            this.job = job;
        }

        @Override
        protected T call() throws Exception {
            return job.run(sink);
        }

        void cancelJob() {
            if (cancelRequested) {
                return;
            }
            cancelRequested = true;
            // The Task is cancelled first so the UI updates now (a job that already ended keeps its outcome);
            // the hooks then interrupt blocking work such as a running query.
            cancel(false);
            for (Runnable hook : cancelHooks) {
                try {
                    hook.run();
                } catch (RuntimeException e) {
                    LOG.debug("Cancel hook failed", e);
                }
            }
        }
    }
}
