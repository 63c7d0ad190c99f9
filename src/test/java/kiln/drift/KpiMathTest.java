package kiln.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class KpiMathTest {

    @Test
    void wilsonIntervalMatchesHandComputation() {
        // 81/100, z = 1.96: centre 0.798533, half-width 0.076322.
        WilsonInterval w = WilsonInterval.of(81, 100, 1.96);
        assertThat(w.lower()).isCloseTo(0.7222097593, within(1e-9));
        assertThat(w.upper()).isCloseTo(0.8748534601, within(1e-9));
        assertThat(w.estimate()).isEqualTo(0.81);
        // No successes: the interval still has width, upper = z²/(n + z²).
        WilsonInterval none = WilsonInterval.of(0, 10, 1.96);
        assertThat(none.lower()).isZero();
        assertThat(none.upper()).isCloseTo(0.2775401688, within(1e-9));
        assertThat(WilsonInterval.of(10, 10).upper()).isEqualTo(1.0);
        assertThat(WilsonInterval.of(0, 0).lower()).isZero();
        assertThat(WilsonInterval.of(0, 0).upper()).isEqualTo(1.0);
        assertThatThrownBy(() -> WilsonInterval.of(11, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wilsonIntervalCoversTheTrueAccuracyAboutNinetyFivePercentOfTheTime() {
        Random random = new Random(17);
        int covered = 0;
        int windows = 2_000;
        for (int t = 0; t < windows; t++) {
            int correct = 0;
            for (int i = 0; i < 40; i++) {
                correct += random.nextDouble() < 0.9 ? 1 : 0;
            }
            WilsonInterval w = WilsonInterval.of(correct, 40);
            covered += w.lower() <= 0.9 && 0.9 <= w.upper() ? 1 : 0;
        }
        assertThat((double) covered / windows).isBetween(0.92, 0.98);
    }

    @Test
    void labelCoverageIsTheLabelledShare() {
        assertThat(new LabelCoverage(200, 50).share()).isEqualTo(0.25);
        assertThat(new LabelCoverage(200, 50).sufficient(0.5)).isFalse();
        assertThat(new LabelCoverage(0, 0).share()).isZero();
        assertThatThrownBy(() -> new LabelCoverage(5, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void poolAdjacentViolatorsAveragesViolatingNeighbours() {
        assertThat(CalibrationMap.poolAdjacentViolators(new double[] {0.1, 0.3, 0.2, 0.5}, new double[] {1, 1, 1, 1}))
                .containsExactly(new double[] {0.1, 0.25, 0.25, 0.5}, within(1e-12));
        // Weighted: (0.3·1 + 0.2·3) / 4 = 0.225.
        assertThat(CalibrationMap.poolAdjacentViolators(new double[] {0.3, 0.2}, new double[] {1, 3}))
                .containsExactly(new double[] {0.225, 0.225}, within(1e-12));
    }

    @Test
    void isotonicMapInterpolatesAndClampsAndHistogramMapSteps() {
        CalibrationMap iso = CalibrationMap.isotonic(new double[] {0.9, 0.1, 0.5}, new double[] {0.8, 0.2, 0.5},
                new long[] {10, 10, 10});
        assertThat(iso.apply(0.3)).isCloseTo(0.35, within(1e-12));
        assertThat(iso.apply(0.05)).isEqualTo(0.2);
        assertThat(iso.apply(0.95)).isEqualTo(0.8);
        CalibrationMap hist = CalibrationMap.histogram(new double[] {0.5}, new double[] {0.3, Double.NaN});
        assertThat(hist.apply(0.2)).isEqualTo(0.3);
        assertThat(hist.apply(0.7)).isEqualTo(0.7); // empty bin keeps the raw probability
    }

    @Test
    void expectedAccuracyAndItsStandardErrorMatchHandComputation() {
        // q = 0.9, 0.8, 0.7 (predicted bad, 1 - 0.3), 0.6: mean 0.75; Σ q(1-q) = 0.70; se = √0.70 / 4.
        PerformanceEstimate e = PerformanceEstimate.of(new double[] {0.9, 0.8, 0.3, 0.6}, CalibrationMap.identity(), 0.5);
        assertThat(e.expectedAccuracy()).isCloseTo(0.75, within(1e-12));
        assertThat(e.standardError()).isCloseTo(Math.sqrt(0.70) / 4, within(1e-12));
        assertThat(e.lower()).isCloseTo(0.75 - WilsonInterval.Z95 * Math.sqrt(0.70) / 4, within(1e-12));
        assertThat(PerformanceEstimate.fromSums(0, 0, 0, 1.96).expectedAccuracy()).isNaN();
    }

    @Test
    void accumulatorsMergeLikeOneWindow() {
        PerformanceEstimate.Accumulator a = new PerformanceEstimate.Accumulator(CalibrationMap.identity(), 0.5);
        PerformanceEstimate.Accumulator b = new PerformanceEstimate.Accumulator(CalibrationMap.identity(), 0.5);
        a.add(0.9);
        a.add(0.8);
        b.add(0.3);
        b.add(0.6);
        a.merge(b);
        assertThat(a.estimate().expectedAccuracy()).isCloseTo(0.75, within(1e-12));
        assertThat(a.estimate().n()).isEqualTo(4);
    }

    /** Model whose probabilities are the true probabilities of good, sharpened by {@code overconfidence}. */
    static double[][] window(Random random, int n, double overconfidence) {
        double[] raw = new double[n];
        double[] good = new double[n];
        for (int i = 0; i < n; i++) {
            double truth = random.nextDouble();
            double logit = Math.log(truth / (1 - truth));
            raw[i] = 1 / (1 + Math.exp(-overconfidence * logit));
            good[i] = random.nextDouble() < truth ? 1 : 0;
        }
        return new double[][] {raw, good};
    }

    static double realisedAccuracy(double[] raw, double[] good) {
        int correct = 0;
        for (int i = 0; i < raw.length; i++) {
            correct += (raw[i] >= 0.5) == (good[i] == 1) ? 1 : 0;
        }
        return (double) correct / raw.length;
    }

    @Test
    void forACalibratedModelTheIntervalCoversTheRealisedAccuracy() {
        Random random = new Random(21);
        int covered = 0;
        int windows = 400;
        for (int t = 0; t < windows; t++) {
            double[][] w = window(random, 500, 1.0);
            PerformanceEstimate e = PerformanceEstimate.of(w[0], CalibrationMap.identity(), 0.5);
            double realised = realisedAccuracy(w[0], w[1]);
            covered += e.lower() <= realised && realised <= e.upper() ? 1 : 0;
        }
        assertThat((double) covered / windows).isBetween(0.9, 0.99);
    }

    @Test
    void calibrationFromTheTrainingCurveRemovesTheOverconfidenceBias() {
        Random random = new Random(22);
        double[][] calibrationSet = window(random, 50_000, 3.0);
        double[] edges = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
        double[] good = new double[10];
        double[] count = new double[10];
        for (int i = 0; i < calibrationSet[0].length; i++) {
            int bin = BinnedDistribution.binIndex(edges, calibrationSet[0][i]);
            good[bin] += calibrationSet[1][i];
            count[bin]++;
        }
        double[] rates = new double[10];
        for (int b = 0; b < 10; b++) {
            rates[b] = good[b] / count[b];
        }
        double[][] current = window(random, 20_000, 3.0);
        double realised = realisedAccuracy(current[0], current[1]);
        PerformanceEstimate raw = PerformanceEstimate.of(current[0], CalibrationMap.identity(), 0.5);
        PerformanceEstimate calibrated = PerformanceEstimate.of(current[0], CalibrationMap.histogram(edges, rates), 0.5);
        assertThat(realised).isCloseTo(0.75, within(0.015));
        assertThat(raw.expectedAccuracy() - realised).isGreaterThan(0.08); // overconfident: far too optimistic
        assertThat(calibrated.expectedAccuracy()).isCloseTo(realised, within(4 * calibrated.standardError()));
    }

    @Test
    void pureConceptDriftIsInvisibleToTheEstimate() {
        Random random = new Random(23);
        double[][] w = window(random, 10_000, 1.0);
        double[] flipped = new double[w[1].length];
        for (int i = 0; i < flipped.length; i++) {
            flipped[i] = 1 - w[1][i]; // the same inputs now mean the opposite quality
        }
        PerformanceEstimate estimate = PerformanceEstimate.of(w[0], CalibrationMap.identity(), 0.5);
        assertThat(estimate.expectedAccuracy()).isCloseTo(0.75, within(0.02));
        assertThat(realisedAccuracy(w[0], flipped)).isCloseTo(0.25, within(0.02));
    }
}
