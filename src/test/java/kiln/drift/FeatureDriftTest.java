package kiln.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureDriftTest {
    static final double[] PROBS = QuantileSummary.evenProbs(50);

    static double[] normal(Random random, int n, double mean, double sd) {
        return DistributionStatisticsTest.normal(random, n, mean, sd);
    }

    static FeatureDrift fromSummaries(double[] ref, double[] cur) {
        double[] edges = BinnedDistribution.quantileEdges(ref, 10);
        return FeatureDrift.evaluate("x", BinnedDistribution.of(edges, ref), BinnedDistribution.of(edges, cur),
                QuantileSummary.of(ref, PROBS), QuantileSummary.of(cur, PROBS), DriftThresholds.defaults());
    }

    @Test
    void aStableFeatureIsOkAndAShiftedOneAlertsFromSummariesAndSamplesAlike() {
        Random random = new Random(31);
        double[] ref = normal(random, 20_000, 5, 2);
        double[] same = normal(random, 3_000, 5, 2);
        double[] shifted = normal(random, 3_000, 5.6, 2); // 0.3 sd
        assertThat(fromSummaries(ref, same).level()).isEqualTo(DriftLevel.OK);
        assertThat(FeatureDrift.evaluate("x", ref, same, 10, DriftThresholds.defaults()).level()).isEqualTo(DriftLevel.OK);
        FeatureDrift summarised = fromSummaries(ref, shifted);
        FeatureDrift raw = FeatureDrift.evaluate("x", ref, shifted, 10, DriftThresholds.defaults());
        assertThat(summarised.level()).isEqualTo(DriftLevel.ALERT);
        assertThat(raw.level()).isEqualTo(DriftLevel.ALERT);
        // The summary path approximates the raw one closely.
        assertThat(summarised.psi()).isCloseTo(raw.psi(), within(1e-12)); // same bins, same counts
        assertThat(summarised.wasserstein()).isCloseTo(raw.wasserstein(), within(0.03));
        assertThat(summarised.ks().statistic()).isCloseTo(raw.ks().statistic(), within(0.03));
        assertThat(raw.wasserstein()).isCloseTo(0.3, within(0.05));
    }

    @Test
    void aSmallShiftOnlyCrossesTheWassersteinThresholdWhenItIsLowered() {
        Random random = new Random(32);
        double[] ref = normal(random, 20_000, 0, 1);
        double[] cur = normal(random, 20_000, 0.07, 1);
        FeatureDrift defaults = FeatureDrift.evaluate("x", ref, cur, 10, DriftThresholds.defaults());
        assertThat(defaults.wasserstein()).isBetween(0.04, 0.1);
        assertThat(defaults.level()).isEqualTo(DriftLevel.OK);
        DriftThresholds strict = new DriftThresholds(0.1, 0.25, 0.01, 0.1, 0.04);
        // Wasserstein alone only warns: its sampling noise on a day of data is about its default threshold.
        assertThat(FeatureDrift.evaluate("x", ref, cur, 10, strict).level()).isEqualTo(DriftLevel.WARN);
        assertThatThrownBy(() -> new DriftThresholds(0.3, 0.2, 0.01, 0.1, 0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void windowsTooSmallToJudgeStayOkButKeepTheirStatistics() {
        Random random = new Random(5);
        double[] ref = normal(random, 5_000, 0, 1);
        double[] tiny = normal(random, 7, 3, 1);
        FeatureDrift drift = FeatureDrift.evaluate("x", ref, tiny, 10, DriftThresholds.defaults());
        assertThat(drift.psi()).isGreaterThan(1);
        assertThat(drift.level()).isEqualTo(DriftLevel.OK);
        double[] enough = normal(random, 200, 3, 1);
        assertThat(FeatureDrift.evaluate("x", ref, enough, 10, DriftThresholds.defaults()).level()).isEqualTo(DriftLevel.ALERT);
    }

    @Test
    void levelsOrderFromOkToAlert() {
        assertThat(DriftLevel.OK.worst(DriftLevel.WARN)).isEqualTo(DriftLevel.WARN);
        assertThat(DriftLevel.ALERT.worst(DriftLevel.WARN)).isEqualTo(DriftLevel.ALERT);
    }
}
