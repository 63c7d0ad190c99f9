package kiln.monitor;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A window's values counted on a fine grid fixed by the reference: bin k holds x with
 * {@code lo + k·width <= x < lo + (k+1)·width}, where lo is the reference minimum and width is
 * 1/{@value #BINS} of the reference range; the grid runs on past both ends (negative k, k >= BINS), so
 * shifted or rescaled data keep their resolution. Counting is a plain hash aggregate in SQL (no sort
 * per window), histograms of hours add up to their day's, and quantiles are read off the cumulative
 * counts with linear interpolation inside a bin, clamped to the window's exact min and max: each is
 * within one bin width (0.5 % of the reference range) of the exact {@code quantile_cont}.
 */
record FineBins(double lo, double width) {
    static final int BINS = 200;

    /** The grid of a reference with range [min, max]; null when the reference has no values. */
    static FineBins of(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            return null;
        }
        double width = (max - min) / BINS;
        if (!(width > 0)) {
            width = Math.max(Math.abs(min), 1.0) * 1e-3; // a constant reference: any spread is news
        }
        return new FineBins(min, width);
    }

    /** SQL: the bin key of x (NULL stays NULL). */
    String keyExpression(String x) {
        return "floor((" + x + " - " + SqlText.number(lo) + ") / " + SqlText.number(width) + ")::BIGINT";
    }

    /** Sums histograms given as parallel key/count arrays; returns {keys, counts} sorted by key. */
    static long[][] merge(Iterable<long[][]> parts) {
        TreeMap<Long, Long> sum = new TreeMap<>();
        for (long[][] p : parts) {
            for (int i = 0; i < p[0].length; i++) {
                sum.merge(p[0][i], p[1][i], Long::sum);
            }
        }
        long[] keys = new long[sum.size()];
        long[] counts = new long[sum.size()];
        int i = 0;
        for (Map.Entry<Long, Long> e : sum.entrySet()) {
            keys[i] = e.getKey();
            counts[i++] = e.getValue();
        }
        return new long[][] {keys, counts};
    }

    /**
     * Quantiles at {@code probs} of the counted values whose exact range is [min, max]; null when
     * nothing was counted. Keys need not be sorted.
     */
    double[] quantiles(long[] keys, long[] counts, double min, double max, double[] probs) {
        if (keys == null || keys.length == 0 || !Double.isFinite(min) || !Double.isFinite(max)) {
            return null;
        }
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        if (n == 0) {
            return null;
        }
        double[] out = new double[probs.length];
        int bin = 0;
        long before = 0;
        for (int q = 0; q < probs.length; q++) {
            double rank = probs[q] * n;
            while (bin < order.length - 1 && before + counts[order[bin]] < rank) {
                before += counts[order[bin]];
                bin++;
            }
            long k = keys[order[bin]];
            double from = Math.max(min, lo + k * width);
            double to = Math.min(max, lo + (k + 1) * width);
            long c = counts[order[bin]];
            double f = c == 0 ? 0 : Math.min(1, Math.max(0, (rank - before) / c));
            out[q] = Math.min(max, Math.max(min, from + f * (Math.max(from, to) - from)));
        }
        for (int q = 1; q < out.length; q++) {
            out[q] = Math.max(out[q], out[q - 1]);
        }
        return out;
    }
}
