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
            int newReadings = storeRows(conn, "sensor_reading", r, readingMaxPid, allowDirect);
            int newLabels = storeRows(conn, "product_quality", l, labelMaxPid, allowDirect);
            conn.commit();
            readingMaxPid = Math.max(readingMaxPid, max(r.pid, r.size));
            labelMaxPid = Math.max(labelMaxPid, max(l.pid, l.size));
            return new IngestResult(r.size, newReadings, l.size, newLabels);
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
    }

    /** Appends {@code rows} to {@code table} by the direct route when it cannot collide, else staged; returns rows new. */
    private static int storeRows(Connection conn, String table, ColumnarBatch rows, long storedMaxPid, boolean allowDirect) throws SQLException {
        if (rows.size() == 0) {
            return 0;
        }
        if (allowDirect && risesAbove(rows.pids(), rows.size(), storedMaxPid)) {
            try (DuckDBAppender a = appender(conn, "main", table)) {
                rows.appendTo(a);
                a.flush();   // close() swallows a failed flush (e.g. a duplicate key); flush() reports it
            }
            return rows.size();
        }
        return staged(conn, table, rows);
    }

    private static int staged(Connection conn, String table, ColumnarBatch rows) throws SQLException {
        String stage = "kiln_stage_" + table;
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS " + stage + " AS SELECT * FROM main." + table + " LIMIT 0");
            st.execute("DELETE FROM " + stage);
        }
        try (DuckDBAppender a = appender(conn, "temp", stage)) {
            rows.appendTo(a);
            a.flush();
        }
        try (Statement st = conn.createStatement()) {
            // First copy of each pid in the batch, and only pids not stored yet.
            int n = st.executeUpdate("INSERT INTO main." + table + " SELECT s.* FROM (SELECT DISTINCT ON (pid) * FROM "
                    + stage + " ORDER BY pid) s WHERE NOT EXISTS (SELECT 1 FROM main." + table + " t WHERE t.pid = s.pid)");
            st.execute("DELETE FROM " + stage);
            return n;
        }
    }

    private static DuckDBAppender appender(Connection conn, String schema, String table) throws SQLException {
        DuckDBConnection duck = conn.unwrap(DuckDBConnection.class);
        return "temp".equals(schema) ? duck.createAppender("temp", "main", table) : duck.createAppender(schema, table);
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
