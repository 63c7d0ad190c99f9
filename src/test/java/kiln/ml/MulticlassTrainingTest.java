package kiln.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.store.KilnStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * Training on labels that are not 0/1: three integer classes catalogued out of value order, and five
 * string classes with the Seattle weather's uneven shares.
 */
class MulticlassTrainingTest {

    static final List<String> WEATHER = List.of("rain", "sun", "fog", "drizzle", "snow");
    static final double[] WEATHER_SHARES = {0.44, 0.44, 0.07, 0.04, 0.01};

    @TempDir
    static Path dir;
    static KilnStore store;
    static MulticlassRows three;
    static MulticlassRows weather;
    static TrainingData threeBinned;
    static TrainingData threeRaw;
    static TrainingData weatherBinned;
    static TrainingData weatherRaw;

    @BeforeAll
    static void load() throws Exception {
        store = KilnStore.open(dir.resolve("kiln.duckdb"));
        // Values 10/20/30 are coded by their catalogue position, not their value or sort order.
        three = MulticlassRows.write(store, new MulticlassRows.Spec("grade", "INTEGER", List.of("10", "20", "30"),
                new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, List.of("30", "10", "20"), 1.5, 3_000, 40, "99", 30, 3));
        weather = MulticlassRows.write(store, weatherSpec("weather", 3_000, 8));
        TrainingDataLoader loader = new TrainingDataLoader(store);
        threeBinned = loader.loadBinned("grade", three.window(), List.of(), ProgressSink.NONE);
        threeRaw = loader.loadRaw("grade", three.window(), List.of(), ProgressSink.NONE);
        weatherBinned = loader.loadBinned("weather", weather.window(), List.of(), ProgressSink.NONE);
        weatherRaw = loader.loadRaw("weather", weather.window(), List.of(), ProgressSink.NONE);
    }

    static MulticlassRows.Spec weatherSpec(String dataset, int rows, long seed) {
        return new MulticlassRows.Spec(dataset, "VARCHAR", WEATHER, WEATHER_SHARES, List.of("drizzle", "fog", "rain", "snow", "sun"), 2.0,
                rows, 25, "hail", 0, seed);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void labelsAreCataloguePositionsAndUnknownLabelsAreLeftOut() {
        for (TrainingData d : List.of(threeBinned, threeRaw)) {
            assertThat(d.classes()).containsExactly("30", "10", "20");
            assertThat(d.binary()).isFalse();
            assertThat(d.features()).containsExactly("x", "station", "z", "w");
            assertThat(d.categories()).containsOnlyKeys("station");
            assertThat(d.labels()).isEqualTo(three.expectedCodes()).hasSize(3_000);
        }
        assertThat(threeBinned.fingerprint()).isEqualTo(threeRaw.fingerprint());
        assertThat(weatherBinned.labels()).isEqualTo(weather.expectedCodes()).hasSize(3_000);
        assertThat(weatherBinned.classes()).containsExactly("drizzle", "fog", "rain", "snow", "sun");
        FeatureBins bins = threeBinned.bins();
        for (int f = 0; f < 4; f++) {
            for (int r = 0; r < threeRaw.rows(); r++) {
                assertThat((int) threeBinned.columns()[f][r]).isEqualTo(bins.bin(f, threeRaw.columns()[f][r]));
            }
        }
    }

    @Test
    void threeClassesTrainToARealisticAccuracyWithAConfusionMatchingAHandCount() {
        int[] test = SplitSpec.DEFAULT.folds(threeBinned.rows(), 42).get(0).test();
        double majority = majorityShare(threeBinned.labels(), test, 3);
        for (String trainer : List.of(Trainers.CART, Trainers.RANDOM_FOREST)) {
            RunResult run = RunTrainer.train(threeBinned, trainer, Map.of("maxDepth", 6), SplitSpec.DEFAULT, 42, ProgressSink.NONE);
            Metrics m = run.metrics();
            assertThat(m.accuracy()).as(trainer).isGreaterThan(majority + 0.2).isLessThan(0.97);
            assertThat(m.classes()).containsExactly("30", "10", "20");
            assertThat(run.rowsTest()).isEqualTo(test.length);

            ScoringModel scorer = ScoringModel.load(run.artifact().bytes());
            assertThat(scorer.classes()).containsExactly("30", "10", "20");
            assertThat(scorer.compiled()).isTrue();
            double[] p = new double[threeRaw.rows()];
            byte[] predicted = new byte[threeRaw.rows()];
            scorer.predict(threeRaw.columns(), 0, threeRaw.rows(), p, predicted);
            long[][] hand = new long[3][3];
            for (int r : test) {
                hand[threeRaw.labels()[r]][predicted[r]]++;
            }
            assertThat(m.confusion()).isDeepEqualTo(hand);
            assertThat(Arrays.stream(m.confusion()).flatMapToLong(Arrays::stream).sum()).isEqualTo(test.length);
            long right = 0;
            for (int c = 0; c < 3; c++) {
                long actual = Arrays.stream(hand[c]).sum();
                long predictedAs = hand[0][c] + hand[1][c] + hand[2][c];
                assertThat(m.classRecall()[c]).isCloseTo((double) hand[c][c] / actual, within(1e-12));
                assertThat(m.classPrecision()[c]).isCloseTo((double) hand[c][c] / predictedAs, within(1e-12));
                assertThat(m.scalars().get("recall[" + m.classes().get(c) + "]")).isEqualTo(m.classRecall()[c]);
                right += hand[c][c];
            }
            assertThat(m.accuracy()).isCloseTo((double) right / test.length, within(1e-12));
            assertThat(m.rocAuc()).isBetween(0.5, 1.0);
            assertThat(m.logLoss()).isPositive();
        }
    }

    @Test
    void stringClassesTrainAndNameTheirPerClassMetrics() {
        int[] test = SplitSpec.DEFAULT.folds(weatherBinned.rows(), 7).get(0).test();
        RunResult run = RunTrainer.train(weatherBinned, Trainers.RANDOM_FOREST, Map.of("numTrees", 15, "maxDepth", 8), SplitSpec.DEFAULT, 7,
                ProgressSink.NONE);
        Metrics m = run.metrics();
        assertThat(m.accuracy()).isGreaterThan(majorityShare(weatherBinned.labels(), test, 5) + 0.1).isLessThan(0.97);
        assertThat(m.confusion()).hasDimensions(5, 5);
        assertThat(Arrays.stream(m.confusion()).flatMapToLong(Arrays::stream).sum()).isEqualTo(test.length);
        Map<String, Double> scalars = m.scalars();
        for (String value : WEATHER) {
            assertThat(scalars).containsKeys("precision[" + value + "]", "recall[" + value + "]");
        }
        assertThat(scalars.get("f1")).isBetween(0.0, 1.0);
        assertThat(run.artifact().header().classes()).containsExactly("drizzle", "fog", "rain", "snow", "sun");
        assertThat(run.artifact().header().positiveLabel()).isNull();
    }

    @Test
    void compiledTreesAndForestsAgreeWithTribuoAndTiesGoToTheLowestCode() {
        int n = weatherRaw.rows();
        String[] names = weatherRaw.features().toArray(String[]::new);
        for (String trainer : List.of(Trainers.CART, Trainers.RANDOM_FOREST, Trainers.EXTRA_TREES, Trainers.LOGISTIC)) {
            ModelArtifact artifact = RunTrainer.train(weatherBinned, trainer, Map.of(), SplitSpec.DEFAULT, 5, ProgressSink.NONE).artifact();
            ScoringModel scorer = ScoringModel.of(artifact);
            assertThat(scorer.compiled()).as(trainer).isEqualTo(!trainer.equals(Trainers.LOGISTIC));
            assertThat(scorer.classCount()).isEqualTo(5);
            double[][] distribution = new double[n][5];
            scorer.predictDistribution(weatherRaw.columns(), 0, n, distribution);
            double[] p = new double[n];
            byte[] predicted = new byte[n];
            scorer.predict(weatherRaw.columns(), 0, n, p, predicted);
            Model<Label> tribuo = artifact.tribuoModel();
            FeatureBins bins = artifact.header().bins();
            double[] x = new double[names.length];
            for (int r = 0; r < n; r++) {
                for (int f = 0; f < x.length; f++) {
                    x[f] = artifact.header().encoding().encode(bins.bin(f, weatherRaw.columns()[f][r]), bins.binCount(f));
                }
                Map<String, Label> scores = tribuo.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, x)).getOutputScores();
                int lowestBest = 0;
                for (int k = 0; k < 5; k++) {
                    Label l = scores.get(Integer.toString(k));
                    assertThat(distribution[r][k]).as("%s row %d class %d", trainer, r, k).isCloseTo(l == null ? 0 : l.getScore(), within(1e-9));
                    if (distribution[r][k] > distribution[r][lowestBest]) {
                        lowestBest = k;
                    }
                }
                assertThat(predicted[r]).as("%s row %d", trainer, r).isEqualTo((byte) lowestBest);
                assertThat(p[r]).isEqualTo(distribution[r][lowestBest]);
            }
            assertThat(scorer.probability(weatherRaw.columns()[0][9], weatherRaw.columns()[1][9], weatherRaw.columns()[2][9],
                    weatherRaw.columns()[3][9])).isEqualTo(p[9]);
        }
    }

    @Test
    void kfoldPoolsTheMatrixOverEveryRow() {
        RunResult run = RunTrainer.train(threeBinned, Trainers.CART, Map.of("maxDepth", 4), SplitSpec.parse("kfold:3"), 1, ProgressSink.NONE);
        long[][] c = run.metrics().confusion();
        assertThat(Arrays.stream(c).flatMapToLong(Arrays::stream).sum()).isEqualTo(threeBinned.rows());
        assertThat(run.metrics().accuracy()).isCloseTo((double) (c[0][0] + c[1][1] + c[2][2]) / threeBinned.rows(), within(1e-12));
        assertThat(run.rowsTest()).isEqualTo(threeBinned.rows());
    }

    @Test
    void aWindowWithOneClassIsAUserError() throws Exception {
        MulticlassRows dry = MulticlassRows.write(store, new MulticlassRows.Spec("dry", "VARCHAR", List.of("sun"), new double[] {1},
                List.of("rain", "sun"), 1, 200, 5, "hail", 0, 4));
        assertThatThrownBy(() -> new TrainingDataLoader(store).loadBinned("dry", dry.window(), List.of(), ProgressSink.NONE))
                .isInstanceOf(UserFacingException.class)
                .hasMessageContaining("needs at least two label classes in the window")
                .hasMessageContaining("it has only 'sun'");
    }

    static double majorityShare(byte[] labels, int[] rows, int classes) {
        long[] counts = new long[classes];
        for (int r : rows) {
            counts[labels[r]]++;
        }
        return (double) Arrays.stream(counts).max().orElseThrow() / rows.length;
    }
}
