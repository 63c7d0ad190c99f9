package kiln.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import kiln.domain.DriftLevel;
import org.junit.jupiter.api.Test;

class DatasetAndOutputDriftTest {
    // The 15 p-values of Benjamini & Hochberg (1995), section 4.
    static final double[] BH_PAPER = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459,
            0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000};

    static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }

    @Test
    void benjaminiHochbergRejectsFourAndBonferroniThreeOnThePaperExample() {
        assertThat(count(MultipleTesting.BENJAMINI_HOCHBERG.reject(BH_PAPER, 0.05))).isEqualTo(4);
        assertThat(count(MultipleTesting.BONFERRONI.reject(BH_PAPER, 0.05))).isEqualTo(3);
        assertThat(count(MultipleTesting.NONE.reject(BH_PAPER, 0.05))).isEqualTo(9);
    }

    @Test
    void benjaminiHochbergAdjustedValuesAreMonotoneStepUps() {
        // Sorted 0.005, 0.01, 0.03, 0.04 (m = 4): m·p/rank = 0.02, 0.02, 0.04, 0.04.
        double[] adjusted = MultipleTesting.BENJAMINI_HOCHBERG.adjust(new double[] {0.01, 0.04, 0.03, 0.005, Double.NaN});
        assertThat(adjusted).containsExactly(new double[] {0.02, 0.04, 0.04, 0.02, Double.NaN}, within(1e-12));
        assertThat(MultipleTesting.BONFERRONI.adjust(new double[] {0.01, 0.5})).containsExactly(0.02, 1.0);
    }

    @Test
    void correctionsKeepTheFalseAlarmRateUnderNullNearAlpha() {
        Random random = new Random(42);
        int trials = 2_000;
        int bh = 0;
        int bonferroni = 0;
        int uncorrected = 0;
        for (int t = 0; t < trials; t++) {
            double[] p = new double[40];
            for (int i = 0; i < p.length; i++) {
                p[i] = random.nextDouble();
            }
            bh += count(MultipleTesting.BENJAMINI_HOCHBERG.reject(p, 0.05)) > 0 ? 1 : 0;
            bonferroni += count(MultipleTesting.BONFERRONI.reject(p, 0.05)) > 0 ? 1 : 0;
            uncorrected += count(MultipleTesting.NONE.reject(p, 0.05)) > 0 ? 1 : 0;
        }
        // Under the global null both control the chance of any flag at 5 %; uncorrected it is 1 - 0.95^40 ≈ 87 %.
        assertThat((double) bh / trials).isLessThan(0.07);
        assertThat((double) bonferroni / trials).isLessThan(0.07);
        assertThat((double) uncorrected / trials).isGreaterThan(0.8);
    }

    @Test
    void datasetDriftShareCountsCorrectedRejectionsAmongTestedFeatures() {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("temp", 1e-9);
        p.put("pressure", 1e-6);
        p.put("speed", 0.4);
        p.put("humidity", 0.004); // 4 tested: BH 0.004·4/3 = 0.0053 < 0.01, Bonferroni 0.016 > 0.01
        p.put("dead", Double.NaN);
        DatasetDrift bh = DatasetDrift.of(p);
        assertThat(bh.drifted()).containsExactly("temp", "pressure", "humidity");
        assertThat(bh.tested()).isEqualTo(4);
        assertThat(bh.share()).isEqualTo(0.75);
        assertThat(bh.datasetDrift()).isTrue();
        DatasetDrift bonferroni = DatasetDrift.of(p, MultipleTesting.BONFERRONI, 0.01, 0.8);
        assertThat(bonferroni.drifted()).containsExactly("temp", "pressure");
        assertThat(bonferroni.datasetDrift()).isFalse();
    }

    @Test
    void twoProportionTestMatchesHandComputation() {
        // 50/100 vs 65/100: pooled 0.575, se = √(0.575·0.425·0.02) = 0.069911, z = 0.15 / se = 2.1456.
        TwoProportionTest t = TwoProportionTest.of(50, 100, 65, 100);
        assertThat(t.difference()).isCloseTo(0.15, within(1e-12));
        assertThat(t.z()).isCloseTo(2.1455956, within(1e-6));
        assertThat(t.pValue()).isCloseTo(0.0319052552, within(1e-6));
        assertThat(Normal.cdf(1.96)).isCloseTo(0.9750021, within(1e-6));
        assertThat(TwoProportionTest.of(0, 10, 0, 10).pValue()).isEqualTo(1.0);
        assertThat(TwoProportionTest.of(0, 0, 3, 10).pValue()).isNaN();
    }

    @Test
    void labelDriftFlagsAPriorShiftOnlyWhenSignificant() {
        assertThat(LabelDrift.drifted(LabelDrift.of(800, 1000, 700, 1000), 0.01)).isTrue();
        assertThat(LabelDrift.drifted(LabelDrift.of(80, 100, 75, 100), 0.01)).isFalse();
        assertThat(LabelDrift.drifted(LabelDrift.of(80, 100, 0, 0), 0.01)).isFalse();
    }

    @Test
    void predictionDriftSeesAMovedOutputDistribution() {
        Random random = new Random(9);
        double[] ref = new double[5_000];
        double[] same = new double[5_000];
        double[] moved = new double[5_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = sigmoid(random.nextGaussian() + 1);
            same[i] = sigmoid(random.nextGaussian() + 1);
            moved[i] = sigmoid(random.nextGaussian());
        }
        PredictionDrift stable = PredictionDrift.of(ref, same, 10, 0.5);
        PredictionDrift drifted = PredictionDrift.of(ref, moved, 10, 0.5);
        assertThat(stable.level(0.1, 0.25)).isEqualTo(DriftLevel.OK);
        assertThat(drifted.level(0.1, 0.25)).isEqualTo(DriftLevel.ALERT);
        // Predicted-good share falls from Φ(1) ≈ 0.84 to 0.5.
        assertThat(drifted.predictedGoodShare().referenceRate()).isCloseTo(0.841, within(0.02));
        assertThat(drifted.predictedGoodShare().currentRate()).isCloseTo(0.5, within(0.02));
        assertThat(drifted.predictedGoodShare().pValue()).isLessThan(1e-6);
        assertThat(stable.predictedGoodShare().pValue()).isGreaterThan(0.001);
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
