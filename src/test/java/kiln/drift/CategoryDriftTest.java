package kiln.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import kiln.domain.DriftLevel;
import org.junit.jupiter.api.Test;

class CategoryDriftTest {

    private static final DriftThresholds T = DriftThresholds.defaults();

    @Test
    void chiSquareTailMatchesTabulatedCriticalValuesAndClosedForms() {
        // 5 % critical values of the chi-square table
        assertThat(ChiSquare.upperTail(3.841459, 1)).isCloseTo(0.05, within(1e-6));
        assertThat(ChiSquare.upperTail(5.991465, 2)).isCloseTo(0.05, within(1e-6));
        assertThat(ChiSquare.upperTail(11.070498, 5)).isCloseTo(0.05, within(1e-6));
        assertThat(ChiSquare.upperTail(124.342113, 100)).isCloseTo(0.05, within(1e-6));
        // two degrees of freedom: P(X >= x) = exp(-x / 2), on both sides of the series/fraction switch
        for (double x : new double[] {0.1, 1, 3.9, 4.1, 20, 80}) {
            assertThat(ChiSquare.upperTail(x, 2)).as("x=%s", x).isCloseTo(Math.exp(-x / 2), within(1e-12));
        }
        assertThat(ChiSquare.upperTail(0, 3)).isEqualTo(1.0);
        assertThat(ChiSquare.logGamma(5)).isCloseTo(Math.log(24), within(1e-12));
        assertThat(ChiSquare.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-12));
        assertThatThrownBy(() -> ChiSquare.upperTail(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameSharesAreNoDrift() {
        CategoryDrift d = CategoryDrift.evaluate(new long[] {400, 300, 200, 100, 0}, new long[] {40, 30, 20, 10, 0}, T);
        assertThat(d.psi()).isCloseTo(0, within(1e-12));
        assertThat(d.distance()).isCloseTo(0, within(1e-12));
        assertThat(d.chiSquare()).isCloseTo(0, within(1e-9));
        assertThat(d.dof()).isEqualTo(3); // the bucket empty on both sides does not count
        assertThat(d.pValue()).isCloseTo(1, within(1e-9));
        assertThat(d.level()).isEqualTo(DriftLevel.OK);
    }

    @Test
    void movedSharesAlertWithAHandComputedStatistic() {
        long[] ref = {500, 500, 0};
        long[] cur = {20, 80, 0};
        CategoryDrift d = CategoryDrift.evaluate(ref, cur, T);
        double psi = (0.2 - 0.5) * Math.log(0.2 / 0.5) + (0.8 - 0.5) * Math.log(0.8 / 0.5);
        assertThat(d.psi()).isCloseTo(psi, within(1e-12));
        assertThat(d.distance()).isCloseTo(0.3, within(1e-12));
        // 2 x 2 table [[500, 500], [20, 80]]: expected from the pooled shares 520/1100 and 580/1100
        double chi = 0;
        long[][] table = {ref, cur};
        long[] rows = {1000, 100};
        long[] cols = {520, 580};
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                double e = (double) rows[r] * cols[c] / 1100;
                chi += (table[r][c] - e) * (table[r][c] - e) / e;
            }
        }
        assertThat(d.chiSquare()).isCloseTo(chi, within(1e-9));
        assertThat(d.dof()).isEqualTo(1);
        assertThat(d.pValue()).isLessThan(1e-6);
        assertThat(d.level()).isEqualTo(DriftLevel.ALERT);
    }

    @Test
    void aNewCategoryIsDriftInItsOwnBucket() {
        CategoryDrift d = CategoryDrift.evaluate(new long[] {500, 500, 0}, new long[] {45, 45, 10}, T);
        assertThat(d.psi()).isGreaterThan(PopulationStabilityIndex.DEFAULT_ALERT);
        assertThat(d.distance()).isCloseTo(0.1, within(1e-12));
        assertThat(d.dof()).isEqualTo(2);
        assertThat(d.level()).isEqualTo(DriftLevel.ALERT);
    }

    @Test
    void smallOrEmptyWindowsAreNotJudged() {
        CategoryDrift small = CategoryDrift.evaluate(new long[] {500, 500, 0}, new long[] {0, 10, 0}, T);
        assertThat(small.psi()).isGreaterThan(1);
        assertThat(small.level()).isEqualTo(DriftLevel.OK);
        assertThat(CategoryDrift.evaluate(new long[] {5, 5}, new long[] {0, 0}, T)).isEqualTo(CategoryDrift.NONE);
        assertThatThrownBy(() -> CategoryDrift.evaluate(new long[] {1, 2}, new long[] {1, 2, 3}, T))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CategoryDrift.evaluate(new long[] {1, -2}, new long[] {1, 2}, T))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
