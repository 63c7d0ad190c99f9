package kiln.sim.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A parsed, validated scenario: which products are made when, what the sensors measure, what makes
 * a product good, when labels arrive, and which changes are injected when. Readings go to the
 * glassware tables, so feature names are columns of {@code sensor_reading} (temp, pressure, duration).
 */
public record Scenario(String name, String description, long seed, Instant start, long products, long firstId,
        long pidOffset, Duration cadence, Duration jitter, int sensors, LabelDelay labelDelay,
        List<FeatureSpec> features, List<Regime> regimes, List<Change> changes,
        List<ScenarioAction> actions) {

    /** The same scenario with another number of products (benchmarks, quick demos). */
    public Scenario withProducts(long count) {
        return new Scenario(name, description, seed, start, count, firstId, pidOffset, cadence, jitter, sensors, labelDelay,
                features, regimes, changes, List.of());
    }

    public long lastId() {
        return firstId + products - 1;
    }

    public int featureIndex(String feature) {
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).name().equals(feature)) {
                return i;
            }
        }
        return -1;
    }
}
