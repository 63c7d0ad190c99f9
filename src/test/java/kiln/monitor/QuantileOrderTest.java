package kiln.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuantileOrderTest {

    @Test
    void roundingInversionsAreFlattenedAndOrderedValuesKept() {
        double a = 350.1;
        double[] fromSql = {340.0, a, Math.nextDown(a), 360.0};
        assertThat(DriftMaterializer.nonDecreasing(fromSql)).containsExactly(340.0, a, a, 360.0);
        assertThat(fromSql[2]).as("input untouched").isEqualTo(Math.nextDown(a));
        assertThat(DriftMaterializer.nonDecreasing(new double[] {1, 2, 3})).containsExactly(1, 2, 3);
    }
}
