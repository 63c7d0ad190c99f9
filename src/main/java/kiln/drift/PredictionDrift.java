package kiln.drift;

import kiln.domain.DriftLevel;

/**
 * Drift of the model's output, visible before any label arrives: PSI of the predicted probability of
 * "good" (binned on reference quantiles) and the change in the predicted-good share with a
 * two-proportion test. A stable input with a moving output, or the reverse, both deserve a look.
 *
 * @param probabilityPsi    PSI of the predicted probabilities
 * @param predictedGoodShare reference vs current share of rows predicted good, with its test
 */
public record PredictionDrift(double probabilityPsi, TwoProportionTest predictedGoodShare) {

    /** From SQL summaries: probability bins over reference edges, and predicted-good counts. */
    public static PredictionDrift of(BinnedDistribution referenceProbabilities, BinnedDistribution currentProbabilities,
            long referencePredictedGood, long currentPredictedGood) {
        return new PredictionDrift(PopulationStabilityIndex.of(referenceProbabilities, currentProbabilities),
                TwoProportionTest.of(referencePredictedGood, referenceProbabilities.present(), currentPredictedGood,
                        currentProbabilities.present()));
    }

    /** From raw predicted probabilities; a row is predicted good when its probability >= threshold. */
    public static PredictionDrift of(double[] referenceProbabilities, double[] currentProbabilities, int bins,
            double threshold) {
        double[] edges = BinnedDistribution.quantileEdges(referenceProbabilities, bins);
        return of(BinnedDistribution.of(edges, referenceProbabilities), BinnedDistribution.of(edges, currentProbabilities),
                countAtLeast(referenceProbabilities, threshold), countAtLeast(currentProbabilities, threshold));
    }

    private static long countAtLeast(double[] values, double threshold) {
        long n = 0;
        for (double v : values) {
            if (v >= threshold) {
                n++;
            }
        }
        return n;
    }

    public DriftLevel level(double psiWarn, double psiAlert) {
        return PopulationStabilityIndex.level(probabilityPsi, psiWarn, psiAlert);
    }
}
