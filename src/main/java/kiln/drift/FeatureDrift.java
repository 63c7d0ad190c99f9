package kiln.drift;

import kiln.domain.DriftLevel;

/**
 * The drift verdict on one feature in one window, which the heatmap cell and the drift alert rule
 * both read, with the three statistics behind it.
 *
 * <p>One documented combination ({@code docs/drift.md}, "The verdict"):
 * <ol>
 * <li><b>Too few rows to judge</b> when a shift of one standard deviation could not be significant at
 * the window's level {@code alpha} (Kolmogorov's law at the effective size ne = n·m/(n+m):
 * Q(√ne·0.383) ≥ alpha), or when there is no reference to judge against.</li>
 * <li><b>Stable</b> unless the Kolmogorov–Smirnov test rejects at {@code alpha}: KS alone decides
 * whether anything changed, so the false-alarm rate of every coloured verdict is at most alpha.</li>
 * <li><b>Drift</b> when, besides, PSI and W/std both exceed what chance gives at this size (their
 * bootstrapped {@link NullThresholds}) and W/std is at least {@code minShift}; otherwise a
 * <b>small change</b>: certain, but too small or too narrow to act on.</li>
 * </ol>
 *
 * @param psi         PSI over the reference's decile bins
 * @param ks          KS distance on the shared grid and its p-value
 * @param wasserstein Wasserstein-1 divided by the reference's standard deviation
 */
public record FeatureDrift(String feature, double psi, KolmogorovSmirnov.Result ks, double wasserstein, Verdict verdict) {

    /** What a window's statistics say, from least to most severe. */
    public enum Verdict {
        TOO_FEW, STABLE, SMALL_CHANGE, DRIFT;

        /** The traffic light: too few and stable are OK, a small change WARN, drift ALERT. */
        public DriftLevel level() {
            return switch (this) {
                case DRIFT -> DriftLevel.ALERT;
                case SMALL_CHANGE -> DriftLevel.WARN;
                default -> DriftLevel.OK;
            };
        }
    }

    public DriftLevel level() {
        return verdict.level();
    }

    public boolean judged() {
        return verdict != Verdict.TOO_FEW;
    }

    /** Effective size of a two-sample comparison, n·m/(n+m). */
    public static double effectiveSize(long n, long m) {
        return n == 0 || m == 0 ? 0 : (double) n * m / (n + m);
    }

    /** KS distance between a normal distribution and the same shifted by one standard deviation, 2Φ(½) − 1. */
    public static final double ONE_SD_SHIFT_DISTANCE = 2 * Normal.cdf(0.5) - 1;

    /**
     * Whether a window of effective size ne can be judged at level alpha: whether KS could flag a shift
     * of one standard deviation there (a gap of {@link #ONE_SD_SHIFT_DISTANCE}). A smaller window could
     * only ever call a near-complete separation, and "stable" from it would promise more than it knows.
     */
    public static boolean judgeable(double ne, double alpha) {
        return ne > 0 && KolmogorovSmirnov.kolmogorovQ(Math.sqrt(ne) * ONE_SD_SHIFT_DISTANCE) < alpha;
    }

    /**
     * Combines the statistics of one window (see the class comment).
     *
     * @param referenceRows values in the reference (n)
     * @param rows          values in the window (m)
     * @param ksDistance    KS distance on the shared grid
     * @param wasserstein   W1 / reference std
     * @param nulls         the reference's chance thresholds (null: not judged)
     * @param alpha         the window's false-alarm level
     */
    public static FeatureDrift combine(String feature, long referenceRows, long rows, double psi, double ksDistance,
            double wasserstein, NullThresholds nulls, double alpha, DriftThresholds t) {
        double ne = effectiveSize(referenceRows, rows);
        double p = ne > 0 && !Double.isNaN(ksDistance) ? KolmogorovSmirnov.asymptoticPValue(ksDistance, referenceRows, rows)
                : Double.NaN;
        KolmogorovSmirnov.Result ks = new KolmogorovSmirnov.Result(ksDistance, p, referenceRows, rows);
        Verdict verdict;
        if (nulls == null || !judgeable(ne, alpha) || Double.isNaN(p)) {
            verdict = Verdict.TOO_FEW;
        } else if (!(p < alpha)) {
            verdict = Verdict.STABLE;
        } else if (psi > nulls.psiAt(ne) && wasserstein > nulls.wassersteinAt(ne) && wasserstein >= t.minShift()) {
            verdict = Verdict.DRIFT;
        } else {
            verdict = Verdict.SMALL_CHANGE;
        }
        return new FeatureDrift(feature, psi, ks, wasserstein, verdict);
    }
}
