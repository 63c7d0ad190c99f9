package kiln.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Multi-class metrics against hand-worked examples, and binary metrics unchanged by the multi-class path. */
class MulticlassMetricsTest {

    static final List<String> CLASSES = List.of("rain", "sun", "fog");

    /** Six rows: rows 1 and 3 are wrong; row 3 ties codes 0 and 1, so code 0 is predicted. */
    static final byte[] Y = {0, 0, 1, 1, 2, 2};
    static final double[][] P = {
            {0.7, 0.2, 0.1},
            {0.3, 0.6, 0.1},
            {0.1, 0.8, 0.1},
            {0.4, 0.4, 0.2},
            {0.2, 0.2, 0.6},
            {0.1, 0.1, 0.8}};

    @Test
    void threeClassesByHand() {
        Metrics m = Metrics.of(Y, P, CLASSES);
        assertThat(m.binary()).isFalse();
        assertThat(m.confusion()).isDeepEqualTo(new long[][] {{1, 1, 0}, {1, 1, 0}, {0, 0, 2}});
        assertThat(m.accuracy()).isCloseTo(4 / 6.0, within(1e-12));
        assertThat(m.classPrecision()).containsExactly(new double[] {0.5, 0.5, 1.0}, within(1e-12));
        assertThat(m.classRecall()).containsExactly(new double[] {0.5, 0.5, 1.0}, within(1e-12));
        assertThat(m.precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(m.recall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(m.f1()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(m.logLoss()).isCloseTo(-(Math.log(0.7) + Math.log(0.3) + Math.log(0.8) + Math.log(0.4) + Math.log(0.6) + Math.log(0.8)) / 6,
                within(1e-12));
        assertThat(m.brier()).isCloseTo((0.14 + 0.86 + 0.06 + 0.56 + 0.24 + 0.06) / 6, within(1e-12));
        // One-vs-rest: rain 7/8 of pairs ordered right, sun 7/8, fog all.
        assertThat(m.rocAuc()).isCloseTo((7 / 8.0 + 7 / 8.0 + 1) / 3, within(1e-12));
        assertThat(m.roc()).isEmpty();
        Metrics.CalibrationBin sixty = m.calibration().get(6);
        assertThat(sixty.count()).isEqualTo(2);
        assertThat(sixty.meanPredicted()).isCloseTo(0.6, within(1e-12));
        assertThat(sixty.observedRate()).isEqualTo(0.5);
        assertThat(m.calibration().get(8).observedRate()).isEqualTo(1.0);
        assertThat(m.scalars()).containsEntry("recall[sun]", m.classRecall()[1]).containsEntry("precision[fog]", 1.0)
                .containsKeys("accuracy", "f1", "roc_auc", "log_loss", "brier").hasSize(7 + 2 * 3);
    }

    @Test
    void classesWithoutTestRowsAreLeftOutOfTheMacroAverages() {
        byte[] y = {0, 0, 1, 1};
        double[][] p = {{0.9, 0.05, 0.05}, {0.2, 0.1, 0.7}, {0.1, 0.8, 0.1}, {0.3, 0.6, 0.1}};
        Metrics m = Metrics.of(y, p, CLASSES);
        assertThat(m.confusion()).isDeepEqualTo(new long[][] {{1, 0, 1}, {0, 2, 0}, {0, 0, 0}});
        assertThat(m.classRecall()[2]).isNaN();
        assertThat(m.classPrecision()[2]).isZero(); // predicted once, never right
        assertThat(m.recall()).isCloseTo((0.5 + 1) / 2, within(1e-12));
        assertThat(m.precision()).isCloseTo((1 + 1) / 2.0, within(1e-12));
        // Only rain and sun count: rain orders 3 of its 4 pairs right, sun all of them.
        assertThat(m.rocAuc()).isCloseTo((3 / 4.0 + 1) / 2, within(1e-12));

        Metrics neverSeen = Metrics.of(new byte[] {0, 1}, new double[][] {{0.9, 0.1, 0}, {0.2, 0.8, 0}}, CLASSES);
        assertThat(neverSeen.classPrecision()[2]).isNaN();
    }

    @Test
    void foldsPoolTheirMatrices() {
        Metrics a = Metrics.of(Y, P, CLASSES);
        Metrics b = Metrics.of(new byte[] {0, 1, 2}, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0.4, 0.6}}, CLASSES);
        Metrics pooled = Metrics.pool(List.of(a, b));
        assertThat(pooled.rows()).isEqualTo(9);
        assertThat(pooled.confusion()).isDeepEqualTo(new long[][] {{2, 1, 0}, {1, 2, 0}, {0, 0, 3}});
        assertThat(pooled.accuracy()).isCloseTo(7 / 9.0, within(1e-12));
        assertThat(pooled.classRecall()).containsExactly(new double[] {2 / 3.0, 2 / 3.0, 1}, within(1e-12));
        assertThat(pooled.logLoss()).isCloseTo((a.logLoss() * 6 + b.logLoss() * 3) / 9, within(1e-12));
        assertThat(pooled.calibration().get(6).count()).isEqualTo(3);
        assertThat(pooled.classes()).isEqualTo(CLASSES);
    }

    @Test
    void twoClassDistributionsGiveTheBinaryMetricsExactly() {
        byte[] y = {1, 1, 0, 0, 1};
        double[] p = {0.9, 0.4, 0.6, 0.1, 0.5};
        double[][] distribution = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            distribution[i] = new double[] {1 - p[i], p[i]};
        }
        Metrics binary = Metrics.of(y, p);
        Metrics viaDistribution = Metrics.of(y, distribution, List.of("bad", "good"));
        assertThat(viaDistribution.scalars()).isEqualTo(binary.scalars())
                .containsOnlyKeys("accuracy", "precision", "recall", "f1", "roc_auc", "log_loss", "brier");
        assertThat(viaDistribution.confusion()).isDeepEqualTo(binary.confusion());
        assertThat(viaDistribution.roc()).isEqualTo(binary.roc());
        assertThat(viaDistribution.classes()).containsExactly("bad", "good");
        assertThat(binary.classes()).containsExactly("0", "1");
        assertThat(binary.classRecall()[1]).isEqualTo(binary.recall());
        assertThat(binary.classPrecision()[1]).isEqualTo(binary.precision());
    }
}
