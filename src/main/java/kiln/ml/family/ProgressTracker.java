package kiln.ml.family;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import kiln.domain.ProgressSink;

/**
 * Counts finished groups and pooled runs and reports them coalesced: at most one report every
 * {@value #REPORT_EVERY_MS} ms whatever the number of groups, plus the last.
 */
final class ProgressTracker {

    static final long REPORT_EVERY_MS = 250;

    private final int groups;
    private final int pooledRuns;
    private final long startNanos;
    private final ProgressSink sink;
    private final PerGroupListener listener;
    private final AtomicInteger groupsDone = new AtomicInteger();
    private final AtomicInteger pooledDone = new AtomicInteger();
    private final AtomicLong lastReport = new AtomicLong(Long.MIN_VALUE);

    ProgressTracker(int groups, int pooledRuns, long startNanos, ProgressSink sink, PerGroupListener listener) {
        this.groups = groups;
        this.pooledRuns = pooledRuns;
        this.startNanos = startNanos;
        this.sink = sink;
        this.listener = listener;
    }

    void groupDone() {
        groupsDone.incrementAndGet();
        report(false);
    }

    void pooledDone() {
        pooledDone.incrementAndGet();
        report(false);
    }

    /** Reports unless one was made less than {@link #REPORT_EVERY_MS} ago; {@code force} reports anyway. */
    void report(boolean force) {
        long now = System.nanoTime();
        long last = lastReport.get();
        if (!force && last != Long.MIN_VALUE && now - last < REPORT_EVERY_MS * 1_000_000) {
            return;
        }
        if (!lastReport.compareAndSet(last, now) && !force) {
            return; // another worker is reporting this moment
        }
        int g = groupsDone.get();
        int p = pooledDone.get();
        long elapsed = (now - startNanos) / 1_000_000;
        // The pooled sweep trains the same grid on every row: about as much work as all groups together.
        double pooledWeight = pooledRuns == 0 ? 0 : Math.max(1.0, groups) / pooledRuns;
        double units = groups + pooledRuns * pooledWeight;
        double doneUnits = g + p * pooledWeight;
        long eta = doneUnits >= units ? 0 : doneUnits == 0 ? -1 : (long) (elapsed * (units - doneUnits) / doneUnits);
        synchronized (this) {
            listener.progress(new PerGroupListener.Progress(g, groups, p, pooledRuns, elapsed, eta));
            sink.progress(g, groups, g + " of " + groups + " groups, " + p + " of " + pooledRuns + " pooled runs"
                    + (eta > 0 ? ", about " + (eta + 999) / 1000 + " s left" : ""));
        }
    }
}
