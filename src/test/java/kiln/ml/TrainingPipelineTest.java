package kiln.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.cli.bench.GlasswareRows;
import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.store.KilnStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPipelineTest {

    static final int ROWS = 10_000;
    @TempDir
    static Path dir;
    static KilnStore store;
    static DataWindow window;
    static TrainingData binned;
    static TrainingData raw;

    @BeforeAll
    static void load() throws Exception {
        store = KilnStore.open(dir.resolve("kiln.duckdb"));
        GlasswareRows.insert(store, ROWS, 11);
        window = new DataWindow(GlasswareRows.start(), GlasswareRows.end(ROWS));
        TrainingDataLoader loader = new TrainingDataLoader(store);
        binned = loader.loadBinned("glassware", window, List.of(), ProgressSink.NONE);
        raw = loader.loadRaw("glassware", window, List.of(), ProgressSink.NONE);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void sqlBinsEqualJavaBinsForEveryRow() {
        assertThat(binned.rows()).isEqualTo(ROWS);
        assertThat(binned.features()).containsExactly("temp", "pressure", "duration");
        assertThat(binned.fingerprint()).isEqualTo(raw.fingerprint());
        FeatureBins bins = binned.bins();
        for (int f = 0; f < 3; f++) {
            assertThat(bins.edges(f).length).isBetween(200, 255);
            assertThat(bins.binCount(f)).isLessThanOrEqualTo(FeatureBins.MAX_BINS + 1);
            for (int r = 0; r < ROWS; r++) {
                assertThat((int) binned.columns()[f][r]).as("feature %d row %d", f, r).isEqualTo(bins.bin(f, raw.columns()[f][r]));
            }
        }
        assertThat(binned.labels()).isEqualTo(raw.labels());
    }

    @Test
    void binFunctionCountsEdgesAtOrBelowTheValue() {
        FeatureBins bins = new FeatureBins(List.of("x"), new double[][] {{3.0, 1.0, 2.0, 2.0, Double.NaN}});
        assertThat(bins.edges(0)).containsExactly(1.0, 2.0, 3.0);
        assertThat(bins.bin(0, 0.5)).isEqualTo(1);
        assertThat(bins.bin(0, 1.0)).isEqualTo(2);
        assertThat(bins.bin(0, 2.5)).isEqualTo(3);
        assertThat(bins.bin(0, 99)).isEqualTo(4);
        assertThat(bins.bin(0, Double.NaN)).isZero();
        assertThat(bins.binCount(0)).isEqualTo(5);
    }

    @Test
    void binnedAccuracyIsWithinHalfAPointOfRawForCartAndForest() {
        for (var config : List.of(Map.<String, Object>of("maxDepth", 3), Map.<String, Object>of("maxDepth", 5))) {
            double kiln = RunTrainer.train(binned, Trainers.CART, config, SplitSpec.DEFAULT, 42, ProgressSink.NONE).metrics().accuracy();
            double tribuo = RunTrainer.train(raw, Trainers.CART, config, SplitSpec.DEFAULT, 42, ProgressSink.NONE).metrics().accuracy();
            assertThat(kiln).as("CART %s", config).isGreaterThan(0.85).isCloseTo(tribuo, within(0.005));
        }
        Map<String, Object> forest = Map.of("numTrees", 10, "maxDepth", 10);
        double kiln = RunTrainer.train(binned, Trainers.RANDOM_FOREST, forest, SplitSpec.DEFAULT, 42, ProgressSink.NONE).metrics().accuracy();
        double tribuo = RunTrainer.train(raw, Trainers.RANDOM_FOREST, forest, SplitSpec.DEFAULT, 42, ProgressSink.NONE).metrics().accuracy();
        assertThat(kiln).isGreaterThan(0.9).isCloseTo(tribuo, within(0.005));
    }

    @Test
    void artifactRoundTripScoresRawValuesLikeTraining() {
        for (String trainer : List.of(Trainers.CART, Trainers.RANDOM_FOREST, Trainers.EXTRA_TREES, Trainers.LOGISTIC)) {
            RunResult run = RunTrainer.train(binned, trainer, Map.of(), SplitSpec.DEFAULT, 3, ProgressSink.NONE);
            byte[] bytes = run.artifact().bytes();
            assertThat(ModelArtifact.sha256(bytes)).isEqualTo(run.artifact().sha256()).hasSize(64);
            ScoringModel loaded = ScoringModel.load(bytes);
            assertThat(loaded.compiled()).as(trainer).isEqualTo(!trainer.equals(Trainers.LOGISTIC));
            assertThat(loaded.features()).containsExactly("temp", "pressure", "duration");
            int n = 2_000;
            double[] p = new double[n];
            byte[] label = new byte[n];
            loaded.predict(raw.columns(), 0, n, p, label);
            int[] rows = new int[n];
            for (int i = 0; i < n; i++)
                rows[i] = i;
            ScoringModel inMemory = ScoringModel.of(loaded.tribuoModel(), binned.features(), binned.bins(),
                    Trainers.spec(trainer).encoding(), "1");
            double[] fromCodes = inMemory.predictCoded(binned.columns(), rows);
            double[][] distribution = new double[n][2];
            loaded.predictDistribution(raw.columns(), 0, n, distribution);
            for (int i = 0; i < n; i++) {
                assertThat(p[i]).as("%s row %d", trainer, i).isCloseTo(fromCodes[i], within(1e-12));
                assertThat(label[i]).isEqualTo((byte) (p[i] > 0.5 ? 1 : 0));
                assertThat(distribution[i][1]).isEqualTo(p[i]);
            }
            assertThat(loaded.probability(raw.columns()[0][7], raw.columns()[1][7], raw.columns()[2][7])).isCloseTo(p[7], within(1e-12));
            assertThat(run.provenance()).contains("class-name");
        }
    }

    @Test
    void anArtifactWrittenBeforeClassesWereRecordedStillLoadsAsBinary() throws Exception {
        ModelArtifact current = RunTrainer.train(binned, Trainers.CART, Map.of("maxDepth", 5), SplitSpec.DEFAULT, 3, ProgressSink.NONE)
                .artifact();
        ModelArtifact.Header h = current.header();
        assertThat(h.classes()).containsExactly("0", "1");
        assertThat(h.categories()).isEmpty();
        // A model of numeric features is written as before categorical features were trained.
        assertThat(new String(current.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("categories");
        // The header as Kiln wrote it before the classes were recorded, then the same layout: magic, header, model.
        Map<String, Object> oldHeader = new LinkedHashMap<>();
        oldHeader.put("trainer", h.trainer());
        oldHeader.put("params", h.params());
        oldHeader.put("features", h.features());
        oldHeader.put("edges", h.edges());
        oldHeader.put("encoding", h.encoding());
        oldHeader.put("positiveLabel", "1");
        byte[] header = new ObjectMapper().writeValueAsBytes(oldHeader);
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        current.tribuoModel().serializeToStream(model);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write("KILNMDL1".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(header.length);
            out.write(header);
            out.writeInt(model.size());
            out.write(model.toByteArray());
        }
        assertThat(new String(header, StandardCharsets.UTF_8)).doesNotContain("classes");

        ScoringModel old = ScoringModel.load(bytes.toByteArray());
        assertThat(old.classes()).containsExactly("0", "1");
        assertThat(old.categories()).isEmpty();
        assertThat(old.binary()).isTrue();
        assertThat(old.compiled()).isTrue();
        int n = 1_000;
        double[] oldP = new double[n];
        double[] newP = new double[n];
        byte[] oldLabel = new byte[n];
        byte[] newLabel = new byte[n];
        old.predict(raw.columns(), 0, n, oldP, oldLabel);
        ScoringModel.of(current).predict(raw.columns(), 0, n, newP, newLabel);
        assertThat(oldP).isEqualTo(newP);
        assertThat(oldLabel).isEqualTo(newLabel);
    }

    @Test
    void anArtifactStoresItsModelDeflatedAndADamagedOneSaysSo() throws Exception {
        ModelArtifact forest = RunTrainer.train(binned, Trainers.RANDOM_FOREST, Map.of("numTrees", 10, "maxDepth", 10), SplitSpec.DEFAULT, 3,
                ProgressSink.NONE).artifact();
        ByteArrayOutputStream proto = new ByteArrayOutputStream();
        forest.tribuoModel().serializeToStream(proto);
        byte[] bytes = forest.bytes();
        assertThat(new String(bytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("KILNMDL2");
        // A forest's protobuf repeats each node's class names: deflated it is several times smaller.
        assertThat(bytes.length).isLessThan(proto.size() / 3);
        assertThat(ModelArtifact.read(bytes).header().features()).containsExactly("temp", "pressure", "duration");

        byte[] damaged = bytes.clone();
        for (int i = damaged.length - 64; i < damaged.length; i++) {
            damaged[i] = 0;
        }
        assertThatThrownBy(() -> ScoringModel.load(damaged)).isInstanceOf(UserFacingException.class).hasMessageContaining("damaged");
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 10);
        assertThatThrownBy(() -> ScoringModel.load(truncated)).isInstanceOf(UserFacingException.class).hasMessageContaining("truncated");
    }

    @Test
    void metricsAndSplitsBehave() {
        Metrics m = Metrics.of(new byte[] {1, 1, 0, 0}, new double[] {0.9, 0.4, 0.6, 0.1});
        assertThat(m.accuracy()).isEqualTo(0.5);
        assertThat(m.confusion()).isDeepEqualTo(new long[][] {{1, 1}, {1, 1}});
        assertThat(m.rocAuc()).isEqualTo(0.75);
        assertThat(m.brier()).isCloseTo((0.01 + 0.36 + 0.36 + 0.01) / 4, within(1e-12));
        assertThat(m.calibration()).hasSize(10);
        assertThat(m.calibration().get(9).count()).isEqualTo(1);

        assertThat(SplitSpec.parse("time:20%").folds(10, 1).get(0).test()).containsExactly(8, 9);
        var a = SplitSpec.parse("random:0.2").folds(100, 5).get(0);
        assertThat(a.test()).hasSize(20).isEqualTo(SplitSpec.DEFAULT.folds(100, 5).get(0).test());
        assertThat(SplitSpec.parse("kfold:4").folds(100, 5)).hasSize(4).allSatisfy(f -> assertThat(f.test()).hasSize(25));
        assertThatThrownBy(() -> SplitSpec.parse("holdout")).hasMessageContaining("random[:TEST_SHARE]");
    }

    @Test
    void kfoldPoolsAllRowsAndUnknownDatasetIsAUserError() {
        RunResult run = RunTrainer.train(binned, Trainers.CART, Map.of("maxDepth", 4), SplitSpec.parse("kfold:3"), 1, ProgressSink.NONE);
        assertThat(run.rowsTest()).isEqualTo(ROWS);
        assertThat(run.rowsTrain()).isEqualTo(ROWS);
        assertThatThrownBy(() -> new TrainingDataLoader(store).loadBinned("nope", window, List.of(), ProgressSink.NONE))
                .isInstanceOf(UserFacingException.class).hasMessageContaining("'nope'");
    }
}
