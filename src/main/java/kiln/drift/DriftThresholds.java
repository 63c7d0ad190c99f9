package kiln.drift;

/**
 * The editable per-feature drift thresholds, kept together so a model's settings can be stored and
 * passed around as one value.
 *
 * @param psiWarn          PSI from which a feature is WARN (default 0.1)
 * @param psiAlert         PSI from which it is ALERT (default 0.25)
 * @param ksMaxP           KS alerts when p < this ... (default 0.01)
 * @param ksMinD           ... and D > this (default 0.1)
 * @param wassersteinAlert normalised Wasserstein distance from which it is ALERT (default 0.1)
 */
public record DriftThresholds(double psiWarn, double psiAlert, double ksMaxP, double ksMinD, double wassersteinAlert) {

    public DriftThresholds {
        if (!(psiWarn > 0 && psiAlert >= psiWarn && ksMaxP > 0 && ksMaxP < 1 && ksMinD >= 0 && wassersteinAlert > 0)) {
            throw new IllegalArgumentException("need 0 < psiWarn <= psiAlert, 0 < ksMaxP < 1, ksMinD >= 0 and"
                    + " wassersteinAlert > 0");
        }
    }

    public static DriftThresholds defaults() {
        return new DriftThresholds(PopulationStabilityIndex.DEFAULT_WARN, PopulationStabilityIndex.DEFAULT_ALERT,
                KolmogorovSmirnov.DEFAULT_MAX_P, KolmogorovSmirnov.DEFAULT_MIN_D, Wasserstein.DEFAULT_THRESHOLD);
    }
}
