package kiln.sim.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import kiln.domain.UserFacingException;

/**
 * The fleet scenario's settings (sample-data/scenarios/fleet.yaml): {@code sensors} sensors, each with
 * its own process and quality rule, reading every {@code cadence} for {@code days} days, with the
 * fleet's injected changes (staggered concept changes, one shared change on many sensors in the same
 * hour, a unit change, dead sensors). Labels arrive as {@code labelDelay} says.
 *
 * @param dataset      the catalogue data set the scenario plays into (its own tables)
 * @param maxRows      above this many readings the cadence is stretched (large fleets read less often per sensor)
 * @param driftingShare share of sensors whose own rule changes, one after another between driftFrom and driftTo
 * @param stormShare   share of sensors whose rule changes together at stormAt (one alert storm)
 * @param deadShare    share of sensors that die between deadFrom and driftTo (at least two once there are ten sensors)
 */
public record FleetScenario(String name, String description, String dataset, long seed, Instant start, int days, int sensors,
        Duration cadence, long maxRows, LabelDelay labelDelay, double driftingShare, Instant driftFrom,
        Instant driftTo, double stormShare, Instant stormAt, Instant unitChangeAt, double deadShare,
        Instant deadFrom) {

    public static final int MIN_SENSORS = 1;
    public static final int MAX_SENSORS = 10_000;

    /** The same scenario with another fleet size. */
    public FleetScenario withSensors(int count) {
        checkSensors(count);
        return new FleetScenario(name, description, dataset, seed, start, days, count, cadence, maxRows, labelDelay, driftingShare,
                driftFrom, driftTo, stormShare, stormAt, unitChangeAt, deadShare, deadFrom);
    }

    /** @throws UserFacingException saying the allowed range */
    public static void checkSensors(long count) {
        if (count < MIN_SENSORS || count > MAX_SENSORS) {
            throw new UserFacingException("--sensors: " + count + " is not a fleet size; use " + MIN_SENSORS + " to "
                    + String.format(Locale.ROOT, "%,d", MAX_SENSORS) + " sensors");
        }
    }

    public Instant end() {
        return start.plus(Duration.ofDays(days));
    }

    /**
     * How often each sensor reads: the scenario's cadence, stretched to a whole multiple of it when the
     * fleet would otherwise exceed {@code maxRows} readings (10,000 sensors read every 5 h instead of 30 min).
     */
    public Duration effectiveCadence() {
        long spanMinutes = Duration.ofDays(days).toMinutes();
        long needed = (spanMinutes * sensors + maxRows - 1) / maxRows;
        long base = cadence.toMinutes();
        return Duration.ofMinutes(Math.max(1, (needed + base - 1) / base) * base);
    }

    /** Readings each live sensor sends over the scenario. */
    public int readingsPerSensor() {
        return (int) (Duration.ofDays(days).toMinutes() / effectiveCadence().toMinutes());
    }

    /** Sensors whose rule changes on their own, one after another. */
    public int driftingSensors() {
        return (int) Math.round(sensors * driftingShare);
    }

    /** Sensors hit by the shared change. */
    public int stormSensors() {
        return (int) Math.round(sensors * stormShare);
    }

    /** Dead sensors: at least two (one silent, one sending no values) once the fleet has ten sensors. */
    public int deadSensors() {
        return sensors < 10 ? 0 : (int) Math.max(2, Math.round(sensors * deadShare));
    }

    /** What identifies one playing of the scenario in a database: resuming must not mix fleets. */
    public String signature(long playedSeed) {
        return String.format(Locale.ROOT, "Fleet scenario %s: %d sensors, seed %d, %d days from %s, a reading every %d min",
                name, sensors, playedSeed, days, start.toString().substring(0, 10), effectiveCadence().toMinutes());
    }
}
