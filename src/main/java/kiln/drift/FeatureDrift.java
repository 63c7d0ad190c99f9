package kiln.drift;

/**
 * The three drift statistics of one feature for one window and the verdict they give together: the
 * heatmap cell and the drift alert rule both read this one value.
 *
 * <p>The level is the worst of: the PSI level, ALERT when KS alerts (p < ksMaxP and D > ksMinD), and
 * ALERT when the normalised Wasserstein distance reaches its threshold. NaN statistics (an empty
 * window) do not count.
 */
public record FeatureDrift(String feature, double psi, KolmogorovSmirnov.Result ks, double wasserstein,
        DriftLevel level) {

    /** From SQL summaries: bins over the reference quantile edges and quantiles on a shared grid. */
    public static FeatureDrift evaluate(String feature, BinnedDistribution referenceBins, BinnedDistribution currentBins,
            QuantileSummary referenceQuantiles, QuantileSummary currentQuantiles, DriftThresholds thresholds) {
        return combine(feature, PopulationStabilityIndex.of(referenceBins, currentBins),
                KolmogorovSmirnov.test(referenceBins, currentBins),
                Wasserstein.normalised(referenceQuantiles, currentQuantiles), thresholds);
    }

    /** From raw samples (small windows and tests): exact KS and W1, PSI over {@code bins} reference quantiles. */
    public static FeatureDrift evaluate(String feature, double[] reference, double[] current, int bins,
            DriftThresholds thresholds) {
        return combine(feature, PopulationStabilityIndex.of(reference, current, bins),
                KolmogorovSmirnov.test(reference, current), Wasserstein.normalised(reference, current), thresholds);
    }

    private static FeatureDrift combine(String feature, double psi, KolmogorovSmirnov.Result ks, double wasserstein,
            DriftThresholds t) {
        DriftLevel level = PopulationStabilityIndex.level(psi, t.psiWarn(), t.psiAlert());
        if (ks.alert(t.ksMaxP(), t.ksMinD())) {
            level = DriftLevel.ALERT;
        }
        if (wasserstein >= t.wassersteinAlert()) {
            level = DriftLevel.ALERT;
        }
        return new FeatureDrift(feature, psi, ks, wasserstein, level);
    }
}
