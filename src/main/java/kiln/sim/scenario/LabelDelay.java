package kiln.sim.scenario;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * When a label becomes known: {@code process_time + delay}, truncated to midnight UTC when
 * {@code alignToDay} (glassware: midnight of the day two days later).
 */
public record LabelDelay(Duration delay, boolean alignToDay) {

    private static final long DAY_MILLIS = ChronoUnit.DAYS.getDuration().toMillis();

    public long labelTimeMillis(long processTimeMillis) {
        long t = processTimeMillis + delay.toMillis();
        return alignToDay ? Math.floorDiv(t, DAY_MILLIS) * DAY_MILLIS : t;
    }
}
