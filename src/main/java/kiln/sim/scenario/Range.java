package kiln.sim.scenario;

/** An inclusive range of raw values. */
public record Range(double min, double max) {
    public boolean contains(double v) {
        return v >= min && v <= max;
    }
}
