package kiln.drift;

/**
 * The three drift statistics of one feature for one window and the verdict they give together: the
 * heatmap cell and the drift alert rule both read this one value.
 *
 * <p>The level is the worst of: the PSI level, ALERT when KS alerts (p < ksMaxP and D > ksMinD), and
 * WARN when the normalised Wasserstein distance reaches its threshold (on a day of ~200 rows its
 * sampling noise alone is about 0.1, so it corroborates rather than decides). A window with fewer
 * than {@link #MIN_ROWS} rows is too small to judge and stays OK (its statistics are still kept).
 * NaN statistics (an empty window) do not count.
 */
public record FeatureDrift(String feature, double psi, KolmogorovSmirnov.Result ks, double wasserstein,
        DriftLevel level) {

    /** Fewer rows than this cannot support a drift verdict (PSI of a 7-row hour is routinely above 1). */
    public static final long MIN_ROWS = 50;

    /** From SQL summaries: bins over the reference quantile edges and quantiles on a shared grid. */
    public static FeatureDrift evaluate(String feature, BinnedDistribution referenceBins, BinnedDistribution currentBins,
            QuantileSummary referenceQuantiles, QuantileSummary currentQuantiles, DriftThresholds thresholds) {
        return combine(feature, PopulationStabilityIndex.of(referenceBins, currentBins),
                KolmogorovSmirnov.test(referenceBins, currentBins),
                Wasserstein.normalised(referenceQuantiles, currentQuantiles), thresholds, currentBins.present());
    }

    /** From raw samples (small windows and tests): exact KS and W1, PSI over {@code bins} reference quantiles. */
    public static FeatureDrift evaluate(String feature, double[] reference, double[] current, int bins,
            DriftThresholds thresholds) {
        return combine(feature, PopulationStabilityIndex.of(reference, current, bins),
                KolmogorovSmirnov.test(reference, current), Wasserstein.normalised(reference, current), thresholds, current.length);
    }

    private static FeatureDrift combine(String feature, double psi, KolmogorovSmirnov.Result ks, double wasserstein,
            DriftThresholds t, long rows) {
        if (rows < MIN_ROWS) {
            return new FeatureDrift(feature, psi, ks, wasserstein, DriftLevel.OK);
        }
        DriftLevel level = PopulationStabilityIndex.level(psi, t.psiWarn(), t.psiAlert());
        if (ks.alert(t.ksMaxP(), t.ksMinD())) {
            level = DriftLevel.ALERT;
        }
        if (wasserstein >= t.wassersteinAlert()) {
            level = level.worst(DriftLevel.WARN);
        }
        return new FeatureDrift(feature, psi, ks, wasserstein, level);
    }
}
