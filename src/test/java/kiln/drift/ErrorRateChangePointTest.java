package kiln.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ErrorRateChangePointTest {

    static boolean[] stream(Random random, int n, int changeAt, double before, double after) {
        boolean[] errors = new boolean[n];
        for (int i = 0; i < n; i++) {
            errors[i] = random.nextDouble() < (i < changeAt ? before : after);
        }
        return errors;
    }

    @Test
    void locatesAnAbruptRiseWithinAFewDozenLabels() {
        for (int seed = 0; seed < 50; seed++) {
            boolean[] errors = stream(new Random(seed), 3_000, 2_000, 0.10, 0.45);
            ErrorRateChangePoint cp = ErrorRateChangePoint.locate(errors, errors.length, 20);
            assertThat(cp.index()).as("seed %d", seed).isBetween(1_960, 2_040);
            assertThat(cp.before()).isBetween(0.08, 0.12);
            assertThat(cp.after()).isBetween(0.38, 0.52);
        }
    }

    @Test
    void aModestRiseIsLocatedRoughly() {
        int close = 0;
        for (int seed = 0; seed < 50; seed++) {
            boolean[] errors = stream(new Random(100 + seed), 4_000, 3_000, 0.10, 0.20);
            ErrorRateChangePoint cp = ErrorRateChangePoint.locate(errors, errors.length, 20);
            close += Math.abs(cp.index() - 3_000) <= 200 ? 1 : 0;
        }
        assertThat(close).isGreaterThanOrEqualTo(40);
    }

    @Test
    void onlyRisesCountAndShortStreamsHaveNone() {
        boolean[] falling = stream(new Random(3), 2_000, 1_000, 0.5, 0.0);
        ErrorRateChangePoint cp = ErrorRateChangePoint.locate(falling, falling.length, 20);
        assertThat(cp == null || cp.after() > cp.before()).isTrue();
        assertThat(cp == null || cp.logLikelihoodRatio() < 10).isTrue();
        assertThat(ErrorRateChangePoint.locate(new boolean[30], 30, 20)).isNull();
        assertThat(ErrorRateChangePoint.locate(new boolean[100], 100, 20)).isNull(); // no errors: nothing rises
    }
}
