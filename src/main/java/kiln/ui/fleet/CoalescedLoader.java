package kiln.ui.fleet;

import java.util.Objects;
import java.util.function.Consumer;

import kiln.domain.ProgressSink;
import kiln.ui.common.TaskRunner;

/**
 * Loads one thing at a time for a key (a model, a group): a request while a load runs only remembers
 * the newest key, and when the running load ends its result is dropped if a newer key is waiting,
 * which is then loaded. Clicking through twenty groups runs at most two queries, and the screen never
 * shows an older answer after a newer one. Used on the FX thread only.
 *
 * @param <K> what is asked for
 * @param <T> what the job returns
 */
final class CoalescedLoader<K, T> {

    /** The background work for a key. */
    @FunctionalInterface
    interface Load<K, T> {
        T load(K key, ProgressSink sink) throws Exception;
    }

    private final TaskRunner runner;
    private final String title;
    private final Load<K, T> load;
    private final Consumer<T> apply;
    private final Consumer<Throwable> fail;
    private TaskRunner.Handle running;
    private boolean busy;
    private boolean queued;
    private K queuedKey;
    private int started;
    private boolean disposed;

    CoalescedLoader(TaskRunner runner, String title, Load<K, T> load, Consumer<T> apply, Consumer<Throwable> fail) {
        this.runner = runner;
        this.title = title;
        this.load = Objects.requireNonNull(load);
        this.apply = apply;
        this.fail = fail;
    }

    void request(K key) {
        if (disposed) {
            return;
        }
        if (busy) {
            queued = true;
            queuedKey = key;
            return;
        }
        start(key);
    }

    boolean isBusy() {
        return busy;
    }

    /** Loads started so far (tests: coalescing keeps this small). */
    int started() {
        return started;
    }

    private void start(K key) {
        started++;
        busy = true;
        TaskRunner.Handle handle = runner.submit(title, sink -> load.load(key, sink), result -> {
            busy = false;
            if (!next()) {
                apply.accept(result);
            }
        }, error -> {
            busy = false;
            if (!next()) {
                fail.accept(error);
            }
        });
        if (busy) {
            running = handle; // still running (a synchronous runner has finished it already)
        }
    }

    /** Starts the queued key, if any: the result in hand is then out of date. */
    private boolean next() {
        if (!queued || disposed) {
            return false;
        }
        queued = false;
        K key = queuedKey;
        queuedKey = null;
        start(key);
        return true;
    }

    void dispose() {
        disposed = true;
        queued = false;
        if (busy && running != null) {
            running.cancel();
        }
        running = null;
        busy = false;
    }
}
