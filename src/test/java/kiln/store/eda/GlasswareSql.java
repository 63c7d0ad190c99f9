package kiln.store.eda;

import java.sql.SQLException;
import java.sql.Statement;

import kiln.store.KilnStore;
import kiln.store.ingest.LabelCodes;

/**
 * Test data shaped like the glassware scenario's first regime, inserted with SQL: deterministic
 * pseudo-random values from hash(i), readings spread evenly over 42 days from 2019-07-01, sensor
 * noise 0.2, good iff raw temp 351..359, pressure 8..15 and duration 28..32; labels land at midnight
 * two days after the reading, so readings of the last two days have none yet.
 */
public final class GlasswareSql {

    public static final int DAYS = 42;

    private GlasswareSql() {}

    public static void insert(KilnStore store, long rows) throws SQLException {
        long step = DAYS * 86_400L / rows; // seconds between products
        store.write(conn -> {
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE OR REPLACE TEMP MACRO u(i, s) AS (hash(i, s) % 1000003) / 1000003.0");
                st.execute("CREATE OR REPLACE TEMP MACRO gauss(i, s) AS sqrt(-2 * ln(u(i, s || 'a') + 1e-9)) * cos(2 * pi() * u(i, s || 'b'))");
                st.execute("CREATE OR REPLACE TEMP TABLE raw AS SELECT i, "
                        + "TIMESTAMP '2019-07-01' + to_seconds(i * " + step + " + CAST(u(i, 'j') * " + step + " AS BIGINT)) AS t, "
                        + "350 + 10 * u(i, 't') AS temp_raw, 12 + 2 * gauss(i, 'p') AS pressure_raw, 28.5 + 4 * u(i, 'd') AS duration_raw "
                        + "FROM range(" + rows + ") r(i)");
                st.execute(
                        "INSERT INTO sensor_reading (pid, sensor_id, process_time, temp, pressure, duration) SELECT 100001 + i, 1 + i % 4, t, temp_raw + 0.2 * gauss(i, 'nt'), "
                                + "pressure_raw + 0.2 * gauss(i, 'np'), duration_raw + 0.2 * gauss(i, 'nd') FROM raw");
                st.execute("INSERT INTO product_quality SELECT 100001 + i, date_trunc('day', t) + INTERVAL 2 DAY, "
                        + "CASE WHEN temp_raw BETWEEN 351 AND 359 AND pressure_raw BETWEEN 8 AND 15 AND duration_raw BETWEEN 28 AND 32 "
                        + "THEN 1 ELSE 0 END FROM raw WHERE date_trunc('day', t) + INTERVAL 2 DAY <= (SELECT max(t) FROM raw)");
                st.execute("DROP TABLE raw");
                LabelCodes.syncAll(conn, LabelCodes.of(conn, "glassware").orElseThrow());
            }
            return null;
        });
    }
}
