package kiln.drift;

import java.util.Arrays;

/**
 * Values counted on a grid of equal-width bins that a reference and every window compared with it
 * share: bin {@code k} holds {@code lo + k·width <= x < lo + (k+1)·width} (the monitor's fine grid,
 * 200 bins over the reference range, running on past both ends). Only occupied bins are kept, keys
 * ascending. Comparing two distributions bin by bin on the same grid needs no interpolation: the CDFs
 * are compared at every grid line (Kolmogorov–Smirnov) and integrated between them (Wasserstein), so
 * nothing is inflated by the windows' extreme values.
 *
 * @param keys   occupied bin numbers, strictly ascending
 * @param counts values per occupied bin (positive)
 */
public record GridCounts(long[] keys, long[] counts) {

    public GridCounts {
        if (keys.length != counts.length) {
            throw new IllegalArgumentException("keys and counts differ in length");
        }
        for (int i = 1; i < keys.length; i++) {
            if (keys[i] <= keys[i - 1]) {
                throw new IllegalArgumentException("grid keys must be strictly ascending");
            }
        }
    }

    /** Counts raw values (NaN = missing, left out) on the grid {@code (lo, width)}. */
    public static GridCounts of(double lo, double width, double[] values) {
        long[] all = new long[values.length];
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                all[n++] = (long) Math.floor((v - lo) / width);
            }
        }
        Arrays.sort(all, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            distinct += i == 0 || all[i] != all[i - 1] ? 1 : 0;
        }
        long[] keys = new long[distinct];
        long[] counts = new long[distinct];
        for (int i = 0, b = -1; i < n; i++) {
            if (i == 0 || all[i] != all[i - 1]) {
                keys[++b] = all[i];
            }
            counts[b]++;
        }
        return new GridCounts(keys, counts);
    }

    /** Number of counted values. */
    public long n() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /**
     * Kolmogorov–Smirnov distance: the largest gap between the two CDFs at the grid lines. Within one
     * bin width of the raw samples' distance, and never above it, so a p-value from it is conservative.
     */
    public static double ksDistance(GridCounts a, GridCounts b) {
        return compare(a, b)[0];
    }

    /**
     * Wasserstein-1 distance in grid widths, every value taken at the middle of its bin: the integral
     * of the CDF gap between consecutive occupied bins. Multiply by the width for the value's units.
     */
    public static double wassersteinBins(GridCounts a, GridCounts b) {
        return compare(a, b)[1];
    }

    /** {KS distance, W1 in bins}; NaN for both if either side is empty. */
    static double[] compare(GridCounts a, GridCounts b) {
        double na = a.n();
        double nb = b.n();
        if (na == 0 || nb == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int i = 0;
        int j = 0;
        long ca = 0;
        long cb = 0;
        double d = 0;
        double w = 0;
        while (i < a.keys.length || j < b.keys.length) {
            long k = Math.min(i < a.keys.length ? a.keys[i] : Long.MAX_VALUE, j < b.keys.length ? b.keys[j] : Long.MAX_VALUE);
            if (i < a.keys.length && a.keys[i] == k) {
                ca += a.counts[i++];
            }
            if (j < b.keys.length && b.keys[j] == k) {
                cb += b.counts[j++];
            }
            double gap = Math.abs(ca / na - cb / nb);
            d = Math.max(d, gap);
            long next = Math.min(i < a.keys.length ? a.keys[i] : Long.MAX_VALUE, j < b.keys.length ? b.keys[j] : Long.MAX_VALUE);
            if (next != Long.MAX_VALUE) {
                w += gap * (double) (next - k);
            }
        }
        return new double[] {d, w};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GridCounts g && Arrays.equals(keys, g.keys) && Arrays.equals(counts, g.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(keys) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "GridCounts" + Arrays.toString(keys) + Arrays.toString(counts);
    }
}
