package kiln.drift;

/**
 * Pooled two-proportion z-test: is the rate of an event (positive label, "predicted good") different
 * between the reference and the current window, given how many rows each has?
 *
 * <p>z = (p2 - p1) / √(p̂ (1 - p̂) (1/n1 + 1/n2)) with the pooled rate p̂ = (x1 + x2)/(n1 + n2); the
 * normal approximation wants at least about 5 events and 5 non-events per group.
 *
 * @param referenceRate x1 / n1
 * @param currentRate   x2 / n2
 * @param difference    currentRate - referenceRate
 * @param z             the z statistic (0 when undefined, e.g. both rates 0 or 1)
 * @param pValue        two-sided p-value (NaN when a group is empty)
 */
public record TwoProportionTest(double referenceRate, double currentRate, double difference, double z,
        double pValue) {

    public static TwoProportionTest of(long referenceEvents, long referenceN, long currentEvents, long currentN) {
        if (referenceEvents < 0 || currentEvents < 0 || referenceEvents > referenceN || currentEvents > currentN) {
            throw new IllegalArgumentException("event counts must lie in [0, n]");
        }
        if (referenceN == 0 || currentN == 0) {
            return new TwoProportionTest(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double p1 = (double) referenceEvents / referenceN;
        double p2 = (double) currentEvents / currentN;
        double pooled = (double) (referenceEvents + currentEvents) / (referenceN + currentN);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / referenceN + 1.0 / currentN));
        double z = se == 0 ? 0 : (p2 - p1) / se;
        return new TwoProportionTest(p1, p2, p2 - p1, z, Normal.twoSidedP(z));
    }
}
