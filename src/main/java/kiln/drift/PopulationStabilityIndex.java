package kiln.drift;

import kiln.domain.DriftLevel;

/**
 * Population stability index over reference quantile bins: the credit-scoring standard for "has this
 * feature's distribution moved", cheap on bin counts and readable on a fixed scale.
 *
 * <p>PSI = sum over bins of (c - r) * ln(c / r), with r and c the reference and current shares of
 * non-missing values. An empty bin would make the log infinite, so shares are floored at
 * {@link #EPSILON} = 1e-4: a bin holding 10 % now and nothing in the reference then contributes about
 * 0.1 * ln(1000) = 0.69 (a clear alert) instead of infinity. Missing values are left out (the
 * data-quality check reports them). Defaults: warn at 0.1, alert at 0.25.
 */
public final class PopulationStabilityIndex {
    /** Floor for empty-bin shares; see the class comment. */
    public static final double EPSILON = 1e-4;
    public static final double DEFAULT_WARN = 0.1;
    public static final double DEFAULT_ALERT = 0.25;

    private PopulationStabilityIndex() {}

    /** PSI between two distributions binned over the same edges; NaN if either has no values. */
    public static double of(BinnedDistribution reference, BinnedDistribution current) {
        reference.requireSameBins(current);
        if (reference.present() == 0 || current.present() == 0) {
            return Double.NaN;
        }
        return fromShares(reference.shares(), current.shares());
    }

    /** PSI from raw samples, binned on {@code bins} reference quantiles. */
    public static double of(double[] reference, double[] current, int bins) {
        double[] edges = BinnedDistribution.quantileEdges(reference, bins);
        return of(BinnedDistribution.of(edges, reference), BinnedDistribution.of(edges, current));
    }

    /** PSI from two share vectors of equal length (each summing to 1). */
    public static double fromShares(double[] reference, double[] current) {
        if (reference.length != current.length) {
            throw new IllegalArgumentException("share vectors differ in length");
        }
        double psi = 0;
        for (int i = 0; i < reference.length; i++) {
            double r = Math.max(reference[i], EPSILON);
            double c = Math.max(current[i], EPSILON);
            psi += (c - r) * Math.log(c / r);
        }
        return psi;
    }

    /** Level for a PSI value under the given thresholds (NaN, i.e. no data, is OK: nothing to judge). */
    public static DriftLevel level(double psi, double warn, double alert) {
        if (psi >= alert) {
            return DriftLevel.ALERT;
        }
        return psi >= warn ? DriftLevel.WARN : DriftLevel.OK;
    }
}
