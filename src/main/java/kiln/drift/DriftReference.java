package kiln.drift;

import java.util.TreeSet;

/**
 * A feature's reference as the drift verdict needs it: its values counted on the grid every window is
 * counted on, the PSI bins (cut at its deciles, on grid lines), its standard deviation (the
 * Wasserstein scale) and its chance thresholds. {@link #judge} gives a window's verdict from the
 * window's counts on the same grid alone.
 *
 * <p>Its parts: the grid {@code width} (bin k holds lo + k·width <= x < lo + (k+1)·width), the
 * reference's {@code counts} on the grid, the {@code psiLines} (PSI bin edges as grid line numbers,
 * ascending), the {@code std} of its values and its chance thresholds {@code nulls} (null: none,
 * nothing is judged).
 */
public final class DriftReference {
    private final double width;
    private final GridCounts counts;
    private final long[] psiLines;
    private final double std;
    private final NullThresholds nulls;
    /** The reference's own PSI counts, kept: every window is compared with them. */
    private final BinnedDistribution psiBins;

    public DriftReference(double width, GridCounts counts, long[] psiLines, double std, NullThresholds nulls) {
        this.width = width;
        this.counts = counts;
        this.psiLines = psiLines.clone();
        this.std = std;
        this.nulls = nulls;
        this.psiBins = new BinnedDistribution(edgesOf(psiLines), psiCounts(counts), 0);
    }

    public double width() {
        return width;
    }

    public GridCounts counts() {
        return counts;
    }

    public long[] psiLines() {
        return psiLines.clone();
    }

    public double std() {
        return std;
    }

    public NullThresholds nulls() {
        return nulls;
    }

    /** A reference with its chance thresholds bootstrapped (seeded by the feature's name). */
    public static DriftReference withNulls(String feature, double width, GridCounts counts, long[] psiLines, double std) {
        NullThresholds nulls = counts.n() == 0 ? null
                : NullThresholds.bootstrap(counts, psiLines, std > 0 ? width / std : 0, NullThresholds.seedOf(feature));
        return new DriftReference(width, counts, psiLines, std, nulls);
    }

    /** Grid lines at the reference's {@code bins}-quantiles (the first line past each), duplicates dropped. */
    public static long[] quantileLines(GridCounts counts, int bins) {
        long n = counts.n();
        TreeSet<Long> lines = new TreeSet<>();
        long cum = 0;
        int next = 1;
        for (int i = 0; i < counts.keys().length && next < bins; i++) {
            cum += counts.counts()[i];
            while (next < bins && cum >= (double) next * n / bins) {
                lines.add(counts.keys()[i] + 1);
                next++;
            }
        }
        lines.remove(counts.keys().length == 0 ? Long.MIN_VALUE : counts.keys()[counts.keys().length - 1] + 1);
        return lines.stream().mapToLong(Long::longValue).toArray();
    }

    public long n() {
        return counts.n();
    }

    /** Counts per PSI bin of counts on the grid (bin b: keys with b lines at or below them). */
    public long[] psiCounts(GridCounts window) {
        long[] coarse = new long[psiLines.length + 1];
        for (int i = 0; i < window.keys().length; i++) {
            int b = 0;
            while (b < psiLines.length && psiLines[b] <= window.keys()[i]) {
                b++;
            }
            coarse[b] += window.counts()[i];
        }
        return coarse;
    }

    /** Wasserstein-1 between the reference and a window, divided by the reference's standard deviation. */
    public double wasserstein(GridCounts window) {
        double w = GridCounts.wassersteinBins(counts, window) * width;
        if (Double.isNaN(w)) {
            return w;
        }
        if (std > 0) {
            return w / std;
        }
        return w == 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    /** The verdict on a window counted on this reference's grid, at the false-alarm level alpha. */
    public FeatureDrift judge(String feature, GridCounts window, double alpha, DriftThresholds thresholds) {
        double psi = PopulationStabilityIndex.of(psiBins, new BinnedDistribution(psiBins.edges(), psiCounts(window), 0));
        return FeatureDrift.combine(feature, n(), window.n(), psi, GridCounts.ksDistance(counts, window), wasserstein(window),
                nulls, alpha, thresholds);
    }

    /** Stand-in edges for the PSI bins (only their number and order matter to PSI). */
    private static double[] edgesOf(long[] lines) {
        double[] edges = new double[lines.length];
        for (int i = 0; i < lines.length; i++) {
            edges[i] = lines[i];
        }
        return edges;
    }
}
