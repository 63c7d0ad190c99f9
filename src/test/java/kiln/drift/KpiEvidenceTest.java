package kiln.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import kiln.domain.AlertState;
import org.junit.jupiter.api.Test;

/**
 * The KPI rule as ModelMonitor runs it (pooled Wilson upper bound over 2 days, fire below 0.80,
 * resolve at 0.83), on seeded streams of daily label counts.
 */
class KpiEvidenceTest {
    static final AlertHysteresis.Rule RULE = new AlertHysteresis.Rule(AlertHysteresis.Direction.BELOW, 0.80, 0.83, 1, 1);
    static final Instant DAY0 = Instant.parse("2019-07-01T00:00:00Z");

    /** The first day (0-based) the rule fires on, or -1. */
    static int firstFiring(Random random, int days, int perDay, double accuracy, int changeDay, double accuracyAfter) {
        long[] correct = new long[days];
        long[] labelled = new long[days];
        for (int d = 0; d < days; d++) {
            double p = d < changeDay ? accuracy : accuracyAfter;
            labelled[d] = perDay;
            for (int i = 0; i < perDay; i++) {
                correct[d] += random.nextDouble() < p ? 1 : 0;
            }
        }
        double[] upper = KpiEvidence.pooledUpperBounds(correct, labelled, 2);
        AlertHysteresis machine = new AlertHysteresis(RULE);
        for (int d = 0; d < days; d++) {
            for (AlertHysteresis.Transition t : machine.observe(DAY0.plus(Duration.ofDays(d)), (double) correct[d] / labelled[d], upper[d])) {
                if (t.to() == AlertState.FIRING) {
                    return d;
                }
            }
        }
        return -1;
    }

    @Test
    void aModelInsideItsBandRaisesAFalseKpiAlertInAtMostOnePercentOfThirtyDayRuns() {
        int seeds = 1_000;
        for (int perDay : new int[] {50, 192, 2_000, 10_000}) {
            int fired = 0;
            for (int seed = 0; seed < seeds; seed++) {
                fired += firstFiring(new Random(seed), 30, perDay, 0.84, 30, 0.84) >= 0 ? 1 : 0;
            }
            assertThat(fired).as("false KPI alerts at accuracy 0.84, %d labels a day, of %d runs", perDay, seeds)
                    .isLessThanOrEqualTo(seeds / 100);
        }
    }

    @Test
    void aDropWellBelowTheBandFiresWithinTwoOrThreeDays() {
        int seeds = 200;
        int withinTwoDays = 0;
        int withinThreeDays = 0;
        for (int seed = 0; seed < seeds; seed++) {
            int day = firstFiring(new Random(10_000 + seed), 20, 192, 0.95, 10, 0.70);
            assertThat(day).as("seed %d", seed).isGreaterThanOrEqualTo(10);
            withinTwoDays += day <= 11 ? 1 : 0;
            withinThreeDays += day <= 12 ? 1 : 0;
        }
        assertThat(withinTwoDays).isGreaterThanOrEqualTo(seeds * 90 / 100);
        assertThat(withinThreeDays).isGreaterThanOrEqualTo(seeds * 97 / 100);
    }

    @Test
    void poolsTheLastSpanWindows() {
        double[] upper = KpiEvidence.pooledUpperBounds(new long[] {90, 60, 0}, new long[] {100, 100, 0}, 2);
        assertThat(upper[0]).isEqualTo(WilsonInterval.of(90, 100, KpiEvidence.Z).upper());
        assertThat(upper[1]).isEqualTo(WilsonInterval.of(150, 200, KpiEvidence.Z).upper());
        assertThat(upper[2]).isEqualTo(WilsonInterval.of(60, 100, KpiEvidence.Z).upper());
    }
}
