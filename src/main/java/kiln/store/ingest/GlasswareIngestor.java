package kiln.store.ingest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import kiln.store.KilnStore;

/**
 * The one ingest path for glassware readings and labels: each call is one transaction on the
 * writer thread, rows go in through DuckDB's Appender, and re-sending rows never duplicates them
 * (idempotent on {@code pid}).
 *
 * <p>Two routes, chosen per batch. A batch whose pids rise strictly and all lie above the highest
 * pid already stored cannot collide with anything, so it is appended straight into the table (the
 * common case for live feeds and the simulator; the primary key still guards it). Any other batch
 * (a resend, a resume, an out-of-order file) is appended into a temporary staging table and moved
 * over with an anti-join, which keeps the first copy of each pid.
 */
public final class GlasswareIngestor {

    private final KilnStore store;
    /** Highest pid known to be stored per table; Long.MIN_VALUE until read. Touched on the writer thread only. */
    private long readingMaxPid = Long.MIN_VALUE;
    private long labelMaxPid = Long.MIN_VALUE;
    private boolean knowsMax;

    public GlasswareIngestor(KilnStore store) {
        this.store = store;
    }

    /** Stores both batches in one transaction; returns how many rows were new. */
    public IngestResult ingest(ReadingBatch readings, LabelBatch labels) throws SQLException {
        if (readings.size() == 0 && labels.size() == 0) {
            return IngestResult.EMPTY;
        }
        return store.write(conn -> {
            if (!knowsMax) {
                readingMaxPid = maxPid(conn, "sensor_reading");
                labelMaxPid = maxPid(conn, "product_quality");
                knowsMax = true;
            }
            try {
                return inTransaction(conn, readings, labels, true);
            } catch (SQLException directFailed) {
                // Someone else stored a pid above our cached maximum: re-read and take the safe route.
                readingMaxPid = maxPid(conn, "sensor_reading");
                labelMaxPid = maxPid(conn, "product_quality");
                return inTransaction(conn, readings, labels, false);
            }
        });
    }

    private IngestResult inTransaction(Connection conn, ReadingBatch r, LabelBatch l, boolean allowDirect) throws SQLException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            int newReadings = 0;
            int newLabels = 0;
            long rMax = readingMaxPid;
            long lMax = labelMaxPid;
            if (r.size > 0) {
                if (allowDirect && risesAbove(r.pid, r.size, rMax)) {
                    appendReadings(conn, "main", "sensor_reading", r);
                    newReadings = r.size;
                } else {
                    newReadings = staged(conn, "sensor_reading", r, null);
                }
                rMax = Math.max(rMax, max(r.pid, r.size));
            }
            if (l.size > 0) {
                if (allowDirect && risesAbove(l.pid, l.size, lMax)) {
                    appendLabels(conn, "main", "product_quality", l);
                    newLabels = l.size;
                } else {
                    newLabels = staged(conn, "product_quality", null, l);
                }
                lMax = Math.max(lMax, max(l.pid, l.size));
            }
            conn.commit();
            readingMaxPid = rMax;
            labelMaxPid = lMax;
            return new IngestResult(r.size, newReadings, l.size, newLabels);
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
    }

    private static int staged(Connection conn, String table, ReadingBatch r, LabelBatch l) throws SQLException {
        String stage = "kiln_stage_" + table;
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS " + stage + " AS SELECT * FROM main." + table + " LIMIT 0");
            st.execute("DELETE FROM " + stage);
        }
        if (r != null) {
            appendReadings(conn, "temp", stage, r);
        } else {
            appendLabels(conn, "temp", stage, l);
        }
        try (Statement st = conn.createStatement()) {
            // First copy of each pid in the batch, and only pids not stored yet.
            int n = st.executeUpdate("INSERT INTO main." + table + " SELECT s.* FROM (SELECT DISTINCT ON (pid) * FROM "
                    + stage + " ORDER BY pid) s WHERE NOT EXISTS (SELECT 1 FROM main." + table + " t WHERE t.pid = s.pid)");
            st.execute("DELETE FROM " + stage);
            return n;
        }
    }

    private static void appendReadings(Connection conn, String schema, String table, ReadingBatch r) throws SQLException {
        try (DuckDBAppender a = appender(conn, schema, table)) {
            for (int i = 0; i < r.size; i++) {
                a.beginRow();
                a.append(r.pid[i]);
                a.append(r.sensorId[i]);
                a.appendEpochMicros(r.timeMicros[i]);
                appendNullable(a, r.temp[i]);
                appendNullable(a, r.pressure[i]);
                appendNullable(a, r.duration[i]);
                a.endRow();
            }
        }
    }

    private static void appendLabels(Connection conn, String schema, String table, LabelBatch l) throws SQLException {
        try (DuckDBAppender a = appender(conn, schema, table)) {
            for (int i = 0; i < l.size; i++) {
                a.beginRow();
                a.append(l.pid[i]);
                a.appendEpochMicros(l.timeMicros[i]);
                a.append(l.quality[i]);
                a.endRow();
            }
        }
    }

    private static DuckDBAppender appender(Connection conn, String schema, String table) throws SQLException {
        DuckDBConnection duck = conn.unwrap(DuckDBConnection.class);
        return "temp".equals(schema) ? duck.createAppender("temp", "main", table) : duck.createAppender(schema, table);
    }

    private static void appendNullable(DuckDBAppender a, double v) throws SQLException {
        if (Double.isNaN(v)) {
            a.appendNull();
        } else {
            a.append(v);
        }
    }

    private static boolean risesAbove(long[] pids, int n, long floor) {
        long prev = floor;
        for (int i = 0; i < n; i++) {
            if (pids[i] <= prev) {
                return false;
            }
            prev = pids[i];
        }
        return true;
    }

    private static long max(long[] v, int n) {
        long m = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, v[i]);
        }
        return m;
    }

    private static long maxPid(Connection conn, String table) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT max(pid) FROM main." + table)) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? Long.MIN_VALUE : v;
        }
    }
}
