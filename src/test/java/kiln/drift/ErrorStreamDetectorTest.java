package kiln.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ErrorStreamDetectorTest {
    static final int STREAM = 100_000;
    static final int SEEDS = 5;

    static Stream<Arguments> detectors() {
        // detector, largest allowed detection delay (samples) after the error rate jumps 0.05 -> 0.4
        return Stream.of(
                Arguments.of("ADWIN", (Supplier<ErrorStreamDetector>) Adwin::new, 160),
                Arguments.of("Page-Hinkley", (Supplier<ErrorStreamDetector>) PageHinkley::new, 260),
                Arguments.of("DDM", (Supplier<ErrorStreamDetector>) Ddm::new, 260));
    }

    static int drifts(ErrorStreamDetector detector, Random random, double errorRate, int samples) {
        int drifts = 0;
        for (int i = 0; i < samples; i++) {
            if (detector.update(random.nextDouble() < errorRate) == DetectorState.DRIFT) {
                drifts++;
            }
        }
        return drifts;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void falseAlarmsOnLongStationaryStreamsStayBelowOnePerHundredThousandLabels(String name,
            Supplier<ErrorStreamDetector> factory, int maxDelay) {
        for (double errorRate : new double[] {0.05, 0.2}) {
            int falseDrifts = 0;
            for (int seed = 0; seed < SEEDS; seed++) {
                falseDrifts += drifts(factory.get(), new Random(seed), errorRate, STREAM);
            }
            assertThat(falseDrifts).as("%s false drifts in %d labels at error rate %s", name, SEEDS * STREAM, errorRate)
                    .isLessThanOrEqualTo(SEEDS * STREAM / 100_000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void anAbruptRiseOfTheErrorRateIsCaughtWithinABoundedDelay(String name, Supplier<ErrorStreamDetector> factory,
            int maxDelay) {
        int runs = 20;
        long totalDelay = 0;
        for (int seed = 0; seed < runs; seed++) {
            Random random = new Random(1_000 + seed);
            ErrorStreamDetector detector = factory.get();
            drifts(detector, random, 0.05, 2_000); // warm-up at 5 % errors; an early false drift is tolerated here
            int delay = 1;
            while (detector.update(random.nextDouble() < 0.4) != DetectorState.DRIFT) {
                delay++;
                assertThat(delay).as("%s did not detect the change within %d samples (seed %d)", name, maxDelay, seed)
                        .isLessThanOrEqualTo(maxDelay);
            }
            totalDelay += delay;
        }
        assertThat((double) totalDelay / runs).as(name + " mean delay").isLessThan(maxDelay * 0.75);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void resetForgetsTheHistory(String name, Supplier<ErrorStreamDetector> factory, int maxDelay) {
        ErrorStreamDetector detector = factory.get();
        Random random = new Random(99);
        drifts(detector, random, 0.05, 5_000);
        detector.reset();
        // Right after a reset even a run of errors is only the start of a new history: no immediate drift.
        for (int i = 0; i < 20; i++) {
            assertThat(detector.update(true)).isNotEqualTo(DetectorState.DRIFT);
        }
    }

    @Test
    void ddmWarnsBeforeItDrifts() {
        Ddm ddm = new Ddm();
        Random random = new Random(5);
        drifts(ddm, random, 0.05, 3_000);
        DetectorState state;
        boolean warned = false;
        do {
            state = ddm.update(random.nextDouble() < 0.4);
            warned |= state == DetectorState.WARNING;
        } while (state != DetectorState.DRIFT);
        assertThat(warned).isTrue();
    }

    @Test
    void adwinShrinksItsWindowToTheNewRegimeAndTellsTheDirection() {
        Adwin adwin = new Adwin();
        Random random = new Random(8);
        drifts(adwin, random, 0.05, 5_000);
        assertThat(adwin.width()).isEqualTo(5_000);
        assertThat(adwin.estimate()).isBetween(0.04, 0.06);
        drifts(adwin, random, 0.4, 1_000);
        assertThat(adwin.width()).isLessThan(1_200);
        assertThat(adwin.estimate()).isBetween(0.33, 0.47);
        assertThat(adwin.lastDriftWasIncrease()).isTrue();
        // After a retrain the error rate falls back: ADWIN (unlike DDM and Page-Hinkley) reports that too.
        assertThat(drifts(adwin, random, 0.05, 1_000)).isPositive();
        assertThat(adwin.lastDriftWasIncrease()).isFalse();
    }
}
