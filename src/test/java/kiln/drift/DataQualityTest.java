package kiln.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;

import kiln.domain.DriftLevel;
import org.junit.jupiter.api.Test;

class DataQualityTest {
    static final DataQuality.Thresholds DEFAULTS = DataQuality.Thresholds.defaults();
    /** A day's false-alarm level (1 % per 42 days). */
    static final double ALPHA = 0.01 / 42;

    static double[] repeat(double value, int n) {
        double[] x = new double[n];
        Arrays.fill(x, value);
        return x;
    }

    @Test
    void summaryCountsMissingAndOutOfRangeValues() {
        QualitySummary s = QualitySummary.of(new double[] {1, 2, Double.NaN, 11, -1, 5, Double.NaN, 3}, 0, 10);
        assertThat(s.rows()).isEqualTo(8);
        assertThat(s.missing()).isEqualTo(2);
        assertThat(s.missingRate()).isEqualTo(0.25);
        assertThat(s.outsideRange()).isEqualTo(2);
        assertThat(s.outsideRangeShare()).isCloseTo(2.0 / 6, within(1e-12));
        assertThat(s.min()).isEqualTo(-1);
        assertThat(s.max()).isEqualTo(11);
        // values 1, 2, 11, -1, 5, 3: mean 3.5, squared deviations sum 87.5, / 5 = 17.5
        assertThat(s.variance()).isCloseTo(17.5, within(1e-12));
    }

    @Test
    void healthyWindowPasses() {
        double[] window = {4.1, 5.2, 4.8, 5.5, 4.9, 5.1, 5.0, 4.7, 5.3, 4.6};
        DataQuality.Report report = DataQuality.check(QualitySummary.of(window, 0, 10), 0.5, 1000, 0, ALPHA, DEFAULTS);
        assertThat(report.sensor()).isEqualTo(SensorState.LIVE);
        assertThat(report.level()).isEqualTo(DriftLevel.OK);
    }

    @Test
    void allMissingIsDeadNotStuck() {
        DataQuality.Report report = DataQuality.check(QualitySummary.of(repeat(Double.NaN, 50), 0, 10), 0.5, 1000, 0, ALPHA, DEFAULTS);
        assertThat(report.sensor()).isEqualTo(SensorState.DEAD);
        assertThat(report.missingRate()).isEqualTo(1.0);
        assertThat(report.level()).isEqualTo(DriftLevel.ALERT);
    }

    @Test
    void constantValuesAreStuckOnlyWhenTheReferenceVariesAndThereAreEnoughRows() {
        assertThat(DataQuality.check(QualitySummary.of(repeat(7.25, 50), 0, 10), 0.5, 1000, 0, ALPHA, DEFAULTS).sensor())
                .isEqualTo(SensorState.STUCK);
        assertThat(DataQuality.check(QualitySummary.of(repeat(7.25, 50), 0, 10), 0.5, 1000, 0, ALPHA, DEFAULTS).level())
                .isEqualTo(DriftLevel.ALERT);
        // A feature that is constant in training as well (a recipe setting) is not a stuck sensor.
        assertThat(DataQuality.sensorState(QualitySummary.of(repeat(7.25, 50), 7.25, 7.25), 0, DEFAULTS))
                .isEqualTo(SensorState.LIVE);
        // Three equal readings are not evidence of a frozen sensor.
        assertThat(DataQuality.sensorState(QualitySummary.of(repeat(7.25, 3), 0, 10), 0.5, DEFAULTS))
                .isEqualTo(SensorState.LIVE);
        assertThat(DataQuality.sensorState(new QualitySummary(0, 0, 0, Double.NaN, Double.NaN, Double.NaN), 0.5,
                DEFAULTS)).isEqualTo(SensorState.NO_DATA);
    }

    @Test
    void missingAndRangeBreachIndependently() {
        double[] someMissing = {1, 2, 3, 4, Double.NaN, 6, 7, 8, 9, Double.NaN}; // 2 of 10 missing, never in 1,000 reference rows
        assertThat(DataQuality.check(QualitySummary.of(someMissing, 0, 10), 2, 1000, 0, ALPHA, DEFAULTS).level()).isEqualTo(DriftLevel.ALERT);
        double[] outside = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12}; // 1 of 10 outside [0, 10]: chance puts 2/1001 of values there
        DataQuality.Report report = DataQuality.check(QualitySummary.of(outside, 0, 10), 2, 1000, 0, ALPHA, DEFAULTS);
        assertThat(report.outsideRangeShare()).isEqualTo(0.1);
        assertThat(report.outsideBreach()).isFalse(); // one of ten happens by chance in 2 % of windows
        assertThat(report.level()).isEqualTo(DriftLevel.OK);
        double[] many = {1, 2, 3, 4, 5, 6, 12, 13, 14, 15}; // four of ten: beyond chance
        assertThat(DataQuality.check(QualitySummary.of(many, 0, 10), 2, 1000, 0, ALPHA, DEFAULTS).level()).isEqualTo(DriftLevel.ALERT);
        // The same two missing values from a feature that was missing in 20 % of its reference are normal.
        DataQuality.Report usual = DataQuality.check(QualitySummary.of(someMissing, 0, 10), 2, 800, 200, ALPHA, DEFAULTS);
        assertThat(usual.missingBreach()).isFalse();
        assertThat(usual.level()).isEqualTo(DriftLevel.OK);
    }

    /** Fisher's exact test: the window's missing count given the missing values of window and reference together. */
    @Test
    void missingPValueIsTheHypergeometricTail() {
        // One missing value among 1 window row and 9 reference rows, none missing there: P = 1/10.
        assertThat(DataQuality.missingP(1, 1, 0, 9)).isCloseTo(0.1, within(1e-12));
        // Two of 2 window rows, 1 of 3 reference rows: of the 5 rows, 3 are missing; P(both window rows) = C(3,2)/C(5,2) = 0.3.
        assertThat(DataQuality.missingP(2, 2, 1, 3)).isCloseTo(0.3, within(1e-12));
        assertThat(DataQuality.missingP(0, 50, 10, 1000)).isEqualTo(1.0);
        assertThat(DataQuality.missingP(5, 50, 0, 0)).isEqualTo(1.0); // no reference: nothing to judge against
        // Counts beyond int range are scaled, not overflowed.
        double p = DataQuality.missingP(3_000_000_000L, 3_000_000_000L, 0, 3_000_000_000L);
        assertThat(p).isBetween(0.0, 1e-9);
    }

    /** The out-of-range count's exact law: beta-binomial(m; 2, n - 1), mean m·2/(n + 1). */
    @Test
    void outsideRangePValueFollowsTheExactLaw() {
        // One new value beyond the range of n: probability 2/(n + 1).
        assertThat(DataQuality.outsideRangeP(1, 1, 9)).isCloseTo(0.2, within(1e-12));
        assertThat(DataQuality.outsideRangeP(0, 50, 9)).isEqualTo(1.0);
        // Two new values both beyond the range of 3 reference values: by enumeration of the 5! orders of
        // the 5 exchangeable values, the two new ones are both outside [min, max] of the other three in
        // 2·2·3!/5! + 2·3!/5! ... computed directly: P = 6/20 = 0.3 (both extremes, or both beyond one end).
        Random r = new Random(1);
        int both = 0;
        int trials = 400_000;
        for (int t = 0; t < trials; t++) {
            double a = r.nextDouble();
            double b = r.nextDouble();
            double c = r.nextDouble();
            double lo = Math.min(a, Math.min(b, c));
            double hi = Math.max(a, Math.max(b, c));
            double x = r.nextDouble();
            double y = r.nextDouble();
            if ((x < lo || x > hi) && (y < lo || y > hi)) {
                both++;
            }
        }
        assertThat(DataQuality.outsideRangeP(2, 2, 3)).isCloseTo((double) both / trials, within(0.003));
        // A mean of 2m/(n + 1): sum of x·P(X = x) from the tail probabilities.
        double mean = 0;
        for (int x = 1; x <= 192; x++) {
            mean += DataQuality.outsideRangeP(x, 192, 576);
        }
        assertThat(mean).isCloseTo(192 * 2.0 / 577, within(1e-9));
        assertThat(DataQuality.expectedOutsideShare(576)).isCloseTo(2.0 / 577, within(1e-15));
    }
}
