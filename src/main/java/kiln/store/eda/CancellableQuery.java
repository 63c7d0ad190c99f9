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

    private CancellableQuery() {
    }

    static <T> T run(KilnStore store, ProgressSink sink, String what, String sql, ResultReader<T> reader) {
        JobCancelledException.throwIfCancelled(sink, what);
        try {
            return store.read(conn -> {
                try (Statement st = conn.createStatement()) {
                    sink.onCancel(() -> cancelQuietly(st));
                    JobCancelledException.throwIfCancelled(sink, what);
                    try (ResultSet rs = st.executeQuery(sql)) {
                        return reader.read(rs);
                    }
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
