package kiln.store.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;

import kiln.domain.CategoryShares;
import kiln.domain.ProgressSink;
import kiln.domain.fleet.FleetResults.FeatureDistribution;
import kiln.domain.fleet.FleetResults.GroupFeatures;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A group's categorical feature against its reference, and a model whose data set the catalogue does not know. */
class GroupFeatureQueriesTest {

    @TempDir
    Path dir;

    static final Instant START = Instant.parse("2024-05-01T00:00:00Z");

    @Test
    void aCategoricalFeatureComparesItsCategoriesAndNamesTheNewOnes() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("cat.duckdb"))) {
            store.writeTransaction(conn -> {
                try (Statement st = conn.createStatement()) {
                    st.execute("CREATE TABLE m_reading (id BIGINT PRIMARY KEY, ts TIMESTAMP, machine VARCHAR, mode VARCHAR)");
                    st.execute("CREATE TABLE m_label (id BIGINT PRIMARY KEY, label_time TIMESTAMP, ok VARCHAR)");
                    st.execute("CREATE TABLE m_prediction (id BIGINT PRIMARY KEY, model_version INTEGER, ts TIMESTAMP, predicted VARCHAR, "
                            + "probability DOUBLE, scored_at TIMESTAMP, predicted_code SMALLINT, label_code TINYINT, label_time TIMESTAMP)");
                    st.execute("INSERT INTO dataset (name, reading_table, label_table, prediction_table, id_column, time_column, group_column, "
                            + "label_column, positive_label, source, description, label_time_column, prediction_column, prediction_code_column, "
                            + "prediction_label_time) VALUES ('machines', 'm_reading', 'm_label', 'm_prediction', 'id', 'ts', 'machine', 'ok', "
                            + "'yes', 'test', 'machines', 'label_time', 'predicted', 'predicted_code', 'label_time')");
                    st.execute("INSERT INTO dataset_class VALUES ('machines', 0, 'no'), ('machines', 1, 'yes')");
                    st.execute(
                            "INSERT INTO dataset_feature (dataset, name, position, kind, unit) VALUES ('machines', 'mode', 1, 'categorical', NULL)");
                    st.execute(
                            "INSERT INTO registered_model (model_name, dataset, description, family) VALUES ('m', 'machines', 'per machine', true)");
                    st.execute(
                            "INSERT INTO registered_model (model_name, dataset, description, family) VALUES ('orphan', NULL, 'no data set', true)");
                }
                // machine A: its first week in modes idle (3 of 4) and run; its newest day in run and, new, "purge" (one in four missing)
                try (PreparedStatement ps = conn.prepareStatement(
                        "INSERT INTO m_reading SELECT row_number() OVER (), ? + to_hours(CAST(h AS INTEGER)), "
                                + "'A', CASE WHEN h < 168 THEN CASE WHEN h % 4 = 0 THEN 'run' ELSE 'idle' END "
                                + "WHEN h % 4 = 0 THEN NULL WHEN h % 2 = 0 THEN 'purge' ELSE 'run' END FROM range(240) t(h) WHERE h < 168 OR h >= 216")) {
                    Timestamps.bind(ps, 1, START);
                    ps.executeUpdate();
                }
                return null;
            });
            FleetReader queries = new FleetReader(store);
            GroupFeatures f = queries.groupFeatures("m", "A", ProgressSink.NONE);
            assertThat(f.reference()).isEqualTo("its first week of readings");
            assertThat(f.referenceRows()).isEqualTo(168);
            assertThat(f.recentRows()).isEqualTo(24);
            FeatureDistribution mode = f.features().get(0);
            assertThat(mode.numeric()).isFalse();
            assertThat(mode.recentValues()).isEqualTo(18);
            CategoryShares shares = mode.categories();
            assertThat(shares.bars()).extracting(CategoryShares.Bar::label).containsExactly("idle", "run", "new: purge");
            assertThat(shares.bars()).extracting(CategoryShares.Bar::referenceCount).containsExactly(126L, 42L, 0L);
            assertThat(shares.bars()).extracting(CategoryShares.Bar::currentCount).containsExactly(0L, 12L, 6L);
            assertThat(shares.currentMissing()).isEqualTo(6);
            assertThat(shares.reference()).isEqualTo("its first week of readings");

            GroupFeatures none = queries.groupFeatures("orphan", "A", ProgressSink.NONE);
            assertThat(none.unavailable()).contains("orphan").contains("group column");
            assertThat(none.features()).isEmpty();
        }
    }
}
