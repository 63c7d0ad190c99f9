package kiln.sim.scenario;

import java.time.Duration;
import java.time.Instant;

/**
 * One injected change on the scenario's timeline. Fields not used by a kind are null/NaN. All
 * start at {@code at} (process time); {@code until} (exclusive) ends those that can end;
 * {@code ramp} blends a change in linearly over that long.
 */
public record Change(Kind kind, int line, Instant at, Instant until, Duration ramp, String feature, Rule rule,
        double shift, double scale, double factor, double offset, double fraction, Double value,
        Duration period, Duration delay) {

    public enum Kind {
        CONCEPT_CHANGE("concept_change"), RECURRING_CONCEPT("recurring_concept"), DATA_DRIFT("data_drift"), UNIT_CHANGE(
                "unit_change"), MISSING_VALUES("missing_values"), STUCK_SENSOR("stuck_sensor"), LABEL_NOISE("label_noise"), LABEL_DELAY(
                        "label_delay");

        public final String yamlName;

        Kind(String yamlName) {
            this.yamlName = yamlName;
        }
    }

    /** 0 before {@code at}, 1 after the ramp (or at once without one), linear in between; 0 from {@code until}. */
    public double weight(long timeMillis) {
        long start = at.toEpochMilli();
        if (timeMillis < start || (until != null && timeMillis >= until.toEpochMilli())) {
            return 0;
        }
        if (ramp == null || ramp.isZero()) {
            return 1;
        }
        return Math.min(1.0, (timeMillis - start) / (double) ramp.toMillis());
    }
}
