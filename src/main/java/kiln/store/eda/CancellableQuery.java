package kiln.store.eda;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;

/**
 * Runs one read query on a borrowed reader connection, keeping its Statement so that cancelling the
 * job cancels the query inside DuckDB instead of waiting for it to finish.
 */
final class CancellableQuery {

    /** Reads a whole result set into a value. */
    @FunctionalInterface
    interface ResultReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Queries that must see the same data: each runs on one connection inside one read transaction. */
    interface Snapshot {
        <T> T query(String sql, ResultReader<T> reader) throws SQLException;
    }

    @FunctionalInterface
    interface SnapshotWork<T> {
        T run(Snapshot snapshot) throws SQLException;
    }

    private CancellableQuery() {}

    static <T> T run(KilnStore store, ProgressSink sink, String what, String sql, ResultReader<T> reader) {
        return inOneSnapshot(store, sink, what, snapshot -> snapshot.query(sql, reader));
    }

    /**
     * Runs dependent queries (e.g. bin edges, then counts in those bins) in one transaction, so rows
     * the writer commits in between cannot fall outside what the first query saw.
     */
    static <T> T inOneSnapshot(KilnStore store, ProgressSink sink, String what, SnapshotWork<T> work) {
        JobCancelledException.throwIfCancelled(sink, what);
        try {
            return store.read(conn -> {
                boolean auto = conn.getAutoCommit();
                conn.setAutoCommit(false);
                try {
                    return work.run(new Snapshot() {
                        @Override
                        public <R> R query(String sql, ResultReader<R> reader) throws SQLException {
                            try (Statement st = conn.createStatement()) {
                                sink.onCancel(() -> cancelQuietly(st));
                                JobCancelledException.throwIfCancelled(sink, what);
                                try (ResultSet rs = st.executeQuery(sql)) {
                                    return reader.read(rs);
                                }
                            }
                        }
                    });
                } finally {
                    conn.rollback();
                    conn.setAutoCommit(auto);
                }
            });
        } catch (SQLException e) {
            if (sink.isCancelled()) {
                throw new JobCancelledException(what + " was cancelled");
            }
            throw new DataAccessException("Query for " + what + " failed", e);
        }
    }

    private static void cancelQuietly(Statement st) {
        try {
            if (!st.isClosed()) {
                st.cancel();
            }
        } catch (SQLException | RuntimeException ignored) {
            // the query already finished or failed; nothing left to interrupt
        }
    }
}
