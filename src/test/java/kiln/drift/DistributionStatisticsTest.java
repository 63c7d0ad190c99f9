package kiln.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import kiln.domain.DriftLevel;
import org.junit.jupiter.api.Test;

class DistributionStatisticsTest {
    // Two small samples without cross ties; reference values from scipy 1.17 (ks_2samp exact, wasserstein_distance).
    static final double[] A = {0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64,
            -0.82, 0.37, 1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47};
    static final double[] B = {2.2, 1.66, 1.38, 0.2, 0.36, 0.0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29,
            -0.27, -0.37, 0.38, 0.7, 0.52, -0.71};

    static double[] normal(Random random, int n, double mean, double sd) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + sd * random.nextGaussian();
        }
        return x;
    }

    @Test
    void binsPutValuesOnAnEdgeIntoTheLowerBinAndKeepOutliersInTheOuterBins() {
        BinnedDistribution d = BinnedDistribution.of(new double[] {1, 2}, new double[] {-5, 1, 1.5, 2, 2.5, 99, Double.NaN});
        assertThat(d.counts()).containsExactly(2, 2, 2);
        assertThat(d.missing()).isEqualTo(1);
        assertThat(d.present()).isEqualTo(6);
    }

    @Test
    void windowsOverTheSameBinsAddUp() {
        double[] edges = {1, 2};
        BinnedDistribution a = BinnedDistribution.of(edges, new double[] {0, 1.5, Double.NaN});
        BinnedDistribution b = BinnedDistribution.of(edges, new double[] {3, 3, 0.5});
        assertThat(a.plus(b)).isEqualTo(BinnedDistribution.of(edges, new double[] {0, 1.5, Double.NaN, 3, 3, 0.5}));
        assertThatThrownBy(() -> a.plus(BinnedDistribution.of(new double[] {1}, new double[] {0})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quantileEdgesCollapseTiesOfADiscreteFeature() {
        double[] edges = BinnedDistribution.quantileEdges(new double[] {0, 0, 0, 0, 0, 0, 1, 1, 2, 2}, 10);
        // Type-7 deciles of six 0s, two 1s, two 2s: 0 (five times), 0.4, 1, 1.2, 2.
        assertThat(edges).containsExactly(new double[] {0, 0.4, 1, 1.2, 2}, within(1e-12));
        assertThatThrownBy(() -> new BinnedDistribution(new double[] {1, 1}, new long[3], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quantilesInterpolateLikeDuckDbQuantileCont() {
        QuantileSummary q = QuantileSummary.of(new double[] {4, 1, 3, 2, Double.NaN}, new double[] {0, 0.25, 0.5, 1});
        assertThat(q.values()).containsExactly(1, 1.75, 2.5, 4);
        assertThat(q.n()).isEqualTo(4);
        assertThat(q.quantile(0.75)).isCloseTo(3.25, within(1e-12)); // interpolated between 0.5 and 1 points
    }

    @Test
    void psiMatchesHandComputedValue() {
        // 0.15 ln(0.4/0.25)... summed by hand: (c - r) ln(c / r) over four bins.
        double psi = PopulationStabilityIndex.fromShares(new double[] {.25, .25, .25, .25}, new double[] {.1, .2, .3, .4});
        assertThat(psi).isCloseTo(0.2282174096, within(1e-9));
        assertThat(PopulationStabilityIndex.level(psi, 0.1, 0.25)).isEqualTo(DriftLevel.WARN);
    }

    @Test
    void psiFloorsEmptyBinsAtEpsilon() {
        double psi = PopulationStabilityIndex.fromShares(new double[] {0.5, 0.5, 0}, new double[] {0.45, 0.45, 0.1});
        double expected = 2 * (-0.05) * Math.log(0.45 / 0.5) + (0.1 - 1e-4) * Math.log(0.1 / 1e-4);
        assertThat(psi).isCloseTo(expected, within(1e-12));
        assertThat(PopulationStabilityIndex.level(psi, 0.1, 0.25)).isEqualTo(DriftLevel.ALERT);
    }

    @Test
    void psiIsSmallForTheSameDistributionAndLargeForAShift() {
        Random random = new Random(7);
        double[] ref = normal(random, 20_000, 0, 1);
        assertThat(PopulationStabilityIndex.of(ref, normal(random, 20_000, 0, 1), 10)).isLessThan(0.01);
        assertThat(PopulationStabilityIndex.of(ref, normal(random, 20_000, 1, 1), 10)).isGreaterThan(0.25);
    }

    @Test
    void kolmogorovDistributionMatchesTables() {
        assertThat(KolmogorovSmirnov.kolmogorovQ(0.5)).isCloseTo(0.963945244, within(1e-8));
        assertThat(KolmogorovSmirnov.kolmogorovQ(1.0)).isCloseTo(0.269999672, within(1e-8));
        assertThat(KolmogorovSmirnov.kolmogorovQ(1.36)).isCloseTo(0.0494858768, within(1e-9));
        assertThat(KolmogorovSmirnov.kolmogorovQ(1.628)).isCloseTo(0.00997552243, within(1e-10));
        assertThat(KolmogorovSmirnov.kolmogorovQ(2.0)).isCloseTo(6.70925256e-4, within(1e-11));
    }

    @Test
    void exactPValueCountsLatticePaths() {
        // Fully separated samples of 3 and 3: 2 of the C(6,3) = 20 orderings give D = 1.
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        assertThat(r.statistic()).isEqualTo(1.0);
        assertThat(r.pValue()).isCloseTo(0.1, within(1e-12));
        assertThat(KolmogorovSmirnov.test(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10}).pValue())
                .isCloseTo(2.0 / 252, within(1e-12));
        KolmogorovSmirnov.Result scipy = KolmogorovSmirnov.test(A, B);
        assertThat(scipy.statistic()).isCloseTo(0.23, within(1e-12));
        assertThat(scipy.pValue()).isCloseTo(0.5286364448, within(1e-8));
    }

    @Test
    void asymptoticPValueIsCloseToTheExactOneWhereBothApply() {
        // Exact values for two samples of 100 from scipy 1.17 (ks_2samp, method="exact").
        double[][] exact = {{0.15, 0.2111700863}, {0.20, 0.0363842879}, {0.25, 0.0037294924}};
        for (double[] row : exact) {
            assertThat(KolmogorovSmirnov.pValue(row[0], 100, 100)).isCloseTo(row[1], within(1e-8));
            assertThat(KolmogorovSmirnov.asymptoticPValue(row[0], 100, 100)).isCloseTo(row[1], within(0.05 * row[1]));
        }
    }

    @Test
    void tiesAreSteppedOverTogether() {
        // Identical samples with ties must give D = 0, not a spurious gap in the middle of a tie.
        double[] x = {1, 1, 2, 2, 2, 3};
        assertThat(KolmogorovSmirnov.test(x, x.clone()).statistic()).isZero();
        assertThat(KolmogorovSmirnov.test(x, x.clone()).pValue()).isEqualTo(1.0);
    }

    @Test
    void largeSamplesUseTheAsymptoticFormAndAlertOnlyOnRealShifts() {
        Random random = new Random(11);
        double[] ref = normal(random, 5_000, 0, 1);
        KolmogorovSmirnov.Result same = KolmogorovSmirnov.test(ref, normal(random, 5_000, 0, 1));
        KolmogorovSmirnov.Result shifted = KolmogorovSmirnov.test(ref, normal(random, 5_000, 0.5, 1));
        assertThat(same.alert()).isFalse();
        assertThat(shifted.alert()).isTrue();
        // D for a 0.5 sd shift of normals is 2Φ(0.25) - 1 ≈ 0.197.
        assertThat(shifted.statistic()).isCloseTo(0.197, within(0.03));
        // A tiny but "significant" shift on huge samples: p small, D below 0.1, so no alert.
        KolmogorovSmirnov.Result tiny = new KolmogorovSmirnov.Result(0.02, KolmogorovSmirnov.pValue(0.02, 1_000_000, 1_000_000),
                1_000_000, 1_000_000);
        assertThat(tiny.pValue()).isLessThan(0.01);
        assertThat(tiny.alert()).isFalse();
    }

    @Test
    void binnedKsIsALowerBoundCloseToTheRawStatistic() {
        Random random = new Random(3);
        double[] ref = normal(random, 4_000, 0, 1);
        double[] cur = normal(random, 4_000, 0.4, 1.2);
        double[] edges = BinnedDistribution.quantileEdges(ref, 20);
        double raw = KolmogorovSmirnov.test(ref, cur).statistic();
        double binned = KolmogorovSmirnov.test(BinnedDistribution.of(edges, ref), BinnedDistribution.of(edges, cur))
                .statistic();
        assertThat(binned).isLessThanOrEqualTo(raw).isGreaterThan(raw - 0.03);
    }

    @Test
    void wassersteinMatchesScipyAndHandValues() {
        assertThat(Wasserstein.distance(A, B)).isCloseTo(0.6071, within(1e-9));
        assertThat(Wasserstein.distance(new double[] {0}, new double[] {1, 3})).isCloseTo(2.0, within(1e-12));
        assertThat(Wasserstein.distance(new double[] {0, 1, 2}, new double[] {1, 2, 3})).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void wassersteinOfAPureShiftIsTheShiftAndOfAScaleChangeIsKnown() {
        double[] probs = QuantileSummary.evenProbs(200);
        double[] ref = new double[probs.length];
        double[] shifted = new double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            ref[i] = 10 + 2 * probs[i]; // uniform on [10, 12]: IQR 1
            shifted[i] = ref[i] + 0.3;
        }
        QuantileSummary r = new QuantileSummary(probs, ref, 1000);
        QuantileSummary s = new QuantileSummary(probs, shifted, 1000);
        assertThat(Wasserstein.distance(r, s)).isCloseTo(0.3, within(1e-12));
        assertThat(Wasserstein.normalised(r, s)).isCloseTo(0.3 * 1.3489795, within(1e-6));

        // Normal(0, 1) vs Normal(0, 1.5²): W1 = 0.5 · E|Z| = 0.5 · √(2/π).
        Random random = new Random(5);
        double[] a = normal(random, 50_000, 0, 1);
        double[] b = normal(random, 50_000, 0, 1.5);
        assertThat(Wasserstein.distance(a, b)).isCloseTo(0.5 * Math.sqrt(2 / Math.PI), within(0.02));
        double[] grid = QuantileSummary.evenProbs(100);
        assertThat(Wasserstein.distance(QuantileSummary.of(a, grid), QuantileSummary.of(b, grid)))
                .isCloseTo(0.5 * Math.sqrt(2 / Math.PI), within(0.03));
        // Robust normalisation makes it about 0.4 reference sds.
        assertThat(Wasserstein.normalised(a, b)).isCloseTo(0.3989, within(0.02));
    }

    @Test
    void wassersteinOfSignChangingQuantileGapsIsExact() {
        // Quantile gap linear from -1 to +1: mean |gap| is 0.5, not |(-1 + 1) / 2| = 0.
        QuantileSummary r = new QuantileSummary(new double[] {0, 1}, new double[] {0, 2}, 2);
        QuantileSummary c = new QuantileSummary(new double[] {0, 1}, new double[] {1, 1}, 2);
        assertThat(Wasserstein.distance(r, c)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void wassersteinOfAConstantReferenceIsZeroOrInfinite() {
        double[] constant = {5, 5, 5};
        assertThat(Wasserstein.normalised(constant, new double[] {5, 5})).isZero();
        assertThat(Wasserstein.normalised(constant, new double[] {5, 6})).isInfinite();
    }
}
