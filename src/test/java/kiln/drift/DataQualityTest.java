package kiln.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DataQualityTest {
    static final DataQuality.Thresholds DEFAULTS = DataQuality.Thresholds.defaults();

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
        DataQuality.Report report = DataQuality.check(QualitySummary.of(window, 0, 10), 0.5, DEFAULTS);
        assertThat(report.sensor()).isEqualTo(SensorState.LIVE);
        assertThat(report.level()).isEqualTo(DriftLevel.OK);
    }

    @Test
    void allMissingIsDeadNotStuck() {
        DataQuality.Report report = DataQuality.check(QualitySummary.of(repeat(Double.NaN, 50), 0, 10), 0.5, DEFAULTS);
        assertThat(report.sensor()).isEqualTo(SensorState.DEAD);
        assertThat(report.missingRate()).isEqualTo(1.0);
        assertThat(report.level()).isEqualTo(DriftLevel.ALERT);
    }

    @Test
    void constantValuesAreStuckOnlyWhenTheReferenceVariesAndThereAreEnoughRows() {
        assertThat(DataQuality.check(QualitySummary.of(repeat(7.25, 50), 0, 10), 0.5, DEFAULTS).sensor())
                .isEqualTo(SensorState.STUCK);
        assertThat(DataQuality.check(QualitySummary.of(repeat(7.25, 50), 0, 10), 0.5, DEFAULTS).level())
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
    void missingAndRangeThresholdsBreachIndependently() {
        double[] someMissing = {1, 2, 3, 4, 5, 6, 7, 8, 9, Double.NaN}; // 10 % missing > 5 %
        assertThat(DataQuality.check(QualitySummary.of(someMissing, 0, 10), 2, DEFAULTS).level()).isEqualTo(DriftLevel.ALERT);
        double[] outside = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12}; // 10 % outside [0, 10] > 1 %
        DataQuality.Report report = DataQuality.check(QualitySummary.of(outside, 0, 10), 2, DEFAULTS);
        assertThat(report.outsideRangeShare()).isEqualTo(0.1);
        assertThat(report.level()).isEqualTo(DriftLevel.ALERT);
        DataQuality.Thresholds lenient = new DataQuality.Thresholds(0.2, 0.2, 1e-6, 10);
        assertThat(DataQuality.check(QualitySummary.of(outside, 0, 10), 2, lenient).level()).isEqualTo(DriftLevel.OK);
    }
}
