package kiln.sim.scenario;

/** One sensor feature: its column, true-value distribution and measurement noise (sd of N(0,1) added). */
public record FeatureSpec(String name, Distribution distribution, double noise, String unit) {
}
