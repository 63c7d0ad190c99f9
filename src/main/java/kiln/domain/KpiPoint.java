package kiln.domain;

import java.time.Instant;

/**
 * One KPI window of one series ("production", or "counterfactual:v1" for a version rescoring the
 * same period). Realised figures are null until labels land; the label-free estimate covers the
 * window from confidence alone. Intervals are 95 % (Wilson for realised accuracy).
 */
public record KpiPoint(String series, Instant windowStart, Instant windowEnd, long predictions, long labelled,
        Double accuracy, Double accuracyLow, Double accuracyHigh,
        Double precision, Double recall, Double f1, double predictedGoodShare,
        Double estimatedAccuracy, Double estimatedLow, Double estimatedHigh, Integer modelVersion) {

    public static final String PRODUCTION = "production";

    /** Share of the window's predictions whose label has arrived. */
    public double labelCoverage() {
        return predictions == 0 ? 0 : (double) labelled / predictions;
    }

    public static String counterfactual(int version) {
        return "counterfactual:v" + version;
    }
}
