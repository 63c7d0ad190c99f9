package kiln.ui.monitor;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Polls on its own daemon thread: every {@code pollMillis} it asks {@code loadIfChanged} (which
 * returns null when nothing moved) and hands the newest result to {@code apply} on the FX executor.
 * At most one hand-over is queued at a time and hand-overs are at least {@code minApplyMillis}
 * apart, so a fast data source costs the FX thread one short task per interval, never a backlog.
 * What calls the poll is a {@link Ticker}: a daemon thread in the app, a hand-cranked one in tests.
 */
final class LivePoller<T> {

    /** Calls the poll every period until stopped. */
    interface Ticker {
        /** Starts calling {@code tick} every {@code periodMillis}; running the returned action stops it. */
        Runnable every(long periodMillis, Runnable tick);

        /** A scheduled daemon thread, stopped by interrupting it. */
        Ticker DAEMON_THREAD = (periodMillis, tick) -> {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kiln-monitor-poll");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
            return scheduler::shutdownNow;
        };
    }

    private final Supplier<T> loadIfChanged;
    private final Consumer<T> apply;
    private final Executor fxExecutor;
    private final long pollMillis;
    private final long minApplyMillis;
    private final AtomicReference<T> pending = new AtomicReference<>();
    private final AtomicBoolean handOverQueued = new AtomicBoolean();
    private final Consumer<Throwable> onError;
    private volatile long lastApplyNanos;
    private final Ticker ticker;
    /** Stops the ticker; null while not polling. */
    private Runnable stopTicking;

    LivePoller(Supplier<T> loadIfChanged, Consumer<T> apply, Consumer<Throwable> onError, Executor fxExecutor,
            long pollMillis, long minApplyMillis) {
        this(loadIfChanged, apply, onError, fxExecutor, pollMillis, minApplyMillis, Ticker.DAEMON_THREAD);
    }

    LivePoller(Supplier<T> loadIfChanged, Consumer<T> apply, Consumer<Throwable> onError, Executor fxExecutor,
            long pollMillis, long minApplyMillis, Ticker ticker) {
        this.ticker = ticker;
        this.loadIfChanged = loadIfChanged;
        this.apply = apply;
        this.onError = onError;
        this.fxExecutor = fxExecutor;
        this.pollMillis = pollMillis;
        this.minApplyMillis = minApplyMillis;
    }

    synchronized void start() {
        if (stopTicking == null) {
            stopTicking = ticker.every(pollMillis, this::tick);
        }
    }

    synchronized void stop() {
        if (stopTicking != null) {
            stopTicking.run();
            stopTicking = null;
        }
        pending.set(null);
    }

    synchronized boolean isRunning() {
        return stopTicking != null;
    }

    private void tick() {
        T result;
        try {
            result = loadIfChanged.get();
        } catch (RuntimeException e) {
            fxExecutor.execute(() -> onError.accept(e));
            return;
        }
        if (result == null) {
            return;
        }
        pending.set(result);
        if (handOverQueued.compareAndSet(false, true)) {
            long waitMillis = minApplyMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastApplyNanos);
            if (waitMillis > 0) {
                try {
                    Thread.sleep(waitMillis); // the poll thread has nothing else to do meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    handOverQueued.set(false);
                    return;
                }
            }
            fxExecutor.execute(this::handOver);
        }
    }

    private void handOver() {
        handOverQueued.set(false);
        lastApplyNanos = System.nanoTime();
        T result = pending.getAndSet(null);
        if (result != null && isRunning()) {
            apply.accept(result);
        }
    }
}
