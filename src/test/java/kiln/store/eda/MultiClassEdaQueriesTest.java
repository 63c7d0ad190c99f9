package kiln.store.eda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import kiln.domain.ProgressSink;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults;
import kiln.domain.eda.EdaResults.Envelope;
import kiln.domain.eda.EdaResults.Histogram;
import kiln.domain.eda.EdaResults.LabelBalance;
import kiln.domain.eda.EdaResults.RowPage;
import kiln.domain.eda.RowFilter;
import kiln.domain.eda.TimeWindow;
import kiln.store.KilnStore;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A three-class label (codes 0, 1, 2 as the catalogue lists them): every reading is counted under its own class. */
class MultiClassEdaQueriesTest {

    static final int ROWS = 3_000;
    @TempDir
    static Path dir;
    static KilnStore store;
    static EdaQueries eda;
    static EdaDataset ds;

    @BeforeAll
    static void load() throws Exception {
        store = KilnStore.open(dir.resolve("multi.duckdb"));
        MultiClassSql.insert(store, ROWS);
        eda = new EdaQueries(store);
        ds = eda.dataset("sky", ProgressSink.NONE);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    static long expected(int code) {
        return MultiClassSql.expected(ROWS, code);
    }

    @Test
    void theCatalogueNamesTheClassesByCode() {
        assertThat(ds.classes()).containsExactly("fog", "rain", "sun");
        assertThat(ds.multiClass()).isTrue();
    }

    @Test
    void theBalanceCountsEveryClassAndEveryReading() {
        LabelBalance b = eda.labelBalance(ds, TimeWindow.ALL, ProgressSink.NONE);
        assertThat(b.byCode()).containsExactly(expected(0), expected(1), expected(2));
        assertThat(b.unlabelled()).isEqualTo(ROWS / 10);
        assertThat(b.total()).isEqualTo(ROWS);
        EdaDataset viaJoin = new EdaDataset(ds.name(), ds.readingTable(), ds.labelTable(), ds.idColumn(), ds.timeColumn(), ds.labelColumn(),
                ds.positiveLabel(), false, ds.features(), ds.classes());
        assertThat(eda.labelBalance(viaJoin, TimeWindow.ALL, ProgressSink.NONE)).isEqualTo(b);
    }

    @Test
    void histogramsHaveOneSeriesPerClassSummingToAllReadings() {
        Map<String, Histogram> hs = eda.histograms(ds, TimeWindow.ALL, 10, ProgressSink.NONE);
        Histogram h = hs.get("x");
        assertThat(h.byCode()).hasNumberOfRows(3);
        long total = Arrays.stream(h.unlabelled()).sum();
        for (int c = 0; c < 3; c++) {
            long perClass = Arrays.stream(h.byCode()[c]).sum();
            assertThat(perClass).isEqualTo(expected(c));
            total += perClass;
        }
        assertThat(total).isEqualTo(ROWS);
        // x of class 2 lies in 20..26, the top bins: none of class 0 there
        assertThat(h.byCode()[0][9]).isZero();
        assertThat(h.byCode()[2][9]).isPositive();
    }

    @Test
    void theShareOverTimeAndTheRowsAreOfTheChosenClass() {
        Envelope e = eda.envelope(ds, "x", TimeWindow.ALL, null, 1, 2, ProgressSink.NONE);
        assertThat(e.badShare()[0]).isCloseTo((double) expected(2) / (expected(0) + expected(1) + expected(2)),
                Assertions.within(1e-9));
        RowPage rain = eda.rows(ds, TimeWindow.ALL, new RowFilter(null, null, null, null, null, 1), 0, 5, ProgressSink.NONE);
        assertThat(rain.totalRows()).isEqualTo(expected(1));
        assertThat(rain.rows()).extracting(EdaResults.DataRow::label).containsOnly(1);
        List<Integer> sampled = Arrays.stream(eda.scatterSample(ds, TimeWindow.ALL, 500, ProgressSink.NONE).label()).boxed().toList();
        assertThat(sampled).contains(0, 1, 2);
    }
}
