package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class FocusRangeTest {

    private static final long DAY = 86_400;
    private static final Instant T0 = Instant.parse("2019-07-01T00:00:00Z");

    /** Centres of daily windows from day 0 to day {@code days - 1}. */
    private static double[] days(int days) {
        double[] x = new double[days];
        for (int d = 0; d < days; d++) {
            x[d] = T0.getEpochSecond() + d * DAY + DAY / 2.0;
        }
        return x;
    }

    private static TimeRange window(long fromSeconds, long toSeconds) {
        return new TimeRange(T0.plusSeconds(fromSeconds), T0.plusSeconds(toSeconds));
    }

    @Test
    void aTwoDayWindowGetsTwiceItsWidthOfContextEitherSide() {
        double[] range = FocusRange.around(window(18 * DAY, 20 * DAY), days(40));
        assertThat(range[0]).isEqualTo(T0.getEpochSecond() + 14 * DAY);
        assertThat(range[1]).isEqualTo(T0.getEpochSecond() + 24 * DAY);
    }

    @Test
    void aLongWindowShowsNoTimeWithoutData() {
        // an alert firing from day 19 to day 42, data up to day 41: padding would reach day 88
        double[] x = days(42);
        double[] range = FocusRange.around(window(19 * DAY, 42 * DAY), x);
        assertThat(range[0]).isEqualTo(x[0]);
        assertThat(range[1]).isEqualTo(T0.getEpochSecond() + 42 * DAY);
    }

    @Test
    void anHourLongWindowOnDailyWindowsShowsAFewDays() {
        double[] range = FocusRange.around(window(20 * DAY, 20 * DAY + 3600), days(40), null);
        assertThat(range[1] - range[0]).isEqualTo(FocusRange.MIN_WINDOWS * DAY);
        assertThat((range[0] + range[1]) / 2).isEqualTo(T0.getEpochSecond() + 20 * DAY + 1800.0);
    }

    @Test
    void withoutDataTheWindowIsPaddedAlone() {
        double[] range = FocusRange.around(window(0, DAY), new double[0]);
        assertThat(range).containsExactly(T0.getEpochSecond() - 2 * DAY, T0.getEpochSecond() + 3 * DAY);
    }
}
