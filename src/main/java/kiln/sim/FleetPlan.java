package kiln.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import kiln.sim.scenario.FleetScenario;

/**
 * Who is who in a fleet: each sensor's process (feature distributions) and quality rule, drawn from its
 * own random stream seeded by (seed, sensor) so a sensor is the same whatever the fleet's size, and
 * which sensors the scenario's changes hit, when. Deterministic for a scenario and seed.
 */
public final class FleetPlan {

    /** The fleet data set's features, in column order, with their units. */
    public static final List<String> FEATURES = List.of("temperature", "humidity", "vibration");
    public static final List<String> UNITS = List.of("°C", "%", "mm/s");
    static final int TEMPERATURE = 0;
    static final int HUMIDITY = 1;
    static final int VIBRATION = 2;
    /** How far (in the sensor's own standard deviations) a concept change lowers its temperature limit. */
    static final double CONCEPT_SHIFT_SDS = 1.2;

    /** Change kinds, named as the scenario file format names them where it has them. */
    public static final String CONCEPT_CHANGE = "concept_change";
    public static final String UNIT_CHANGE = "unit_change";
    public static final String DEAD_SENSOR = "dead_sensor";
    public static final String MISSING_VALUES = "missing_values";

    /**
     * One sensor's process and rule. Good ("pass") iff the true temperature lies in [tempLow, tempHigh]
     * (tempHigh drops to {@code changedTempHigh} from {@code conceptAt}) and the true value of the
     * second feature is at most {@code secondHigh}. Times are epoch millis, Long.MAX_VALUE for never.
     */
    public record Sensor(int id, double tempMean, double tempSd, double humidityLow, double humidityWidth, double vibrationMean,
            double vibrationSd, double tempLow, double tempHigh, int secondFeature, double secondHigh, long phaseSeconds,
            long conceptAt, double changedTempHigh, long unitAt, long deadAt, long missingAt) {
    }

    /** One injected change, as recorded in {@code scenario_change}: the ground truth tests and the monitor name. */
    public record InjectedChange(int changeNo, String kind, int sensor, String feature, Instant at, boolean shared, String detail) {
    }

    private final FleetScenario scenario;
    private final long seed;
    private final Sensor[] sensors;
    private final List<InjectedChange> changes;

    public FleetPlan(FleetScenario scenario, long seed) {
        this.scenario = scenario;
        this.seed = seed;
        int n = scenario.sensors();
        Sensor[] base = new Sensor[n];
        for (int s = 1; s <= n; s++) {
            base[s - 1] = draw(s);
        }
        this.sensors = base;
        this.changes = assignChanges();
    }

    public FleetScenario scenario() {
        return scenario;
    }

    public long seed() {
        return seed;
    }

    /** Sensor {@code id} (1-based). */
    public Sensor sensor(int id) {
        return sensors[id - 1];
    }

    public int size() {
        return sensors.length;
    }

    /** Every injected change, in order of change number. */
    public List<InjectedChange> changes() {
        return changes;
    }

    /** SplitMix64-style mixing, so neighbouring keys get unrelated streams. */
    static SplittableRandom stream(long seed, long salt, long key) {
        long z = seed * 0x9E3779B97F4A7C15L + salt * 0xD1B54A32D192ED03L + key * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    private Sensor draw(int id) {
        SplittableRandom r = stream(seed, 1, id);
        double tempMean = 40 + 50 * r.nextDouble();
        double tempSd = 2 + 3 * r.nextDouble();
        double humidityLow = 20 + 30 * r.nextDouble();
        double humidityWidth = 20 + 20 * r.nextDouble();
        double vibrationMean = 2 + 6 * r.nextDouble();
        double vibrationSd = 0.4 + 0.8 * r.nextDouble();
        // Each sensor's own rule: its temperature band sits somewhere around its own mean, and either
        // humidity or vibration must stay under its own limit, so no one rule fits the fleet.
        double tempLow = tempMean - (1.0 + 1.2 * r.nextDouble()) * tempSd;
        double tempHigh = tempMean + (0.3 + 1.2 * r.nextDouble()) * tempSd;
        boolean byHumidity = r.nextDouble() < 0.5;
        double secondHigh = byHumidity ? humidityLow + (0.55 + 0.35 * r.nextDouble()) * humidityWidth
                : vibrationMean + 1.2 * r.nextDouble() * vibrationSd;
        long phase = (long) (r.nextDouble() * scenario.effectiveCadence().toSeconds());
        return new Sensor(id, tempMean, tempSd, humidityLow, humidityWidth, vibrationMean, vibrationSd, tempLow, tempHigh,
                byHumidity ? HUMIDITY : VIBRATION, secondHigh, phase, Long.MAX_VALUE, tempHigh, Long.MAX_VALUE, Long.MAX_VALUE,
                Long.MAX_VALUE);
    }

    /** A seeded shuffle of the sensors; the storm's sensors come first, then the drifting, the unit change and the dead ones. */
    private List<InjectedChange> assignChanges() {
        int n = sensors.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i + 1;
        }
        SplittableRandom r = stream(seed, 2, n);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<InjectedChange> out = new ArrayList<>();
        int next = 0;
        int storm = Math.min(scenario.stormSensors(), n - next);
        int[] stormSensors = Arrays.copyOfRange(order, next, next + storm);
        Arrays.sort(stormSensors);
        for (int s : stormSensors) {
            conceptChange(out, s, scenario.stormAt(), String.format(Locale.ROOT, "shared with %d other sensors", storm - 1));
        }
        next += storm;
        int drifting = Math.min(scenario.driftingSensors(), n - next);
        long span = Duration.between(scenario.driftFrom(), scenario.driftTo()).toMillis();
        Instant stormDay = scenario.stormAt().truncatedTo(ChronoUnit.DAYS);
        for (int k = 0; k < drifting; k++) {
            Instant at = scenario.driftFrom().plusMillis((long) ((k + 0.5) * span / drifting)).truncatedTo(ChronoUnit.HOURS);
            if (at.truncatedTo(ChronoUnit.DAYS).equals(stormDay)) {
                at = at.plus(Duration.ofDays(1)); // keep the storm's day to the storm, so it stands out as one incident
            }
            conceptChange(out, order[next + k], at, "its own change");
        }
        next += drifting;
        if (next < n) {
            int s = order[next++];
            sensors[s - 1] = with(sensor(s), null, Double.NaN, scenario.unitChangeAt().toEpochMilli(), Long.MAX_VALUE, Long.MAX_VALUE);
            out.add(new InjectedChange(out.size() + 1, UNIT_CHANGE, s, FEATURES.get(TEMPERATURE), scenario.unitChangeAt(), false,
                    "temperature reported in °F instead of °C (value · 9/5 + 32)"));
        }
        int dead = Math.min(scenario.deadSensors(), n - next);
        long deadSpan = Duration.between(scenario.deadFrom(), scenario.driftTo()).toMillis();
        for (int k = 0; k < dead; k++) {
            int s = order[next + k];
            Instant at = scenario.deadFrom().plusMillis(k * deadSpan / dead).truncatedTo(ChronoUnit.HOURS);
            if (k % 2 == 0) {
                sensors[s - 1] = with(sensor(s), null, Double.NaN, Long.MAX_VALUE, at.toEpochMilli(), Long.MAX_VALUE);
                out.add(new InjectedChange(out.size() + 1, DEAD_SENSOR, s, null, at, false, "stops reporting: no readings and no labels"));
            } else {
                sensors[s - 1] = with(sensor(s), null, Double.NaN, Long.MAX_VALUE, Long.MAX_VALUE, at.toEpochMilli());
                out.add(new InjectedChange(out.size() + 1, MISSING_VALUES, s, FEATURES.get(TEMPERATURE), at, false,
                        "temperature probe dead: the value is missing (NULL) in every reading"));
            }
        }
        out.sort(Comparator.comparing(InjectedChange::at).thenComparing(InjectedChange::sensor));
        List<InjectedChange> numbered = new ArrayList<>(out.size());
        for (InjectedChange c : out) {
            numbered.add(new InjectedChange(numbered.size() + 1, c.kind(), c.sensor(), c.feature(), c.at(), c.shared(), c.detail()));
        }
        return List.copyOf(numbered);
    }

    private void conceptChange(List<InjectedChange> out, int s, Instant at, String how) {
        Sensor x = sensor(s);
        double high = x.tempHigh() - CONCEPT_SHIFT_SDS * x.tempSd();
        sensors[s - 1] = with(x, at, high, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
        out.add(new InjectedChange(out.size() + 1, CONCEPT_CHANGE, s, FEATURES.get(TEMPERATURE), at, how.startsWith("shared"),
                String.format(Locale.ROOT, "quality rule: temperature upper limit %.2f -> %.2f °C (%s)", x.tempHigh(), high, how)));
    }

    /** The sensor with one change set (null / NaN / MAX_VALUE keep what it has). */
    private static Sensor with(Sensor x, Instant conceptAt, double changedHigh, long unitAt, long deadAt, long missingAt) {
        return new Sensor(x.id(), x.tempMean(), x.tempSd(), x.humidityLow(), x.humidityWidth(), x.vibrationMean(), x.vibrationSd(),
                x.tempLow(), x.tempHigh(), x.secondFeature(), x.secondHigh(), x.phaseSeconds(),
                conceptAt != null ? conceptAt.toEpochMilli() : x.conceptAt(), Double.isNaN(changedHigh) ? x.changedTempHigh() : changedHigh,
                Math.min(unitAt, x.unitAt()), Math.min(deadAt, x.deadAt()), Math.min(missingAt, x.missingAt()));
    }
}
