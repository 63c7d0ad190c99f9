package kiln.drift;

/**
 * Drift of a categorical feature in one window: the category shares now against the reference's.
 * Both count vectors list the same buckets in the same order: the reference's categories, and last
 * the bucket of values the reference never saw (empty in the reference itself). Missing values are
 * not counted (the data-quality check reports them).
 *
 * <ul>
 *   <li>PSI over the buckets, as for numeric features ({@link PopulationStabilityIndex}, shares floored
 *       at its epsilon, so a new category holding 10 % of the window alone scores about 0.69);</li>
 *   <li>the total variation distance, the largest difference in share any set of categories can show:
 *       for unordered categories the analogue of the Kolmogorov-Smirnov D, which is the same largest
 *       difference taken over the ordered sets (x <= t) only;</li>
 *   <li>the chi-square test of homogeneity (reference vs window, buckets empty in both left out) and
 *       its p-value.</li>
 * </ul>
 * The level is judged as for numeric features: the PSI level, ALERT when p < ksMaxP and the distance
 * exceeds ksMinD; a window with fewer than {@link FeatureDrift#MIN_ROWS} values stays OK.
 */
public record CategoryDrift(double psi, double distance, double chiSquare, int dof, double pValue, DriftLevel level) {

    /** An empty reference or window: nothing to compare. */
    public static final CategoryDrift NONE = new CategoryDrift(Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, DriftLevel.OK);

    public static CategoryDrift evaluate(long[] reference, long[] current, DriftThresholds thresholds) {
        if (reference.length != current.length) {
            throw new IllegalArgumentException("reference has " + reference.length + " buckets, the window " + current.length);
        }
        long refN = sum(reference);
        long curN = sum(current);
        if (refN == 0 || curN == 0) {
            return NONE;
        }
        double[] r = new double[reference.length];
        double[] c = new double[current.length];
        double distance = 0;
        for (int i = 0; i < r.length; i++) {
            r[i] = (double) reference[i] / refN;
            c[i] = (double) current[i] / curN;
            distance += Math.abs(r[i] - c[i]);
        }
        distance /= 2;
        double psi = PopulationStabilityIndex.fromShares(r, c);
        // Chi-square of the 2 x k table: expected counts from the pooled share of each bucket.
        double chi = 0;
        int used = 0;
        double total = refN + curN;
        for (int i = 0; i < r.length; i++) {
            long pooled = reference[i] + current[i];
            if (pooled == 0) {
                continue;
            }
            used++;
            double expectedRef = pooled * refN / total;
            double expectedCur = pooled * curN / total;
            chi += sq(reference[i] - expectedRef) / expectedRef + sq(current[i] - expectedCur) / expectedCur;
        }
        int dof = used - 1;
        double p = dof < 1 ? 1.0 : ChiSquare.upperTail(chi, dof);
        DriftLevel level = DriftLevel.OK;
        if (curN >= FeatureDrift.MIN_ROWS) {
            level = PopulationStabilityIndex.level(psi, thresholds.psiWarn(), thresholds.psiAlert());
            if (p < thresholds.ksMaxP() && distance > thresholds.ksMinD()) {
                level = DriftLevel.ALERT;
            }
        }
        return new CategoryDrift(psi, distance, chi, dof, p, level);
    }

    private static long sum(long[] counts) {
        long n = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count " + c);
            }
            n += c;
        }
        return n;
    }

    private static double sq(double v) {
        return v * v;
    }
}
