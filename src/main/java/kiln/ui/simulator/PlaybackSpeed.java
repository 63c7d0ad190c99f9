package kiln.ui.simulator;

import kiln.sim.SimulationClock;

/** The speeds the simulator panel offers, for scenarios and recorded files alike. */
public enum PlaybackSpeed {
    REAL_TIME("1×", 1), MINUTE_PER_SECOND("60×", 60), HOUR_PER_SECOND("3600×", 3600), MAX("max", SimulationClock.MAX);

    public final String label;
    public final double factor;

    PlaybackSpeed(String label, double factor) {
        this.label = label;
        this.factor = factor;
    }

    @Override
    public String toString() {
        return label;
    }
}
