package kiln.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import kiln.cli.CliTest;
import kiln.cli.datasets.GeneratedDatasets;
import kiln.domain.CategoryShares;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Category shares read from a real store: a replayed history whose categorical feature "material"
 * (A–D, shares shifting on 03-22, a new "E" from 03-29) is trained on 03-01..03-14, promoted and
 * scored. The counts are checked against a plain count of the readings.
 */
class CategorySharesReaderTest {

    @TempDir
    static Path dir;
    static Path db;

    @BeforeAll
    static void replay() throws Exception {
        Path file = GeneratedDatasets.categoricalReplay(dir, 4700, 9);
        Path sweep = dir.resolve("small.yaml");
        Files.writeString(sweep, """
                name: small
                seed: 42
                split: random:0.2
                trainers:
                  - trainer: cart
                    grid:
                      maxDepth: [4]
                """);
        db = dir.resolve("materials.duckdb");
        CliTest.Result replay = CliTest.run("--db", db.toString(), "replay", file.toString(), "--dataset", "materials", "--time", "ts",
                "--group", "line", "--label", "status", "--positive", "defect", "--label-delay", "6h", "--train-window",
                "2021-03-01..2021-03-14", "--sweep", sweep.toString(), "--score");
        assertThat(replay.exit()).as(replay.toString()).isZero();
    }

    @Test
    void aWindowWithANewCategoryIsComparedWithTheProductionModelsTrainingWindow() throws Exception {
        Instant from = Instant.parse("2021-03-29T00:00:00Z");
        Instant to = Instant.parse("2021-03-30T00:00:00Z");
        try (KilnStore store = KilnStore.open(db)) {
            CategoryShares s = new MonitorService(store, () -> to).categoryShares("materials", "material", from, to);
            assertThat(s.reference()).isEqualTo("v1's training window");
            Instant[] training = trainingWindow(store);
            assertThat(s.referenceStart()).isEqualTo(training[0]);
            assertThat(s.referenceEnd()).isEqualTo(training[1]);
            Map<String, Long> reference = counts(store, training[0], training[1]);
            Map<String, Long> window = counts(store, from, to);
            assertThat(window).containsKey("E");
            assertThat(reference).doesNotContainKey("E");

            // the reference's categories, most common first, then the new one
            List<String> byReference = new ArrayList<>(reference.keySet());
            byReference.sort((a, b) -> reference.get(b).equals(reference.get(a)) ? a.compareTo(b) : Long.compare(reference.get(b), reference.get(a)));
            List<String> labels = new ArrayList<>(byReference);
            labels.add("new: E");
            assertThat(s.bars()).extracting(CategoryShares.Bar::label).containsExactlyElementsOf(labels);
            for (CategoryShares.Bar bar : s.bars()) {
                String value = bar.label().replace("new: ", "");
                assertThat(bar.referenceCount()).as(value).isEqualTo(reference.getOrDefault(value, 0L));
                assertThat(bar.currentCount()).as(value).isEqualTo(window.get(value));
                assertThat(bar.kind()).isEqualTo(value.equals("E") ? CategoryShares.Kind.UNSEEN : CategoryShares.Kind.CATEGORY);
            }
            assertThat(s.currentValues()).isEqualTo(window.values().stream().mapToLong(Long::longValue).sum());
            assertThat(s.referenceMissing()).isZero();
            assertThat(s.currentMissing()).isZero();
        }
    }

    @Test
    void beforeAnyDriftWindowThereIsNoReferenceAndANumericFeatureIsRefused() throws Exception {
        try (KilnStore store = KilnStore.open(db)) {
            MonitorService monitor = new MonitorService(store, Instant::now);
            CategoryShares none = monitor.categoryShares("materials", "material", Instant.parse("2021-01-01T00:00:00Z"),
                    Instant.parse("2021-01-02T00:00:00Z"));
            assertThat(none.reference()).isNull();
            assertThat(none.bars()).isEmpty();
            assertThatThrownBy(() -> monitor.categoryShares("materials", "x1", Instant.parse("2021-03-29T00:00:00Z"),
                    Instant.parse("2021-03-30T00:00:00Z")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("'x1' is not a categorical feature of data set 'materials'");
        }
    }

    @Test
    void theReferencesRarerCategoriesShareABarAndFewNewOnesAreNamed() {
        List<CategorySharesReader.Count> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(new CategorySharesReader.Count(String.format("c%02d", i), 100 - i, i));
        }
        for (int i = 0; i < 7; i++) {
            rows.add(new CategorySharesReader.Count("n" + i, 0, 10 + i));
        }
        rows.add(new CategorySharesReader.Count("gone", 0, 0)); // in neither range: no bar
        List<CategoryShares.Bar> bars = CategorySharesReader.bars(rows);
        assertThat(bars).extracting(CategoryShares.Bar::label).containsExactly("c00", "c01", "c02", "c03", "c04", "c05", "c06", "c07",
                "c08", "c09", "c10", "c11", "other (8 categories)", "new: n6", "new: n5", "new: n4", "new: n3", "new: 3 more");
        CategoryShares.Bar other = bars.get(CategorySharesReader.NAMED);
        assertThat(other.kind()).isEqualTo(CategoryShares.Kind.OTHER);
        assertThat(other.categories()).isEqualTo(8);
        assertThat(other.referenceCount()).isEqualTo(LongStream.rangeClosed(12, 19).map(i -> 100 - i).sum());
        assertThat(other.currentCount()).isEqualTo(LongStream.rangeClosed(12, 19).sum());
        assertThat(bars.get(bars.size() - 1)).isEqualTo(new CategoryShares.Bar("new: 3 more", CategoryShares.Kind.UNSEEN, 3, 0, 10 + 11 + 12));
        // one left-over category keeps its own bar rather than an "other" of one
        List<CategorySharesReader.Count> thirteen = rows.subList(0, CategorySharesReader.NAMED + 1);
        assertThat(CategorySharesReader.bars(thirteen)).hasSize(CategorySharesReader.NAMED + 1)
                .allMatch(b -> b.kind() == CategoryShares.Kind.CATEGORY);
    }

    private static Instant[] trainingWindow(KilnStore store) throws Exception {
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT r.window_start, r.window_end FROM model_version v JOIN run r "
                    + "ON r.run_id = v.run_id WHERE v.model_name = 'materials' AND v.version = 1"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Instant[] {Timestamps.read(rs, 1), Timestamps.read(rs, 2)};
            }
        });
    }

    private static Map<String, Long> counts(KilnStore store, Instant from, Instant to) throws Exception {
        return store.read(conn -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT material, count(*) FROM materials_reading WHERE ts >= ? AND ts < ? "
                    + "GROUP BY material ORDER BY material")) {
                Timestamps.bind(ps, 1, from);
                Timestamps.bind(ps, 2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return out;
        });
    }
}
