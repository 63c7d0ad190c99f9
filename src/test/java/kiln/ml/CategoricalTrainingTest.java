package kiln.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import kiln.domain.ProgressSink;
import kiln.store.KilnStore;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Categorical features are coded by label rate ({@link CategoryCodes}), trained with the numeric ones,
 * kept in the artifact and applied when scoring: an unseen category lands in the other bucket, a
 * missing one in the missing bin, and neither stops scoring.
 */
class CategoricalTrainingTest {

    static final LocalDateTime START = LocalDateTime.of(2021, 3, 1, 0, 0);
    static final int ROWS = 6_000;
    /** Colour decides most of the label: the defect rate of each colour. */
    static final Map<String, Double> RATE = Map.of("red", 0.9, "blue", 0.1, "green", 0.7, "grey", 0.3);

    @TempDir
    static Path dir;
    static KilnStore store;
    static DataWindow window;
    static TrainingData binned;
    static TrainingData raw;
    static TrainingData numericOnly;

    @BeforeAll
    static void load() throws Exception {
        store = KilnStore.open(dir.resolve("kiln.duckdb"));
        write(store);
        window = new DataWindow(START, START.plusMinutes(ROWS));
        TrainingDataLoader loader = new TrainingDataLoader(store);
        binned = loader.loadBinned("paint", window, List.of(), ProgressSink.NONE);
        raw = loader.loadRaw("paint", window, List.of(), ProgressSink.NONE);
        numericOnly = loader.loadBinned("paint", window, List.of("x"), ProgressSink.NONE);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /** Colours red/blue/green/grey (and "teal" on three rows, too rare for a code of its own; some rows missing), x noise. */
    static void write(KilnStore store) throws Exception {
        Random rng = new Random(3);
        String[] colours = {"red", "blue", "green", "grey"};
        store.write(conn -> {
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE paint_reading (id BIGINT PRIMARY KEY, t TIMESTAMP, x DOUBLE, colour VARCHAR)");
                st.execute("CREATE TABLE paint_label (id BIGINT PRIMARY KEY, label_time TIMESTAMP, outcome VARCHAR)");
                st.execute("INSERT INTO dataset (name, reading_table, label_table, prediction_table, id_column, time_column, label_column, "
                        + "source) VALUES ('paint', 'paint_reading', 'paint_label', 'paint_prediction', 'id', 't', 'outcome', 'test')");
                st.execute("INSERT INTO dataset_feature (dataset, name, position, kind) VALUES ('paint', 'x', 1, 'numeric'), "
                        + "('paint', 'colour', 2, 'categorical')");
                st.execute("INSERT INTO dataset_class (dataset, code, value) VALUES ('paint', 0, 'sound'), ('paint', 1, 'defect')");
            }
            DuckDBConnection duck = conn.unwrap(DuckDBConnection.class);
            try (DuckDBAppender readings = duck.createAppender("main", "paint_reading");
                    DuckDBAppender labels = duck.createAppender("main", "paint_label")) {
                for (int i = 0; i < ROWS; i++) {
                    LocalDateTime t = START.plusMinutes(i);
                    String colour = i % 2000 == 7 ? "teal" : i % 97 == 0 ? null : colours[rng.nextInt(4)];
                    double rate = colour == null || colour.equals("teal") ? 0.5 : RATE.get(colour);
                    readings.beginRow().append((long) i).append(t).append(rng.nextGaussian());
                    if (colour == null) {
                        readings.appendNull();
                    } else {
                        readings.append(colour);
                    }
                    readings.endRow();
                    labels.beginRow().append((long) i).append(t.plusHours(1)).append(rng.nextDouble() < rate ? "defect" : "sound").endRow();
                }
            }
            return null;
        });
    }

    @Test
    void categoriesAreCodedByTheirLabelRateWithTheOtherBucketAmongThem() {
        assertThat(binned.features()).containsExactly("x", "colour");
        CategoryCodes codes = binned.categories().get("colour");
        assertThat(raw.categories()).isEqualTo(binned.categories());
        // blue (0.1) < grey (0.3) < other (teal: 3 rows, at about the overall rate 0.5) < green (0.7) < red (0.9)
        assertThat(codes.values()).containsExactly("blue", "grey", null, "green", "red");
        assertThat(codes.otherCode()).isEqualTo(3);
        assertThat(codes.code("teal")).isEqualTo(3);
        assertThat(codes.code("never seen")).isEqualTo(3);
        assertThat(codes.code(null)).isNaN();
        assertThat(codes.known("teal")).isFalse();
        assertThat(codes.sqlValues()).containsExactly("blue", "grey", "(other)", "green", "red");
        // The loader's SQL coded every row as the Java codes do, and binning passes codes through.
        FeatureBins bins = binned.bins();
        for (int r = 0; r < raw.rows(); r++) {
            double code = raw.columns()[1][r];
            assertThat(code).satisfiesAnyOf(c -> assertThat(c).isNaN(), c -> assertThat(c).isBetween(1.0, 5.0));
            assertThat((int) binned.columns()[1][r]).isEqualTo(Double.isNaN(code) ? 0 : (int) code).isEqualTo(bins.bin(1, code));
        }
        assertThat(Arrays.stream(raw.columns()[1]).filter(Double::isNaN).count()).isEqualTo(ROWS / 97 + 1);
        assertThat(binned.fingerprint()).isEqualTo(raw.fingerprint());
    }

    @Test
    void codesFromCountsPoolRareCategoriesAndOrderMultiClassLabelsByTheClassThatVariesMost() {
        Map<String, long[]> counts = new HashMap<>();
        counts.put("a", new long[] {50, 50, 0}); // class 2 never, classes 0/1 even
        counts.put("b", new long[] {50, 0, 50});
        counts.put("c", new long[] {0, 50, 50});
        counts.put("rare", new long[] {1, 1, 1});
        CategoryCodes codes = CategoryCodes.fromCounts(counts, 3);
        assertThat(codes.known("rare")).isFalse();
        assertThat(codes.codeCount()).isEqualTo(4);
        // every class varies equally: class 0 (the first) orders them: c (0) < other (near 1/3) < a = b (1/2), a before b by name
        assertThat(codes.values()).containsExactly("c", null, "a", "b");
        assertThat(CategoryCodes.of(codes.values())).isEqualTo(codes);
        assertThat(codes.binEdges()).containsExactly(1.5, 2.5, 3.5);
        // Only the other bucket when every category is rare: everything scores alike.
        CategoryCodes none = CategoryCodes.fromCounts(Map.of("x", new long[] {1, 2}), 2);
        assertThat(none.values()).containsExactly((String) null);
        assertThat(none.code("x")).isEqualTo(1);
    }

    @Test
    void theCategoryLiftsAccuracyAndScoringHandlesUnseenAndMissingValues() {
        RunResult with = RunTrainer.train(binned, Trainers.CART, Map.of("maxDepth", 4), SplitSpec.DEFAULT, 1, ProgressSink.NONE);
        RunResult without = RunTrainer.train(numericOnly, Trainers.CART, Map.of("maxDepth", 4), SplitSpec.DEFAULT, 1, ProgressSink.NONE);
        assertThat(with.metrics().accuracy()).isGreaterThan(without.metrics().accuracy() + 0.15);
        assertThat(with.artifact().header().categories()).containsOnlyKeys("colour");
        assertThat(without.artifact().header().categories()).isEmpty();

        for (String trainer : List.of(Trainers.CART, Trainers.RANDOM_FOREST, Trainers.LOGISTIC)) {
            ModelArtifact artifact = RunTrainer.train(binned, trainer, Map.of(), SplitSpec.DEFAULT, 1, ProgressSink.NONE).artifact();
            ScoringModel scorer = ScoringModel.load(artifact.bytes());
            assertThat(scorer.compiled()).as(trainer).isEqualTo(!trainer.equals(Trainers.LOGISTIC));
            assertThat(scorer.categorical(1)).isTrue();
            assertThat(scorer.categorical(0)).isFalse();
            assertThat(scorer.categories()).isEqualTo(binned.categories());
            String[] colours = {"red", "blue", "purple", null, "teal"};
            double[][] columns = {{0.1, 0.1, 0.1, 0.1, 0.1}, scorer.categoryCodes(1, colours, colours.length)};
            double[] p = new double[colours.length];
            byte[] predicted = new byte[colours.length];
            scorer.predict(columns, 0, colours.length, p, predicted);
            assertThat(Arrays.stream(p).allMatch(v -> v >= 0 && v <= 1)).isTrue();
            assertThat(p[0]).as(trainer).isGreaterThan(p[1] + 0.3);
            assertThat(predicted[0]).isEqualTo((byte) 1);
            assertThat(predicted[1]).isEqualTo((byte) 0);
            // An unseen colour scores as the other bucket (where the rare teal went).
            assertThat(p[2]).isCloseTo(p[4], within(1e-12));
        }
    }
}
