package kiln.drift;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * ADWIN, ADaptive WINdowing (Bifet and Gavaldà, 2007): keeps a window of recent observations and drops
 * its older part whenever two sub-windows have means too different to be chance, so it needs no window
 * length and its bound on false alarms (δ) is explicit.
 *
 * <p>The window lives in an exponential histogram: row i holds at most {@code maxBuckets} (default 5)
 * buckets of 2^i observations, so memory and time are O(log n). Every {@code clock} (32) observations
 * each bucket boundary splits the window into W0 (older, n0) and W1 (newer, n1); with
 * m = 1/(1/n0 + 1/n1), δ' = δ/ln n and σ² the window variance, the split is a cut when
 * |μ0 - μ1| > √(2σ²/m · ln(2/δ')) + 2/(3m) · ln(2/δ'). Cuts drop the oldest bucket and repeat; any cut
 * means DRIFT. WARNING means a split exceeds the same bound at the looser {@code warningDelta}.
 * {@link #add(double)} reports a cut either way; the error stream ({@link #update(boolean)}) reports
 * DRIFT only when the error rate rose, because a falling error rate (a retrain that worked) is no
 * reason to alert: the window still drops the old regime. {@link #lastDriftWasIncrease()} tells which.
 */
public final class Adwin implements ErrorStreamDetector {
    private static final class Bucket {
        final long count;
        final double sum;
        final double sumSquares;

        Bucket(long count, double sum, double sumSquares) {
            this.count = count;
            this.sum = sum;
            this.sumSquares = sumSquares;
        }
    }

    private final double delta;
    private final double warningDelta;
    private final int clock;
    private final int maxBuckets;
    private final int minSubWindow;
    private final List<ArrayDeque<Bucket>> rows = new ArrayList<>();
    private long width;
    private double total;
    private double totalSquares;
    private long seen;
    private boolean warning;
    private boolean lastDriftWasIncrease;

    public Adwin() {
        this(0.002, 0.05, 32, 5, 5);
    }

    public Adwin(double delta, double warningDelta, int clock, int maxBuckets, int minSubWindow) {
        if (!(delta > 0 && delta < 1 && warningDelta >= delta && warningDelta < 1 && clock > 0 && maxBuckets >= 2
                && minSubWindow > 0)) {
            throw new IllegalArgumentException("need 0 < delta <= warningDelta < 1, clock > 0, maxBuckets >= 2");
        }
        this.delta = delta;
        this.warningDelta = warningDelta;
        this.clock = clock;
        this.maxBuckets = maxBuckets;
        this.minSubWindow = minSubWindow;
    }

    @Override
    public DetectorState update(boolean error) {
        DetectorState state = add(error ? 1 : 0);
        return state == DetectorState.DRIFT && !lastDriftWasIncrease ? DetectorState.STABLE : state;
    }

    /** Adds one real-valued observation (the error stream uses 0 and 1). */
    public DetectorState add(double x) {
        insert(new Bucket(1, x, x * x));
        seen++;
        if (seen % clock != 0 || width < 2L * minSubWindow) {
            return warning ? DetectorState.WARNING : DetectorState.STABLE;
        }
        boolean drift = false;
        while (true) {
            Split split = worstSplit();
            if (split == null || !split.cut) {
                warning = split != null && split.warn;
                break;
            }
            drift = true;
            lastDriftWasIncrease = split.newerMean > split.olderMean;
            dropOldest();
        }
        if (drift) {
            warning = false;
            return DetectorState.DRIFT;
        }
        return warning ? DetectorState.WARNING : DetectorState.STABLE;
    }

    private record Split(boolean cut, boolean warn, double olderMean, double newerMean) {
    }

    /** Checks every bucket boundary, oldest first; returns the first cut, else whether any split warns. */
    private Split worstSplit() {
        double variance = Math.max(0, totalSquares / width - (total / width) * (total / width));
        double logCut = Math.log(2 / (delta / Math.log(width)));
        double logWarn = Math.log(2 / (warningDelta / Math.log(width)));
        long n0 = 0;
        double s0 = 0;
        boolean warn = false;
        for (int r = rows.size() - 1; r >= 0; r--) {
            for (Bucket b : rows.get(r)) {
                n0 += b.count;
                s0 += b.sum;
                long n1 = width - n0;
                if (n0 < minSubWindow || n1 < minSubWindow) {
                    continue;
                }
                double u0 = s0 / n0;
                double u1 = (total - s0) / n1;
                double m = 1.0 / (1.0 / n0 + 1.0 / n1);
                double gap = Math.abs(u0 - u1);
                if (gap > bound(variance, m, logCut)) {
                    return new Split(true, true, u0, u1);
                }
                warn |= gap > bound(variance, m, logWarn);
            }
        }
        return new Split(false, warn, 0, 0);
    }

    private static double bound(double variance, double m, double log) {
        return Math.sqrt(2 * variance / m * log) + 2.0 / (3 * m) * log;
    }

    private void insert(Bucket bucket) {
        if (rows.isEmpty()) {
            rows.add(new ArrayDeque<>());
        }
        rows.get(0).addLast(bucket);
        width += bucket.count;
        total += bucket.sum;
        totalSquares += bucket.sumSquares;
        for (int r = 0; r < rows.size(); r++) {
            ArrayDeque<Bucket> row = rows.get(r);
            if (row.size() <= maxBuckets) {
                break;
            }
            Bucket a = row.pollFirst();
            Bucket b = row.pollFirst();
            if (r + 1 == rows.size()) {
                rows.add(new ArrayDeque<>());
            }
            rows.get(r + 1).addLast(new Bucket(a.count + b.count, a.sum + b.sum, a.sumSquares + b.sumSquares));
        }
    }

    private void dropOldest() {
        for (int r = rows.size() - 1; r >= 0; r--) {
            Iterator<Bucket> it = rows.get(r).iterator();
            if (it.hasNext()) {
                Bucket b = it.next();
                it.remove();
                width -= b.count;
                total -= b.sum;
                totalSquares -= b.sumSquares;
                return;
            }
        }
    }

    /** Mean of the current window: the detector's estimate of the present error rate. */
    public double estimate() {
        return width == 0 ? Double.NaN : total / width;
    }

    /** Number of observations in the current window. */
    public long width() {
        return width;
    }

    /** Whether the most recent drift was a rise of the mean (a worse error rate). */
    public boolean lastDriftWasIncrease() {
        return lastDriftWasIncrease;
    }

    @Override
    public void reset() {
        rows.clear();
        width = 0;
        total = 0;
        totalSquares = 0;
        seen = 0;
        warning = false;
        lastDriftWasIncrease = false;
    }

    @Override
    public String name() {
        return "ADWIN";
    }

    /**
     * [seen, warning, lastDriftWasIncrease, width, total, totalSquares, rows, then per row its bucket
     * count and (count, sum, sumSquares) per bucket]; the running totals are kept as they are, not
     * re-summed, so a restored detector decides bit for bit as the original would.
     */
    @Override
    public double[] snapshot() {
        int size = 7;
        for (ArrayDeque<Bucket> row : rows) {
            size += 1 + 3 * row.size();
        }
        double[] out = new double[size];
        out[0] = seen;
        out[1] = warning ? 1 : 0;
        out[2] = lastDriftWasIncrease ? 1 : 0;
        out[3] = width;
        out[4] = total;
        out[5] = totalSquares;
        out[6] = rows.size();
        int i = 7;
        for (ArrayDeque<Bucket> row : rows) {
            out[i++] = row.size();
            for (Bucket b : row) {
                out[i++] = b.count;
                out[i++] = b.sum;
                out[i++] = b.sumSquares;
            }
        }
        return out;
    }

    @Override
    public void restore(double[] snapshot) {
        reset();
        try {
            seen = (long) snapshot[0];
            warning = snapshot[1] != 0;
            lastDriftWasIncrease = snapshot[2] != 0;
            int rowCount = (int) snapshot[6];
            int i = 7;
            for (int r = 0; r < rowCount; r++) {
                ArrayDeque<Bucket> row = new ArrayDeque<>();
                int buckets = (int) snapshot[i++];
                for (int b = 0; b < buckets; b++) {
                    Bucket bucket = new Bucket((long) snapshot[i], snapshot[i + 1], snapshot[i + 2]);
                    i += 3;
                    row.addLast(bucket);
                }
                rows.add(row);
            }
            width = (long) snapshot[3];
            total = snapshot[4];
            totalSquares = snapshot[5];
            if (i != snapshot.length) {
                throw new IllegalArgumentException("not an ADWIN snapshot: " + (snapshot.length - i) + " numbers left over");
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            reset();
            throw new IllegalArgumentException("not an ADWIN snapshot: too short", e);
        }
    }
}
