package kiln.ui.experiments;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import kiln.domain.ProgressSink;
import kiln.ml.sweep.SweepListener;

/**
 * The live board of a running sweep: one row per planned run and an overall line with the time left
 * ({@link SweepEta}: from the trained runs' durations and the number of workers, "estimating…" until
 * the first run is trained). Worker threads only record the newest state per run; at most one hop to
 * the UI thread is pending at any time, so hundreds of progress events per second cost one UI update
 * per pulse.
 */
public final class SweepBoard implements SweepListener {

    /** One planned run as the board shows it. */
    public record Row(int index, String trainer, String params, RunState state, Long runId, double fraction, String message) {
    }

    private static final Pattern LONG_DECIMAL = Pattern.compile("\\d+\\.\\d{5,}");
    private final Executor uiThread;
    private final Map<Integer, RunProgress> pendingRuns = new TreeMap<>();
    private final AtomicReference<SweepProgress> pendingSweep = new AtomicReference<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(this, "fraction", 0);
    private final LongSupplier nanoTime;
    private volatile SweepEta eta;
    private long startedNanos;
    private SweepProgress lastSweep;
    /** After finish(): late news from the workers no longer replaces the final line. */
    private boolean finished;
    private long flushes;

    /** @param uiThread runs a task on the UI thread ({@code Platform::runLater} in the app, direct in tests) */
    public SweepBoard(Executor uiThread) {
        this(uiThread, System::nanoTime);
    }

    /** @param nanoTime the clock that times runs and the sweep (tests pass their own) */
    SweepBoard(Executor uiThread, LongSupplier nanoTime) {
        this.uiThread = uiThread;
        this.nanoTime = nanoTime;
        this.eta = new SweepEta(1, nanoTime);
    }

    @Override
    public void runUpdated(RunProgress progress) {
        // timed here, on the worker: the board only keeps the newest state, and a run can start and end between two flushes
        eta.runChanged(progress.index(), progress.state());
        synchronized (pendingRuns) {
            pendingRuns.put(progress.index(), progress);
        }
        scheduleFlush();
    }

    @Override
    public void sweepUpdated(SweepProgress progress) {
        pendingSweep.set(progress);
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (flushScheduled.compareAndSet(false, true)) {
            uiThread.execute(this::flush);
        }
    }

    /** Applies everything recorded since the last flush (UI thread). */
    void flush() {
        flushScheduled.set(false);
        Map<Integer, RunProgress> runs;
        synchronized (pendingRuns) {
            runs = new TreeMap<>(pendingRuns);
            pendingRuns.clear();
        }
        SweepProgress sweep = pendingSweep.getAndSet(null);
        flushes++;
        for (RunProgress p : runs.values()) {
            Row row = new Row(p.index(), p.trainer(), paramsText(p.params()), p.state(), p.runId(), p.fraction(), shortNumbers(p.message()));
            while (rows.size() <= p.index()) {
                rows.add(null);
            }
            rows.set(p.index(), row);
        }
        if (sweep != null) {
            lastSweep = sweep;
            fraction.set(sweep.total() == 0 ? 0 : (double) sweep.done() / sweep.total());
        }
        if (lastSweep != null && !finished) {
            // every flush, so the time left counts down between two finished runs
            summary.set(describe(lastSweep));
        }
    }

    private String describe(SweepProgress p) {
        long elapsed = (nanoTime.getAsLong() - startedNanos) / 1_000_000;
        return p.done() + " of " + p.total() + " runs · " + seconds(elapsed) + " elapsed · " + timeLeft(p.done(), p.total());
    }

    /** "about 12 s left", "estimating…" or "done" (any thread). */
    String timeLeft(long done, long total) {
        SweepEta current = eta;
        int queued = (int) Math.max(0, total - done - current.inFlight());
        OptionalLong left = current.remainingMillis(queued);
        return done >= total ? "done" : left.isEmpty() ? "estimating…" : "about " + seconds(left.getAsLong()) + " left";
    }

    /**
     * {@code sink} with the runs' progress worded by this board, so the status bar and the board give
     * the same time left (the runner's own guess divides the elapsed time by the runs done).
     */
    ProgressSink timingStatus(ProgressSink sink) {
        return new ProgressSink() {
            @Override
            public void progress(long done, long total, String message) {
                // before the first run the runner says what it is reading; keep that
                sink.progress(done, total, done == 0 ? message : done + " of " + total + " runs, " + timeLeft(done, total));
            }

            @Override
            public boolean isCancelled() {
                return sink.isCancelled();
            }

            @Override
            public void onCancel(Runnable action) {
                sink.onCancel(action);
            }
        };
    }

    private static String seconds(long millis) {
        long s = (millis + 999) / 1000;
        return s >= 120 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }

    /** "accuracy 0.9192708333333334" reads as "accuracy 0.9193". */
    static String shortNumbers(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = LONG_DECIMAL.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, String.format(Locale.ROOT, "%.4f", Double.parseDouble(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String paramsText(Map<String, Object> params) {
        return params == null ? "" : params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Clears the board for a new sweep run by {@code workers} workers side by side (UI thread). */
    void reset(String text, int workers) {
        synchronized (pendingRuns) {
            pendingRuns.clear();
        }
        eta = new SweepEta(workers, nanoTime);
        startedNanos = nanoTime.getAsLong();
        lastSweep = null;
        finished = false;
        pendingSweep.set(null);
        rows.clear();
        fraction.set(0);
        summary.set(text);
    }

    void finish(String text) {
        flush();
        finished = true;
        summary.set(text);
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty fractionProperty() {
        return fraction.getReadOnlyProperty();
    }

    /** How many UI updates the board has made (tests check that events are coalesced). */
    long flushCount() {
        return flushes;
    }
}
