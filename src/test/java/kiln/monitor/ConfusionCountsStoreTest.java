package kiln.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import kiln.domain.ConfusionCounts;
import kiln.domain.DatasetSpec;
import kiln.drift.DriftThresholds;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Monitor's confusion read counts (actual, predicted) pairs exactly as a hand count of a small multi-class table. */
class ConfusionCountsStoreTest {

    private static final LocalDateTime T0 = LocalDateTime.of(2021, 3, 1, 0, 0);

    @TempDir
    Path dir;

    /** {actual code or -1 for no label yet, predicted code, minutes after T0}. */
    private static final int[][] ROWS = {
            {0, 0, 0}, {0, 0, 10}, {0, 1, 20}, {1, 1, 30}, {1, 2, 40}, {2, 2, 50}, {2, 2, 60}, {2, 0, 70},
            {-1, 1, 80}, // not labelled yet: not counted
            {1, 1, 200}, // outside the window asked for
    };

    @Test
    void countsTheWindowsLabelledPredictionsByClass() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("c.duckdb"))) {
            write(store);
            MonitorService monitor = new MonitorService(store, () -> instant(T0.plusDays(1)));

            ConfusionCounts c = monitor.confusion("wx", instant(T0), instant(T0.plusMinutes(120)));

            assertThat(c.classes()).containsExactly("sun", "rain", "snow");
            // hand count: rows actual, columns predicted
            assertThat(c.counts()).isDeepEqualTo(new long[][] {{2, 1, 0}, {0, 1, 1}, {1, 0, 2}});
            assertThat(c.total()).isEqualTo(8);
            assertThat(c.accuracy()).isEqualTo(5 / 8.0);
            assertThat(c.recall(0)).isEqualTo(2 / 3.0);
            assertThat(c.precision(0)).isEqualTo(2 / 3.0);
            assertThat(c.precision(1)).isEqualTo(1 / 2.0);
            assertThat(c.recall(2)).isEqualTo(2 / 3.0);
            assertThat(c.first()).isEqualTo(instant(T0));
            assertThat(c.last()).isEqualTo(instant(T0.plusMinutes(70)));

            // the whole day: the late row joins the (rain, rain) cell; a window without labels counts nothing
            assertThat(monitor.confusion("wx", instant(T0), instant(T0.plusDays(1))).count(1, 1)).isEqualTo(2);
            ConfusionCounts none = monitor.confusion("wx", instant(T0.plusMinutes(75)), instant(T0.plusMinutes(100)));
            assertThat(none.isEmpty()).isTrue();
            assertThat(none.classes()).containsExactly("sun", "rain", "snow");
            assertThat(none.accuracy()).isNaN();
        }
    }

    /** What the exported report labels features and classes with: the catalogue's entry, and the thresholds the levels used. */
    @Test
    void namesTheMonitoredDataSetFromTheCatalogue() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("c.duckdb"))) {
            write(store);
            store.write(conn -> {
                try (Statement st = conn.createStatement()) {
                    st.execute("UPDATE dataset_feature SET unit = 'hPa' WHERE dataset = 'wx' AND name = 'x'");
                }
                return null;
            });
            MonitorService monitor = new MonitorService(store, () -> instant(T0.plusDays(1)), DriftThresholds.defaults());

            DatasetSpec spec = monitor.dataset("wx");
            assertThat(spec.classes()).containsExactly("sun", "rain", "snow");
            assertThat(spec.features()).extracting(DatasetSpec.FeatureSpec::labelWithUnit).containsExactly("x (hPa)");
            assertThat(monitor.dataset("no such model")).isNull();
        }
    }

    private static void write(KilnStore store) throws Exception {
        store.write(conn -> {
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE wx_reading (id BIGINT PRIMARY KEY, t TIMESTAMP, x DOUBLE)");
                st.execute("CREATE TABLE wx_label (id BIGINT PRIMARY KEY, label_time TIMESTAMP, outcome VARCHAR)");
                st.execute("CREATE TABLE wx_prediction (id BIGINT, t TIMESTAMP, model_version INTEGER, predicted VARCHAR, "
                        + "predicted_code SMALLINT, probability DOUBLE, label_code SMALLINT, label_time TIMESTAMP)");
                st.execute("INSERT INTO dataset (name, reading_table, label_table, prediction_table, id_column, time_column, label_column, "
                        + "label_time_column, prediction_column, prediction_code_column, prediction_label_time, source) VALUES ('wx', "
                        + "'wx_reading', 'wx_label', 'wx_prediction', 'id', 't', 'outcome', 'label_time', 'predicted', 'predicted_code', "
                        + "'label_time', 'test fixture')");
                st.execute("INSERT INTO dataset_feature (dataset, name, position, kind) VALUES ('wx', 'x', 1, 'numeric')");
                st.execute("INSERT INTO dataset_class (dataset, code, value) VALUES ('wx', 0, 'sun'), ('wx', 1, 'rain'), ('wx', 2, 'snow')");
            }
            String[] names = {"sun", "rain", "snow"};
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO wx_prediction VALUES (?, ?, 1, ?, ?, 0.9, ?, ?)")) {
                for (int i = 0; i < ROWS.length; i++) {
                    int[] r = ROWS[i];
                    LocalDateTime t = T0.plusMinutes(r[2]);
                    ps.setLong(1, i);
                    ps.setObject(2, t);
                    ps.setString(3, names[r[1]]);
                    ps.setInt(4, r[1]);
                    ps.setObject(5, r[0] < 0 ? null : r[0]);
                    ps.setObject(6, r[0] < 0 ? null : t.plusHours(1));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static Instant instant(LocalDateTime t) {
        return t.toInstant(ZoneOffset.UTC);
    }
}
