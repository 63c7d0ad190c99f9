package kiln.ui.experiments;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

import kiln.ml.sweep.SweepListener.RunState;

/**
 * Time left in a sweep, from how long its trained runs took and how many run side by side: the runs
 * in flight finish after the mean duration, and each queued run goes to the worker free first.
 * Unknown until a run has been trained (reused runs take no time and say nothing about the pace).
 * Thread-safe: workers report, the UI thread asks.
 */
final class SweepEta {

    private final int workers;
    private final LongSupplier nanoTime;
    private final Map<Integer, Long> startedAt = new HashMap<>();
    private long trainedRuns;
    private long trainedNanos;

    /** @param nanoTime the clock ({@code System::nanoTime} in the app) */
    SweepEta(int workers, LongSupplier nanoTime) {
        this.workers = Math.max(1, workers);
        this.nanoTime = nanoTime;
    }

    /** Notes when a run starts and how long it took when it ends. */
    synchronized void runChanged(int index, RunState state) {
        if (state == RunState.RUNNING) {
            startedAt.putIfAbsent(index, nanoTime.getAsLong());
        } else if (state == RunState.FINISHED || state == RunState.FAILED || state == RunState.CANCELLED) {
            Long start = startedAt.remove(index);
            if (start != null && state == RunState.FINISHED) {
                trainedRuns++;
                trainedNanos += nanoTime.getAsLong() - start;
            }
        } else {
            startedAt.remove(index);
        }
    }

    /** Milliseconds left for {@code queued} runs not yet started plus those in flight; empty while unknown. */
    synchronized OptionalLong remainingMillis(int queued) {
        if (trainedRuns == 0) {
            return OptionalLong.empty();
        }
        long mean = trainedNanos / trainedRuns;
        long now = nanoTime.getAsLong();
        PriorityQueue<Long> freeAt = new PriorityQueue<>();
        List<Long> inFlight = new ArrayList<>(startedAt.values());
        for (long start : inFlight) {
            freeAt.add(Math.max(0, mean - (now - start)));
        }
        while (freeAt.size() < workers) {
            freeAt.add(0L);
        }
        for (int i = 0; i < queued; i++) {
            freeAt.add(freeAt.poll() + mean);
        }
        long last = 0;
        for (long t : freeAt) {
            last = Math.max(last, t);
        }
        return OptionalLong.of(last / 1_000_000);
    }

    synchronized int inFlight() {
        return startedAt.size();
    }
}
