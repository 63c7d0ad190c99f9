package kiln.ui.fleet;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import kiln.store.KilnStore;
import kiln.store.Timestamps;

/**
 * A fleet written straight into the V016 tables through the store's writer, as the fleet monitor and
 * the registry will write them: {@code groups} groups (keys "0", "1", …) × {@code days} daily windows
 * with a rolling baseline, production members, per-group alerts and two incidents. Deterministic:
 * <ul>
 *   <li>group g's normal accuracy is 0.90 + 0.08 · ((37 g) mod 100) / 100;</li>
 *   <li>groups with g mod 50 = 7 drop 25 points from day {@link #DROP_DAY} on (they alert, in incident 1);</li>
 *   <li>groups with g mod 4 = 0 have no labels in the newest window yet;</li>
 *   <li>groups with g mod 5 = 0 have no member of their own: the pooled member serves them.</li>
 * </ul>
 * Readings (4 a day, feature speed ≈ 100 + g mod 30): the dropping groups report speed in another unit
 * (× 1.8 + 32) from day {@link #DROP_DAY} on; groups with g mod 97 = 3 stop reporting then (a dead sensor:
 * no readings, no windows); groups with g mod 97 = 5 keep reporting with speed missing (a dead probe).
 * Every member's run trained on the first week; each member was promoted at the start, and the dropping
 * groups' members were rolled back on day {@link #ROLLBACK_DAY}.
 */
final class FleetTestData {

    static final String MODEL = "line-model";
    static final String DATASET = "assembly-lines";
    static final String GROUP_COLUMN = "line_id";
    static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
    static final int DROP_DAY = 10;
    static final int ROLLBACK_DAY = 12;
    static final int READINGS_PER_DAY = 4;

    private FleetTestData() {}

    /** The normal accuracy of group {@code g} (before any drop). */
    static double normalAccuracy(int g) {
        return 0.90 + 0.08 * ((37L * g) % 100) / 100.0;
    }

    static boolean drops(int g) {
        return g % 50 == 7;
    }

    /** Stops reporting from day {@link #DROP_DAY} on. */
    static boolean dead(int g) {
        return g % 97 == 3;
    }

    /** Reports without a speed from day {@link #DROP_DAY} on. */
    static boolean deadProbe(int g) {
        return g % 97 == 5;
    }

    static void fill(KilnStore store, int groups, int days) throws SQLException {
        store.writeTransaction(conn -> {
            // an (empty) imported data set with a group column, laid out as the import lays one out, so the app opens it
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE line_reading (id BIGINT PRIMARY KEY, ts TIMESTAMP, line_id INTEGER, speed DOUBLE)");
                st.execute("CREATE TABLE line_label (id BIGINT PRIMARY KEY, label_time TIMESTAMP, ok VARCHAR)");
                st.execute("CREATE TABLE line_prediction (id BIGINT PRIMARY KEY, model_version INTEGER, ts TIMESTAMP, predicted VARCHAR, "
                        + "probability DOUBLE, scored_at TIMESTAMP, predicted_code SMALLINT, label_code TINYINT, label_time TIMESTAMP)");
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO dataset (name, reading_table, label_table, prediction_table, "
                    + "id_column, time_column, group_column, label_column, positive_label, source, description, label_time_column, "
                    + "prediction_column, prediction_code_column, prediction_label_time) VALUES (?, 'line_reading', 'line_label', "
                    + "'line_prediction', 'id', 'ts', ?, 'ok', 'yes', 'test', 'assembly lines, one model per line', 'label_time', "
                    + "'predicted', 'predicted_code', 'label_time')")) {
                ps.setString(1, DATASET);
                ps.setString(2, GROUP_COLUMN);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO dataset_class VALUES (?, 0, 'no'), (?, 1, 'yes')")) {
                ps.setString(1, DATASET);
                ps.setString(2, DATASET);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO dataset_feature (dataset, name, position, kind, unit) "
                    + "VALUES (?, 'speed', 1, 'numeric', 'm/min')")) {
                ps.setString(1, DATASET);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO registered_model (model_name, dataset, description, family) "
                    + "VALUES (?, ?, 'a model per line', true)")) {
                ps.setString(1, MODEL);
                ps.setString(2, DATASET);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO kpi_band VALUES (?, 'accuracy', 0.85, 1.0, 0.03)")) {
                ps.setString(1, MODEL);
                ps.executeUpdate();
            }
            // pooled member v1; a member of its own (v2 + g) for every group but those with g mod 5 = 0
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO model_version (model_name, version, run_id, created_at, "
                    + "created_by, alias, source, scope) SELECT ?, 1, NULL, ?, 'test', 'production', 'run', 'pooled' "
                    + "UNION ALL SELECT ?, 2 + g, NULL, ?, 'test', 'production', 'run', CAST(g AS VARCHAR) FROM range(?) t(g) WHERE g % 5 <> 0")) {
                ps.setString(1, MODEL);
                Timestamps.bind(ps, 2, START);
                ps.setString(3, MODEL);
                Timestamps.bind(ps, 4, START);
                ps.setInt(5, groups);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO line_reading SELECT row_number() OVER (), "
                    + "? + to_hours(CAST(d * 24 + h * 6 AS INTEGER)), g, CASE WHEN g % 97 = 5 AND d >= ? THEN NULL "
                    + "WHEN g % 50 = 7 AND d >= ? THEN (100 + g % 30 + ((g + d * 3 + h) % 7 - 3) / 2.0) * 1.8 + 32 "
                    + "ELSE 100 + g % 30 + ((g + d * 3 + h) % 7 - 3) / 2.0 END "
                    + "FROM range(?) a(g), range(?) b(d), range(?) c(h) WHERE NOT (g % 97 = 3 AND d >= ?)")) {
                Timestamps.bind(ps, 1, START);
                ps.setInt(2, DROP_DAY);
                ps.setInt(3, DROP_DAY);
                ps.setInt(4, groups);
                ps.setInt(5, days);
                ps.setInt(6, READINGS_PER_DAY);
                ps.setInt(7, DROP_DAY);
                ps.executeUpdate();
            }
            // every member's run trained on the first week (run 1: the pooled member; run 2 + g: group g's)
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO run (run_id, trainer, status, dataset, window_start, window_end, "
                    + "group_key) SELECT 1 + g, 'tree', 'finished', ?, ?, ? + to_days(7), CASE WHEN g = 0 THEN NULL ELSE CAST(g - 1 AS VARCHAR) END "
                    + "FROM range(? + 1) t(g) WHERE g = 0 OR (g - 1) % 5 <> 0")) {
                ps.setString(1, DATASET);
                Timestamps.bind(ps, 2, START);
                Timestamps.bind(ps, 3, START);
                ps.setInt(4, groups);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("UPDATE model_version SET run_id = CASE WHEN scope = 'pooled' THEN 1 "
                    + "ELSE 2 + CAST(scope AS INTEGER) END WHERE model_name = ?")) {
                ps.setString(1, MODEL);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO model_event (model_name, version, action, alias, \"at\", \"by\", "
                    + "note, scope) SELECT model_name, version, 'promote', 'production', ?, 'test', NULL, scope FROM model_version "
                    + "WHERE model_name = ? UNION ALL SELECT ?, 2 + g, 'promote', 'production', ? + to_days(?), 'test', "
                    + "'rollback from v' || (100000 + g), CAST(g AS VARCHAR) FROM range(?) t(g) WHERE g % 50 = 7")) {
                Timestamps.bind(ps, 1, START);
                ps.setString(2, MODEL);
                ps.setString(3, MODEL);
                Timestamps.bind(ps, 4, START);
                ps.setInt(5, ROLLBACK_DAY);
                ps.setInt(6, groups);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO fleet_kpi WITH w AS ("
                    + " SELECT g, d, 100 + g % 40 AS predictions,"
                    + "  CASE WHEN d = ? - 1 AND g % 4 = 0 THEN 0 ELSE 80 + g % 40 END AS labelled,"
                    + "  0.90 + 0.08 * ((37 * g) % 100) / 100.0 - CASE WHEN g % 50 = 7 AND d >= ? THEN 0.25 ELSE 0 END"
                    + "   + ((g * 13 + d * 7) % 11 - 5) / 1000.0 AS p"
                    + " FROM range(?) a(g), range(?) b(d) WHERE NOT (g % 97 = 3 AND d >= ?)),"
                    + " k AS (SELECT g, d, predictions, labelled, CAST(round(p * labelled) AS BIGINT) AS correct FROM w)"
                    + " SELECT ?, 'day', CAST(g AS VARCHAR), ? + to_days(CAST(d AS INTEGER)), ? + to_days(CAST(d + 1 AS INTEGER)),"
                    + "  CASE WHEN g % 5 = 0 THEN 'pooled' ELSE CAST(g AS VARCHAR) END, CASE WHEN g % 5 = 0 THEN 1 ELSE 2 + g END,"
                    + "  predictions, labelled, correct, CASE WHEN labelled > 0 THEN correct / labelled END,"
                    + "  sum(labelled) OVER prev, sum(correct) OVER prev / nullif(sum(labelled) OVER prev, 0)"
                    + " FROM k WINDOW prev AS (PARTITION BY g ORDER BY d ROWS BETWEEN 7 PRECEDING AND 1 PRECEDING)")) {
                ps.setInt(1, days);
                ps.setInt(2, DROP_DAY);
                ps.setInt(3, groups);
                ps.setInt(4, days);
                ps.setInt(5, DROP_DAY);
                ps.setString(6, MODEL);
                Timestamps.bind(ps, 7, START);
                Timestamps.bind(ps, 8, START);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO incident (incident_id, model_name, rule, kind, severity, state, "
                    + "opened_at, window_start, members, worst_group, worst_value, summary) VALUES "
                    + "(1, ?, 'fleet-drop', 'kpi', 'warning', 'firing', ?, ?, ?, '7', 0.66, ?), "
                    + "(2, ?, 'fleet-below-band', 'kpi', 'warning', 'resolved', ?, ?, 2, '1', 0.84, '2 lines below band since 03-03 00:00 — worst: 1')")) {
                long members = groups <= 7 ? 0 : (groups - 8) / 50 + 1;
                Instant drop = START.plusSeconds(86_400L * DROP_DAY);
                ps.setString(1, MODEL);
                Timestamps.bind(ps, 2, drop);
                Timestamps.bind(ps, 3, drop);
                ps.setLong(4, members);
                ps.setString(5, members + " lines dropped below their own baseline since 03-11 00:00 — worst: 7");
                ps.setString(6, MODEL);
                Timestamps.bind(ps, 7, START.plusSeconds(2 * 86_400L));
                Timestamps.bind(ps, 8, START.plusSeconds(2 * 86_400L));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO alert (model_name, rule, kind, severity, state, window_start, "
                    + "window_end, metric, value, threshold, fired_at, group_key, incident_id) "
                    + "SELECT ?, 'fleet-drop', 'kpi', 'warning', 'firing', ?, ?, 'accuracy', 0.66, 0.80, ?, CAST(g AS VARCHAR), 1 "
                    + "FROM range(?) t(g) WHERE g % 50 = 7 "
                    + "UNION ALL SELECT ?, 'fleet-below-band', 'kpi', 'warning', 'resolved', ?, ?, 'accuracy', 0.84, 0.85, ?, "
                    + "CAST(g AS VARCHAR), 2 FROM range(least(?, 3)) t(g) WHERE g > 0")) {
                Instant drop = START.plusSeconds(86_400L * DROP_DAY);
                Instant early = START.plusSeconds(2 * 86_400L);
                ps.setString(1, MODEL);
                Timestamps.bind(ps, 2, drop);
                Timestamps.bind(ps, 3, drop.plusSeconds(86_400));
                Timestamps.bind(ps, 4, drop.plusSeconds(86_400));
                ps.setInt(5, groups);
                ps.setString(6, MODEL);
                Timestamps.bind(ps, 7, early);
                Timestamps.bind(ps, 8, early.plusSeconds(86_400));
                Timestamps.bind(ps, 9, early.plusSeconds(86_400));
                ps.setInt(10, groups);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
