package kiln.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import kiln.store.catalog.CatalogUpgrade;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kiln database file. A single writer thread owns the only connection that writes; readers
 * borrow connections of their own (DuckDB connections must not be shared between threads).
 *
 * <p>Opening checks the file before touching it: not a DuckDB file, truncated, held by another
 * process or written by a newer Kiln are all refused with a {@link StoreException} whose message is
 * one sentence for the user, and the file is left as it was.
 */
public final class KilnStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KilnStore.class);

    private final Path path;
    private final DuckDBConnection root;
    private final ExecutorService writerThread;
    private final Connection writer;
    private final Deque<Connection> idleReaders = new ArrayDeque<>();
    private volatile Thread writerThreadRef;
    private volatile boolean closed;

    private KilnStore(Path path, DuckDBConnection root) throws SQLException {
        this.path = path;
        this.root = root;
        this.writerThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kiln-db-writer");
            t.setDaemon(true);
            writerThreadRef = t;
            return t;
        });
        try {
            this.writer = writerThread.submit(root::duplicate).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while opening the writer connection", e);
        } catch (ExecutionException e) {
            throw asSql(e.getCause());
        }
    }

    /**
     * Opens (creating if needed) the database at {@code file} and brings its schema up to date.
     *
     * @throws StoreException with a user-facing message if the file cannot be used
     */
    public static KilnStore open(Path file) {
        Path path = file.toAbsolutePath().normalize();
        DatabaseFile.checkLooksLikeDuckDb(path);
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new StoreException("Cannot create the folder " + path.getParent() + ": " + e.getMessage(), e);
        }
        if (Files.exists(path)) {
            // Probe read-only first so a newer schema is refused without the file being touched.
            try (Connection probe = DatabaseFile.connect(path, true)) {
                DatabaseFile.checkSchemaVersion(path, Migrations.appliedVersions(probe));
            } catch (SQLException e) {
                throw DatabaseFile.translate(path, e);
            }
        }
        DuckDBConnection root;
        try {
            root = (DuckDBConnection) DatabaseFile.connect(path, false);
        } catch (SQLException e) {
            throw DatabaseFile.translate(path, e);
        }
        try {
            KilnStore store = new KilnStore(path, root);
            int ran = store.write(Migrations::migrate);
            if (ran > 0) {
                LOG.info("Applied {} migration(s) to {}", ran, path);
            }
            store.writeTransaction(CatalogUpgrade::run);
            // This process holds the file lock, so a run still marked running was cut off by a crash or kill.
            int interrupted = store.write(conn -> {
                try (Statement st = conn.createStatement()) {
                    return st.executeUpdate("UPDATE run SET status = 'failed', "
                            + "error = coalesce(error, 'interrupted: the process ended while it trained') WHERE status = 'running'");
                }
            });
            if (interrupted > 0) {
                LOG.warn("Marked {} interrupted run(s) in {} as failed", interrupted, path);
            }
            return store;
        } catch (SQLException | RuntimeException e) {
            try {
                root.close();
            } catch (SQLException ignored) {
                // already failing; the first error is the one to report
            }
            if (e instanceof StoreException se) {
                throw se;
            }
            throw DatabaseFile.translate(path, e instanceof SQLException sql ? sql : new SQLException(e));
        }
    }

    public Path path() {
        return path;
    }

    /** Runs {@code work} on the writer thread and waits for it. Re-entrant from the writer thread. */
    public <T> T write(SqlWork<T> work) throws SQLException {
        ensureOpen();
        if (Thread.currentThread() == writerThreadRef) {
            return work.apply(writer);
        }
        try {
            return writerThread.submit(() -> work.apply(writer)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting for the database writer", e);
        } catch (ExecutionException e) {
            throw asSql(e.getCause());
        }
    }

    /** Runs {@code work} as one transaction on the writer thread: all of it lands, or none. */
    public <T> T writeTransaction(SqlWork<T> work) throws SQLException {
        return write(inTransaction(work));
    }

    /** Queues {@code work} as one transaction on the writer thread without waiting. */
    public <T> CompletableFuture<T> writeTransactionAsync(SqlWork<T> work) {
        return writeAsync(inTransaction(work));
    }

    private static <T> SqlWork<T> inTransaction(SqlWork<T> work) {
        return conn -> {
            boolean auto = conn.getAutoCommit();
            conn.setAutoCommit(false);
            try {
                // The driver begins the transaction at the first statement, not here; an Appender used before any
                // statement would otherwise commit each of its flushes (every 2,048 rows) on its own.
                try (Statement begin = conn.createStatement()) {
                    begin.execute("SELECT 1");
                }
                T result = work.apply(conn);
                conn.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(auto);
            }
        };
    }

    /** Queues {@code work} on the writer thread without waiting. */
    public <T> CompletableFuture<T> writeAsync(SqlWork<T> work) {
        ensureOpen();
        CompletableFuture<T> future = new CompletableFuture<>();
        writerThread.execute(() -> {
            try {
                future.complete(work.apply(writer));
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        return future;
    }

    /** Runs {@code work} on a reader connection borrowed for the duration of the call. */
    public <T> T read(SqlWork<T> work) throws SQLException {
        Connection conn = borrowReader();
        boolean healthy = true;
        try {
            return work.apply(conn);
        } catch (SQLException | RuntimeException e) {
            healthy = false;
            throw e;
        } finally {
            returnReader(conn, healthy);
        }
    }

    /**
     * A reader connection of the caller's own, for long streaming reads; the caller closes it and
     * must use it from one thread at a time.
     */
    public Connection openReader() throws SQLException {
        ensureOpen();
        synchronized (root) {
            return root.duplicate();
        }
    }

    private Connection borrowReader() throws SQLException {
        ensureOpen();
        synchronized (idleReaders) {
            Connection c = idleReaders.pollFirst();
            if (c != null) {
                return c;
            }
        }
        return openReader();
    }

    private void returnReader(Connection conn, boolean healthy) {
        try {
            if (!healthy || closed || conn.isClosed() || !conn.getAutoCommit()) {
                conn.close();
                return;
            }
        } catch (SQLException e) {
            return;
        }
        synchronized (idleReaders) {
            if (idleReaders.size() < 8) {
                idleReaders.addFirst(conn);
                return;
            }
        }
        try {
            conn.close();
        } catch (SQLException ignored) {
            // best effort: the pool is full
        }
    }

    /** The highest applied migration. */
    public int schemaVersion() throws SQLException {
        return read(conn -> Migrations.appliedVersions(conn).stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    /** DuckDB's version string. */
    public String duckDbVersion() throws SQLException {
        return read(conn -> {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT version()")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    /** Row counts of every table in the main schema, by name. */
    public Map<String, Long> tableRowCounts() throws SQLException {
        return read(conn -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables "
                            + "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name")) {
                while (rs.next()) {
                    counts.put(rs.getString(1), 0L);
                }
            }
            for (String table : counts.keySet()) {
                try (Statement st = conn.createStatement();
                        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + quoteIdentifier(table))) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
            return counts;
        });
    }

    /** Quotes an SQL identifier for DuckDB. */
    public static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The database " + path + " is closed");
        }
    }

    private static SQLException asSql(Throwable cause) {
        if (cause instanceof SQLException sql) {
            return sql;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new SQLException(cause);
    }

    /** Checkpoints and closes every connection; waits for queued writes to finish. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            write(conn -> {
                try (Statement st = conn.createStatement()) {
                    st.execute("CHECKPOINT");
                }
                return null;
            });
        } catch (SQLException e) {
            LOG.warn("Checkpoint on close failed for {}: {}", path, e.getMessage());
        }
        closed = true;
        writerThread.execute(() -> {
            try {
                writer.close();
            } catch (SQLException e) {
                LOG.warn("Closing the writer connection failed: {}", e.getMessage());
            }
        });
        writerThread.shutdown();
        try {
            writerThread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (idleReaders) {
            for (Connection c : idleReaders) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
            idleReaders.clear();
        }
        try {
            root.close();
        } catch (SQLException e) {
            LOG.warn("Closing {} failed: {}", path, e.getMessage());
        }
    }
}
