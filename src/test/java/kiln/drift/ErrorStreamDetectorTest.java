package kiln.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
        // After a retrain the error rate falls back: the window drops the bad regime, but a falling error
        // rate is no alert.
        assertThat(drifts(adwin, random, 0.05, 1_000)).isZero();
        assertThat(adwin.lastDriftWasIncrease()).isFalse();
        assertThat(adwin.estimate()).isLessThan(0.1);
    }

    /**
     * Every version (and formerly every restart) starts the detectors afresh, so the false-alarm rate
     * that matters is per fresh start: at most 1 % of 1,000 seeded 8,000-label starts may drift, at
     * error rates from a near-perfect model to a weak one.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void aFreshStartOnAStableStreamDriftsInAtMostOnePercentOfSeeds(String name, Supplier<ErrorStreamDetector> factory,
            int maxDelay) {
        int seeds = 1_000;
        for (double errorRate : new double[] {0.02, 0.10, 0.40}) {
            int drifted = 0;
            for (int seed = 0; seed < seeds; seed++) {
                if (drifts(factory.get(), new Random(seed), errorRate, 8_000) > 0) {
                    drifted++;
                }
            }
            assertThat(drifted).as("%s fresh starts with a false drift at error rate %s, of %d", name, errorRate, seeds)
                    .isLessThanOrEqualTo(seeds / 100);
        }
    }

    static Stream<Arguments> modestChange() {
        // detector, largest allowed median delay (labels) after the error rate rises 0.10 -> 0.20
        return Stream.of(
                Arguments.of("ADWIN", (Supplier<ErrorStreamDetector>) Adwin::new, 500),
                Arguments.of("Page-Hinkley", (Supplier<ErrorStreamDetector>) PageHinkley::new, 600),
                Arguments.of("DDM", (Supplier<ErrorStreamDetector>) Ddm::new, 1_000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modestChange")
    void aModestRiseFromTenToTwentyPercentErrorsIsCaught(String name, Supplier<ErrorStreamDetector> factory, int maxMedian) {
        int runs = 101;
        int[] delays = new int[runs];
        for (int seed = 0; seed < runs; seed++) {
            Random random = new Random(5_000 + seed);
            ErrorStreamDetector detector = factory.get();
            drifts(detector, random, 0.10, 2_000);
            detector.reset(); // the warm-up's own (rare) false drift must not shorten the measured delay
            drifts(detector, random, 0.10, 2_000);
            int delay = 1;
            while (detector.update(random.nextDouble() < 0.20) != DetectorState.DRIFT) {
                delay++;
                assertThat(delay).as("%s missed the rise 0.10 -> 0.20 (seed %d)", name, seed).isLessThanOrEqualTo(5_000);
            }
            delays[seed] = delay;
        }
        Arrays.sort(delays);
        assertThat(delays[runs / 2]).as(name + " median delay").isLessThanOrEqualTo(maxMedian);
    }

    /** A detector resumed from a snapshot decides exactly as the original does from then on. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void aRestoredSnapshotResumesExactly(String name, Supplier<ErrorStreamDetector> factory, int maxDelay) {
        ErrorStreamDetector original = factory.get();
        Random random = new Random(31);
        drifts(original, random, 0.1, 3_000);
        ErrorStreamDetector resumed = factory.get();
        resumed.restore(original.snapshot());
        for (int i = 0; i < 3_000; i++) {
            boolean error = random.nextDouble() < (i < 1_000 ? 0.1 : 0.35);
            assertThat(resumed.update(error)).as("%s label %d", name, i).isEqualTo(original.update(error));
        }
        assertThat(resumed.snapshot()).isEqualTo(original.snapshot());
        Assertions.assertThatThrownBy(() -> factory.get().restore(new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
