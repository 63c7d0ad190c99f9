package kiln.sim.scenario;

import java.util.random.RandomGenerator;

/** How a feature's true (raw) value is drawn: uniform(min, max) or normal(mean, sd). */
public record Distribution(Kind kind, double a, double b) {

    public enum Kind {
        UNIFORM, NORMAL
    }

    public static Distribution uniform(double min, double max) {
        return new Distribution(Kind.UNIFORM, min, max);
    }

    public static Distribution normal(double mean, double sd) {
        return new Distribution(Kind.NORMAL, mean, sd);
    }

    /** min + (max-min)*U or mean + sd*N; one draw from {@code rng} either way. */
    public double sample(RandomGenerator rng) {
        return kind == Kind.UNIFORM ? a + (b - a) * rng.nextDouble() : a + b * rng.nextGaussian();
    }

    /** The centre a mean/variance drift scales around. */
    public double centre() {
        return kind == Kind.UNIFORM ? (a + b) / 2 : a;
    }
}
