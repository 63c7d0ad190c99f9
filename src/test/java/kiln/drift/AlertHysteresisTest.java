package kiln.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import kiln.domain.AlertState;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class AlertHysteresisTest {
    static final Instant T0 = Instant.parse("2019-07-05T00:00:00Z");
    // Accuracy KPI: fire below 80 % for 3 windows, resolve at 85 % or more.
    static final AlertHysteresis.Rule KPI = new AlertHysteresis.Rule(AlertHysteresis.Direction.BELOW, 0.80, 0.85, 3, 1);

    static Instant hour(int h) {
        return T0.plus(Duration.ofHours(h));
    }

    /** Feeds values hour by hour and returns the target state of each transition, in order. */
    static List<AlertState> feed(AlertHysteresis alert, int firstHour, double... values) {
        return IntStream.range(0, values.length)
                .boxed()
                .flatMap(i -> alert.observe(hour(firstHour + i), values[i]).stream())
                .map(AlertHysteresis.Transition::to)
                .toList();
    }

    @Test
    void firesAfterNConsecutiveBreachesAndResolvesOnlyPastTheResolveThreshold() {
        AlertHysteresis alert = new AlertHysteresis(KPI);
        assertThat(feed(alert, 0, 0.90)).isEmpty();
        assertThat(alert.episode()).isEmpty();
        assertThat(feed(alert, 1, 0.75)).containsExactly(AlertState.PENDING);
        assertThat(feed(alert, 2, 0.70)).isEmpty();
        List<AlertHysteresis.Transition> fired = alert.observe(hour(3), 0.78);
        assertThat(fired).extracting(AlertHysteresis.Transition::from, AlertHysteresis.Transition::to)
                .containsExactly(Tuple.tuple(AlertState.PENDING, AlertState.FIRING));
        AlertHysteresis.Episode episode = fired.get(0).episode();
        assertThat(episode.firstBreachAt()).isEqualTo(hour(1));
        assertThat(episode.firedAt()).isEqualTo(hour(3));
        assertThat(episode.worstValue()).isEqualTo(0.70);
        // 82 % is above the fire threshold but inside the hysteresis band: still firing.
        assertThat(feed(alert, 4, 0.82, 0.84)).isEmpty();
        assertThat(feed(alert, 6, 0.86)).containsExactly(AlertState.RESOLVED);
        assertThat(alert.episode().orElseThrow().resolvedAt()).isEqualTo(hour(6));
        assertThat(alert.episode().orElseThrow().state().stored()).isEqualTo("resolved");
    }

    @Test
    void aPendingAlertThatRecoversEndsResolvedWithoutEverFiring() {
        AlertHysteresis alert = new AlertHysteresis(KPI);
        assertThat(feed(alert, 0, 0.75, 0.78, 0.81)).containsExactly(AlertState.PENDING, AlertState.RESOLVED);
        assertThat(alert.episode().orElseThrow().firedAt()).isNull();
        // Breaches must be consecutive: the interrupted run above did not count towards a later one.
        assertThat(feed(alert, 3, 0.70, 0.70)).containsExactly(AlertState.PENDING);
        assertThat(alert.episode().orElseThrow().firstBreachAt()).isEqualTo(hour(3));
    }

    @Test
    void hysteresisStopsFlappingAroundTheFireThreshold() {
        AlertHysteresis alert = new AlertHysteresis(new AlertHysteresis.Rule(AlertHysteresis.Direction.BELOW, 0.80,
                0.85, 1, 1));
        assertThat(feed(alert, 0, 0.79, 0.81, 0.79, 0.81, 0.79, 0.81))
                .containsExactly(AlertState.PENDING, AlertState.FIRING);
    }

    @Test
    void acknowledgingKeepsTheAlertOpenUntilItResolves() {
        AlertHysteresis alert = new AlertHysteresis(KPI);
        feed(alert, 0, 0.7, 0.7, 0.7);
        AlertHysteresis.Transition ack = alert.acknowledge(hour(3), "operator", "furnace 2 relined, retraining");
        assertThat(ack.from()).isEqualTo(AlertState.FIRING);
        assertThat(ack.to()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(ack.episode().acknowledgedBy()).isEqualTo("operator");
        assertThat(ack.episode().note()).isEqualTo("furnace 2 relined, retraining");
        assertThat(feed(alert, 4, 0.7)).isEmpty();
        assertThat(alert.observe(hour(5), 0.9)).extracting(AlertHysteresis.Transition::from)
                .containsExactly(AlertState.ACKNOWLEDGED);
        assertThatThrownBy(() -> alert.acknowledge(hour(6), "operator", null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyAFiringAlertCanBeAcknowledged() {
        AlertHysteresis alert = new AlertHysteresis(KPI);
        assertThatThrownBy(() -> alert.acknowledge(hour(0), "operator", null)).isInstanceOf(IllegalStateException.class);
        feed(alert, 0, 0.7);
        assertThatThrownBy(() -> alert.acknowledge(hour(1), "operator", null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pending");
    }

    @Test
    void silenceHoldsFiringBackUntilItEnds() {
        AlertHysteresis alert = new AlertHysteresis(KPI);
        alert.silenceUntil(hour(5));
        assertThat(feed(alert, 0, 0.7, 0.7, 0.7, 0.7, 0.7)).containsExactly(AlertState.PENDING);
        assertThat(feed(alert, 5, 0.7)).containsExactly(AlertState.FIRING);
        assertThat(alert.episode().orElseThrow().firedAt()).isEqualTo(hour(5));
    }

    @Test
    void driftScoresBreachAboveAndNeedSeveralClearWindowsWhenAsked() {
        AlertHysteresis psi = new AlertHysteresis(new AlertHysteresis.Rule(AlertHysteresis.Direction.ABOVE, 0.25, 0.1,
                2, 2));
        assertThat(feed(psi, 0, 0.3, Double.NaN, 0.4)).containsExactly(AlertState.PENDING, AlertState.FIRING);
        assertThat(feed(psi, 3, 0.05, 0.2, 0.05)).isEmpty(); // clear, band (resets), clear
        assertThat(feed(psi, 6, 0.08)).containsExactly(AlertState.RESOLVED);
        assertThat(psi.episode().orElseThrow().worstValue()).isEqualTo(0.4);
        // A later breach opens a new episode.
        assertThat(psi.observe(hour(7), 0.3)).extracting(AlertHysteresis.Transition::from).containsExactly((AlertState) null);
    }

    @Test
    void rulesWithTheResolveThresholdOnTheBadSideAreRejected() {
        assertThatThrownBy(() -> new AlertHysteresis.Rule(AlertHysteresis.Direction.BELOW, 0.8, 0.75, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertHysteresis.Rule(AlertHysteresis.Direction.ABOVE, 0.25, 0.3, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertHysteresis.Rule(AlertHysteresis.Direction.ABOVE, 0.25, 0.1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
