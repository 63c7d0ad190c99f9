package kiln.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import kiln.domain.DriftLevel;
import org.junit.jupiter.api.Test;

class FeatureDriftTest {
    static final DriftThresholds T = DriftThresholds.defaults();
    static final double DAY = T.alpha(Duration.ofDays(1));

    static double[] normal(Random random, int n, double mean, double sd) {
        return DistributionStatisticsTest.normal(random, n, mean, sd);
    }

    /** A reference on a 200-bin grid from its minimum, PSI bins at its deciles, chance thresholds bootstrapped. */
    record Ref(DriftReference drift, double lo) {
        GridCounts grid(double[] values) {
            return GridCounts.of(lo, drift.width(), values);
        }
    }

    static Ref reference(double[] values) {
        double min = Arrays.stream(values).min().orElseThrow();
        double max = Arrays.stream(values).max().orElseThrow();
        double width = (max - min) / 200;
        GridCounts counts = GridCounts.of(min, width, values);
        return new Ref(DriftReference.withNulls("x", width, counts, DriftReference.quantileLines(counts, 10), Stats.std(values)), min);
    }

    static FeatureDrift judge(Ref ref, double[] values, double alpha) {
        return ref.drift().judge("x", ref.grid(values), alpha, T);
    }

    @Test
    void aStableFeatureIsStableAndAShiftedOneDrifts() {
        Random random = new Random(31);
        double[] ref = normal(random, 20_000, 5, 2);
        Ref r = reference(ref);
        assertThat(judge(r, normal(random, 3_000, 5, 2), DAY).verdict()).isEqualTo(FeatureDrift.Verdict.STABLE);
        FeatureDrift shifted = judge(r, normal(random, 3_000, 5.6, 2), DAY); // 0.3 sd
        assertThat(shifted.verdict()).isEqualTo(FeatureDrift.Verdict.DRIFT);
        // W/std of the reference: a pure shift by 0.3 sd reads 0.3, with no inflation from the extremes.
        assertThat(shifted.wasserstein()).isCloseTo(0.3, within(0.05));
        assertThat(shifted.ks().pValue()).isLessThan(DAY);
    }

    @Test
    void wassersteinOnTheGridMatchesTheRawSamplesAndIsNotInflatedByTheExtremes() {
        Random random = new Random(33);
        double[] ref = normal(random, 5_000, 0, 1);
        double[] same = normal(random, 192, 0, 1);
        Ref r = reference(ref);
        double raw = Wasserstein.distance(ref, same) / Stats.std(ref);
        assertThat(r.drift().wasserstein(r.grid(same))).isCloseTo(raw, within(0.02));
        // Stable days of 192 rows: the old trapezoid through min and max read about 0.1 here; the grid
        // integral stays at the sampling noise (about 0.06 for 192 rows).
        assertThat(raw).isLessThan(0.1);
    }

    @Test
    void aSmallCertainShiftIsASmallChangeNotDrift() {
        Random random = new Random(32);
        double[] ref = normal(random, 50_000, 0, 1);
        Ref r = reference(ref);
        FeatureDrift small = judge(r, normal(random, 50_000, 0.05, 1), DAY);
        assertThat(small.ks().pValue()).isLessThan(DAY);
        assertThat(small.wasserstein()).isLessThan(T.minShift());
        assertThat(small.verdict()).isEqualTo(FeatureDrift.Verdict.SMALL_CHANGE);
        assertThat(small.level()).isEqualTo(DriftLevel.WARN);
        assertThatThrownBy(() -> new DriftThresholds(0, 0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void windowsTooSmallToJudgeSaySoButKeepTheirStatistics() {
        Random random = new Random(5);
        double[] ref = normal(random, 5_000, 0, 1);
        Ref r = reference(ref);
        double hour = T.alpha(Duration.ofHours(1));
        FeatureDrift tiny = judge(r, normal(random, 5, 3, 1), hour);
        assertThat(tiny.psi()).isGreaterThan(1);
        assertThat(tiny.verdict()).isEqualTo(FeatureDrift.Verdict.TOO_FEW);
        assertThat(tiny.judged()).isFalse();
        // An hour is judged from about 43 rows on (it could then flag a one-sd shift), a day from about 32.
        assertThat(FeatureDrift.judgeable(FeatureDrift.effectiveSize(5_000, 8), hour)).isFalse();
        assertThat(FeatureDrift.judgeable(FeatureDrift.effectiveSize(5_000, 41), hour)).isFalse();
        assertThat(FeatureDrift.judgeable(FeatureDrift.effectiveSize(5_000, 43), hour)).isTrue();
        assertThat(FeatureDrift.judgeable(FeatureDrift.effectiveSize(5_000, 30), DAY)).isFalse();
        assertThat(FeatureDrift.judgeable(FeatureDrift.effectiveSize(5_000, 32), DAY)).isTrue();
        assertThat(judge(r, normal(random, 200, 3, 1), DAY).verdict()).isEqualTo(FeatureDrift.Verdict.DRIFT);
    }

    @Test
    void theFalseAlarmLevelIsSpreadOverTheWindowsOf42Days() {
        assertThat(T.alpha(Duration.ofDays(1))).isCloseTo(0.01 / 42, within(1e-15));
        assertThat(T.alpha(Duration.ofHours(1))).isCloseTo(0.01 / 1008, within(1e-15));
    }

    @Test
    void levelsOrderFromOkToAlert() {
        assertThat(DriftLevel.OK.worst(DriftLevel.WARN)).isEqualTo(DriftLevel.WARN);
        assertThat(DriftLevel.ALERT.worst(DriftLevel.WARN)).isEqualTo(DriftLevel.ALERT);
    }
}
