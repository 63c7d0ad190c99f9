package kiln.ui.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javafx.application.Platform;

/**
 * Measures how long the FX thread keeps events waiting: a heartbeat posted every few milliseconds
 * records how long it waited to run (that includes any pulse, layout and drawing before it). While a
 * heartbeat has waited longer than the limit, the FX thread's stack is sampled, so a failure can say
 * where the time went.
 */
final class FxWatchdog implements AutoCloseable {

    private static final long PERIOD_MS = 5;
    private final long limitNanos;
    private final Thread fxThread;
    private final ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fx-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong maxWaitNanos = new AtomicLong();
    private final AtomicLong beats = new AtomicLong();
    private final AtomicLong oldestPending = new AtomicLong(Long.MAX_VALUE);
    private final Map<String, Integer> stalls = new HashMap<>();
    private int samples;
    /** Samples that found the FX thread at work (not idle, waiting for its next runnable). */
    private int busySamples;

    FxWatchdog(long limitMillis) throws InterruptedException {
        this.limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMillis);
        Thread[] fx = new Thread[1];
        CountDownLatch found = new CountDownLatch(1);
        Platform.runLater(() -> {
            fx[0] = Thread.currentThread();
            found.countDown();
        });
        found.await();
        this.fxThread = fx[0];
        heart.scheduleAtFixedRate(this::beat, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        long posted = System.nanoTime();
        oldestPending.compareAndSet(Long.MAX_VALUE, posted);
        Platform.runLater(() -> {
            long now = System.nanoTime();
            maxWaitNanos.accumulateAndGet(now - posted, Math::max);
            beats.incrementAndGet();
            oldestPending.set(Long.MAX_VALUE);
        });
        long pending = oldestPending.get();
        if (pending != Long.MAX_VALUE && posted - pending > limitNanos) {
            sample();
        }
    }

    private synchronized void sample() {
        StackTraceElement[] stack = fxThread.getStackTrace();
        String where = List.of(stack).stream().limit(14).map(e -> e.getClassName().replaceAll(".*\\.", "") + "." + e.getMethodName())
                .collect(Collectors.joining(" < "));
        stalls.merge(where, 1, Integer::sum);
        samples++;
        if (!where.contains("RunnableQueue.getNextRunnable")) {
            busySamples++;
        }
    }

    /** Forgets what was measured so far (e.g. the idle floor once read). */
    void reset() {
        maxWaitNanos.set(0);
        synchronized (this) {
            stalls.clear();
            samples = 0;
            busySamples = 0;
        }
    }

    double maxWaitMillis() {
        return maxWaitNanos.get() / 1e6;
    }

    /**
     * True when a heartbeat was overdue while every sample found the FX thread idle: the delay was the machine
     * not scheduling threads (a loaded CI host), not the FX thread being blocked.
     */
    synchronized boolean overdueOnlyWhileIdle() {
        return samples > 0 && busySamples == 0;
    }

    long beats() {
        return beats.get();
    }

    /** The FX thread's most frequent stacks while a heartbeat was overdue. */
    synchronized String stalls() {
        return stalls.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
                .map(e -> e.getValue() + "/" + samples + "  " + e.getKey()).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        heart.shutdownNow();
    }
}
