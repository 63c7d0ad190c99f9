package kiln.drift;

import java.util.Arrays;

/**
 * A feature's distribution as counts over fixed bins, the form DuckDB can produce in one pass, so PSI
 * and the binned KS statistic never need raw rows.
 *
 * <p>{@code edges} are the k-1 strictly increasing interior cut points (normally reference quantiles);
 * they define k bins {@code (-inf, e0], (e0, e1], ..., (e[k-2], +inf)}: a value v falls in bin
 * {@code #{e : e < v}}, so values beyond the reference range still land in the outer bins.
 * {@code missing} counts NULL/NaN rows, which are not in any bin.
 */
public record BinnedDistribution(double[] edges, long[] counts, long missing) {

    public BinnedDistribution {
        edges = edges.clone();
        counts = counts.clone();
        if (counts.length != edges.length + 1) {
            throw new IllegalArgumentException("need edges.length + 1 counts: " + edges.length + " edges, "
                    + counts.length + " counts");
        }
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("edges must be strictly increasing at index " + i);
            }
        }
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative bin count " + c);
            }
        }
        if (missing < 0) {
            throw new IllegalArgumentException("negative missing count " + missing);
        }
    }

    /**
     * Interior edges at the reference quantiles j/bins (j = 1..bins-1), with repeated values (discrete
     * or heavily tied features) collapsed so every bin is distinct; may therefore give fewer bins.
     */
    public static double[] quantileEdges(double[] reference, int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("need at least 2 bins, got " + bins);
        }
        double[] sorted = Stats.sortedPresent(reference);
        if (sorted.length == 0) {
            throw new IllegalArgumentException("reference has no non-missing values");
        }
        return distinctEdges(sorted, bins);
    }

    private static double[] distinctEdges(double[] sorted, int bins) {
        double[] raw = new double[bins - 1];
        for (int j = 1; j < bins; j++) {
            raw[j - 1] = Stats.quantileSorted(sorted, (double) j / bins);
        }
        return Arrays.stream(raw).distinct().toArray();
    }

    /** Bins a raw sample (NaN = missing) over the given edges. */
    public static BinnedDistribution of(double[] edges, double[] sample) {
        long[] counts = new long[edges.length + 1];
        long missing = 0;
        for (double v : sample) {
            if (Double.isNaN(v)) {
                missing++;
            } else {
                counts[binIndex(edges, v)]++;
            }
        }
        return new BinnedDistribution(edges, counts, missing);
    }

    /** Index of the bin holding v: the number of edges strictly below v. */
    static int binIndex(double[] edges, double v) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Sum of two windows over the same bins: hourly counts add up to a day without rescanning rows. */
    public BinnedDistribution plus(BinnedDistribution other) {
        requireSameBins(other);
        long[] sum = new long[counts.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = counts[i] + other.counts[i];
        }
        return new BinnedDistribution(edges, sum, missing + other.missing);
    }

    /** Number of non-missing values. */
    public long present() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** Share of non-missing values in each bin (all zero when there are none). */
    public double[] shares() {
        long n = present();
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = n == 0 ? 0 : (double) counts[i] / n;
        }
        return shares;
    }

    /** Whether the other distribution uses exactly the same bins (required to compare them). */
    public boolean sameBins(BinnedDistribution other) {
        return Arrays.equals(edges, other.edges);
    }

    void requireSameBins(BinnedDistribution other) {
        if (!sameBins(other)) {
            throw new IllegalArgumentException("distributions have different bin edges: "
                    + Arrays.toString(edges) + " vs " + Arrays.toString(other.edges));
        }
    }

    @Override
    public double[] edges() {
        return edges.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinnedDistribution b && Arrays.equals(edges, b.edges)
                && Arrays.equals(counts, b.counts) && missing == b.missing;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(edges) + Arrays.hashCode(counts)) + Long.hashCode(missing);
    }

    @Override
    public String toString() {
        return "BinnedDistribution[edges=" + Arrays.toString(edges) + ", counts=" + Arrays.toString(counts)
                + ", missing=" + missing + "]";
    }
}
