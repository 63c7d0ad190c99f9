package kiln.sim;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

import kiln.sim.FleetPlan.Sensor;
import kiln.sim.scenario.FleetScenario;

/**
 * Writes a fleet's readings with their labels as CSV, in time order with ids growing with time (as a
 * replay stages them). Every sensor reads once per cadence at its own phase within it; each reading
 * draws from its own random stream seeded by (seed, sensor, slot) in a fixed order (the three true
 * values, then their three measurement noises), so a change injected on one sensor never shifts
 * another sensor's values, and the same seed gives the same file.
 *
 * <p>Columns: reading_id, reading_time, sensor_id, temperature, humidity, vibration, outcome (pass |
 * fail), inspected_at (when the label becomes known). A missing value is an empty field.
 */
public final class FleetGenerator {

    public static final String ID = "reading_id";
    public static final String TIME = "reading_time";
    public static final String GROUP = "sensor_id";
    public static final String LABEL = "outcome";
    public static final String LABEL_TIME = "inspected_at";
    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    /** Measurement noise (sd) per feature, in the feature's unit. */
    private static final double[] NOISE = {0.3, 0.5, 0.05};
    private static final long DAY_MILLIS = 86_400_000L;

    private final FleetPlan plan;

    public FleetGenerator(FleetPlan plan) {
        this.plan = plan;
    }

    /** Writes the whole fleet history; returns the number of readings written. */
    public long writeCsv(Writer out) throws IOException {
        FleetScenario s = plan.scenario();
        Sensor[] byPhase = new Sensor[plan.size()];
        for (int i = 0; i < byPhase.length; i++) {
            byPhase[i] = plan.sensor(i + 1);
        }
        Arrays.sort(byPhase, Comparator.comparingLong(Sensor::phaseSeconds).thenComparingInt(Sensor::id));
        long start = s.start().toEpochMilli();
        long cadence = s.effectiveCadence().toMillis();
        long delay = s.labelDelay().delay().toMillis();
        boolean alignToDay = s.labelDelay().alignToDay();
        int slots = s.readingsPerSensor();
        StringBuilder line = new StringBuilder(128);
        out.write(String.join(",", ID, TIME, FleetGenerator.GROUP, FleetPlan.FEATURES.get(0), FleetPlan.FEATURES.get(1),
                FleetPlan.FEATURES.get(2), LABEL, LABEL_TIME));
        out.write('\n');
        double[] raw = new double[3];
        double[] measured = new double[3];
        long id = 0;
        for (int k = 0; k < slots; k++) {
            for (Sensor x : byPhase) {
                long t = start + k * cadence + x.phaseSeconds() * 1000;
                if (t >= x.deadAt()) {
                    continue;
                }
                SplittableRandom r = FleetPlan.stream(plan.seed(), 3, ((long) x.id() << 32) | k);
                raw[FleetPlan.TEMPERATURE] = x.tempMean() + x.tempSd() * r.nextGaussian();
                raw[FleetPlan.HUMIDITY] = x.humidityLow() + x.humidityWidth() * r.nextDouble();
                raw[FleetPlan.VIBRATION] = x.vibrationMean() + x.vibrationSd() * r.nextGaussian();
                for (int f = 0; f < 3; f++) {
                    measured[f] = raw[f] + NOISE[f] * r.nextGaussian();
                }
                double high = t >= x.conceptAt() ? x.changedTempHigh() : x.tempHigh();
                boolean pass = raw[FleetPlan.TEMPERATURE] >= x.tempLow() && raw[FleetPlan.TEMPERATURE] <= high
                        && raw[x.secondFeature()] <= x.secondHigh();
                // Upstream faults change only what is reported, never the product or its label.
                if (t >= x.unitAt()) {
                    measured[FleetPlan.TEMPERATURE] = measured[FleetPlan.TEMPERATURE] * 9 / 5 + 32;
                }
                if (t >= x.missingAt()) {
                    measured[FleetPlan.TEMPERATURE] = Double.NaN;
                }
                long due = t + delay;
                long labelTime = alignToDay ? Math.floorDiv(due, DAY_MILLIS) * DAY_MILLIS : due;
                line.setLength(0);
                line.append(++id).append(',');
                appendTime(line, t).append(',').append(x.id()).append(',');
                for (int f = 0; f < 3; f++) {
                    appendValue(line, measured[f]).append(',');
                }
                line.append(pass ? PASS : FAIL).append(',');
                appendTime(line, labelTime).append('\n');
                out.append(line);
            }
        }
        return id;
    }

    private static StringBuilder appendTime(StringBuilder b, long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
        b.append(t.getYear()).append('-');
        two(b, t.getMonthValue()).append('-');
        two(b, t.getDayOfMonth()).append(' ');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        return two(b, t.getSecond());
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append(v < 10 ? "0" : "").append(v);
    }

    /** Three decimals (finer than the sensors' noise), empty for a missing value. */
    private static StringBuilder appendValue(StringBuilder b, double v) {
        if (Double.isNaN(v)) {
            return b;
        }
        long m = Math.round(v * 1000);
        if (m < 0) {
            b.append('-');
            m = -m;
        }
        b.append(m / 1000).append('.');
        long frac = m % 1000;
        return b.append(frac < 100 ? (frac < 10 ? "00" : "0") : "").append(frac);
    }
}
