package kiln.store.ingest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import kiln.store.KilnStore;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

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
 *
 * <p>{@link #submit} is the asynchronous entry for feeds that keep producing while the writer
 * stores (the simulator, live feeds): batches that arrive while the writer is busy are stored
 * together in its next transaction (group commit). Each batch's future completes only after the
 * transaction holding it committed, so an acknowledged batch is durable, exactly as with
 * {@link #ingest}; the commit's fixed cost is shared instead of paid per batch.
 */
public final class GlasswareIngestor {

    /** The built-in data set whose fixed tables this ingestor writes. */
    public static final String DATASET = "glassware";

    private final KilnStore store;
    /** Highest pid known to be stored per table; Long.MIN_VALUE until read. Touched on the writer thread only. */
    private long readingMaxPid = Long.MIN_VALUE;
    private long labelMaxPid = Long.MIN_VALUE;
    private boolean knowsMax;
    /** The glassware data set's label-code target; empty if its readings carry no code. Read with the maxima. */
    private Optional<LabelCodes.Target> labelCodes = Optional.empty();

    /** Batches waiting for the writer, in submission order; guarded by itself. */
    private final ArrayDeque<Submitted> waiting = new ArrayDeque<>();
    /** True while a drain task is queued on the writer and has not yet taken the waiting batches. */
    private boolean drainQueued;
    /** Transactions and batches stored through {@link #submit} (for benchmarks: batches per commit). */
    private final AtomicLong groupCommits = new AtomicLong();
    private final AtomicLong groupedBatches = new AtomicLong();

    private record Submitted(GlasswareReadingBatch readings, LabelBatch labels, CompletableFuture<IngestResult> done) {
    }

    public GlasswareIngestor(KilnStore store) {
        this.store = store;
    }

    /**
     * Queues both batches for the writer and returns at once. The ingestor owns the batches until
     * the future completes: the caller must not change them before. The future fails with the
     * SQLException that stopped the batch; nothing of a failed batch is stored.
     */
    public CompletableFuture<IngestResult> submit(GlasswareReadingBatch readings, LabelBatch labels) {
        Submitted s = new Submitted(readings, labels, new CompletableFuture<>());
        if (readings.size() == 0 && labels.size() == 0) {
            s.done().complete(IngestResult.EMPTY);
            return s.done();
        }
        boolean queueDrain;
        synchronized (waiting) {
            waiting.add(s);
            queueDrain = !drainQueued;
            drainQueued = true;
        }
        if (queueDrain) {
            store.writeAsync(conn -> {
                drain(conn);
                return null;
            }).exceptionally(failure -> {
                failWaiting(failure); // the store closed under us: nobody will drain these
                return null;
            });
        }
        return s.done();
    }

    /** Transactions {@link #submit} used so far, and the batches they stored. */
    public long[] groupCommitCounts() {
        return new long[] {groupCommits.get(), groupedBatches.get()};
    }

    /** On the writer thread: stores every batch waiting now, together when they cannot collide. */
    private void drain(Connection conn) {
        List<Submitted> group = takeWaiting();
        try {
            store(conn, group);
        } catch (SQLException | RuntimeException e) {
            group.forEach(s -> s.done().completeExceptionally(e)); // no-op for the ones already stored
        }
    }

    private void store(Connection conn, List<Submitted> group) throws SQLException {
        if (group.isEmpty()) {
            return;
        }
        if (!knowsMax) {
            readMaxima(conn);
        }
        if (group.size() > 1 && canStoreTogether(group)) {
            GlasswareReadingBatch readings = new GlasswareReadingBatch(group.stream().mapToInt(s -> s.readings().size()).sum());
            LabelBatch labels = new LabelBatch(group.stream().mapToInt(s -> s.labels().size()).sum());
            for (Submitted s : group) {
                readings.addAll(s.readings());
                labels.addAll(s.labels());
            }
            try {
                inTransaction(conn, readings, labels, true);
                groupCommits.incrementAndGet();
                groupedBatches.addAndGet(group.size());
                for (Submitted s : group) {
                    s.done().complete(new IngestResult(s.readings().size(), s.readings().size(), s.labels().size(), s.labels().size()));
                }
                return;
            } catch (SQLException togetherFailed) {
                readMaxima(conn); // rolled back: nothing stored; store them one by one below
            }
        }
        for (Submitted s : group) {
            try {
                s.done().complete(ingestOnWriter(conn, s.readings(), s.labels()));
                groupCommits.incrementAndGet();
                groupedBatches.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
                s.done().completeExceptionally(e);
            }
        }
    }

    /** True when every batch's pids rise above everything stored and everything before it in the group. */
    private boolean canStoreTogether(List<Submitted> group) {
        long readingFloor = readingMaxPid;
        long labelFloor = labelMaxPid;
        for (Submitted s : group) {
            if (!risesAbove(s.readings().pids(), s.readings().size(), readingFloor)
                    || !risesAbove(s.labels().pids(), s.labels().size(), labelFloor)) {
                return false;
            }
            readingFloor = Math.max(readingFloor, max(s.readings().pids(), s.readings().size()));
            labelFloor = Math.max(labelFloor, max(s.labels().pids(), s.labels().size()));
        }
        return true;
    }

    private void failWaiting(Throwable failure) {
        List<Submitted> group = takeWaiting();
        group.forEach(s -> s.done().completeExceptionally(failure));
    }

    /** Every batch waiting now; the next submit queues a new drain. */
    private List<Submitted> takeWaiting() {
        synchronized (waiting) {
            List<Submitted> group = new ArrayList<>(waiting);
            waiting.clear();
            drainQueued = false;
            return group;
        }
    }

    private void readMaxima(Connection conn) throws SQLException {
        readingMaxPid = maxPid(conn, "sensor_reading");
        labelMaxPid = maxPid(conn, "product_quality");
        labelCodes = LabelCodes.of(conn, DATASET);
        knowsMax = true;
    }

    /** Stores both batches in one transaction; returns how many rows were new. */
    public IngestResult ingest(GlasswareReadingBatch readings, LabelBatch labels) throws SQLException {
        if (readings.size() == 0 && labels.size() == 0) {
            return IngestResult.EMPTY;
        }
        return store.write(conn -> ingestOnWriter(conn, readings, labels));
    }

    private IngestResult ingestOnWriter(Connection conn, GlasswareReadingBatch readings, LabelBatch labels) throws SQLException {
        if (!knowsMax) {
            readMaxima(conn);
        }
        try {
            return inTransaction(conn, readings, labels, true);
        } catch (SQLException directFailed) {
            // Someone else stored a pid above our cached maximum: re-read and take the safe route.
            readMaxima(conn);
            return inTransaction(conn, readings, labels, false);
        }
    }

    private IngestResult inTransaction(Connection conn, GlasswareReadingBatch r, LabelBatch l, boolean allowDirect) throws SQLException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            int newReadings = storeRows(conn, "sensor_reading", r, readingMaxPid, allowDirect);
            int newLabels = storeRows(conn, "product_quality", l, labelMaxPid, allowDirect);
            codeLabels(conn, r, newReadings, l, newLabels);
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

    /**
     * Puts the new labels' codes on their readings, and codes new readings whose labels were stored
     * first (an out-of-order import or feed; the simulator never needs it). Bounded by pid range.
     */
    private void codeLabels(Connection conn, GlasswareReadingBatch r, int newReadings, LabelBatch l, int newLabels) throws SQLException {
        if (labelCodes.isEmpty()) {
            return;
        }
        if (newLabels > 0) {
            LabelCodes.syncIdRange(conn, labelCodes.get(), min(l.pid, l.size), max(l.pid, l.size));
        }
        if (newReadings > 0 && labelMaxPid >= min(r.pid, r.size)) {
            LabelCodes.syncReadingRange(conn, labelCodes.get(), min(r.pid, r.size), max(r.pid, r.size));
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
                a.flush(); // close() swallows a failed flush (e.g. a duplicate key); flush() reports it
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

    private static long min(long[] v, int n) {
        long m = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            m = Math.min(m, v[i]);
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
