package kiln.store.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;

/** The Fleet reads' common ground: one read transaction per call on a borrowed reader, which a cancelled job interrupts. */
final class FleetReading {

    private FleetReading() {}

    @FunctionalInterface
    interface Work<T> {
        T run(Reader conn) throws SQLException;
    }

    /** The borrowed connection of one call; it remembers the running statement so a cancelled job can stop it. */
    static final class Reader {
        private final Connection conn;
        private final AtomicReference<PreparedStatement> running = new AtomicReference<>();

        Reader(Connection conn) {
            this.conn = conn;
        }

        /** The connection itself, for reads that take one (the catalogue); statements made on it are not cancelled. */
        Connection connection() {
            return conn;
        }

        PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement ps = conn.prepareStatement(sql);
            running.set(ps);
            return ps;
        }

        void cancel() {
            PreparedStatement ps = running.get();
            try {
                if (ps != null && !ps.isClosed()) {
                    ps.cancel();
                }
            } catch (SQLException | RuntimeException ignored) {
                // finished already: nothing to interrupt
            }
        }
    }

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs {@code work} in one read transaction, so its queries see the same data; cancelling the sink interrupts it. */
    static <T> T query(KilnStore store, ProgressSink sink, String what, Work<T> work) {
        JobCancelledException.throwIfCancelled(sink, what);
        try {
            return store.read(conn -> {
                boolean auto = conn.getAutoCommit();
                conn.setAutoCommit(false);
                Reader reader = new Reader(conn);
                sink.onCancel(reader::cancel);
                try {
                    return work.run(reader);
                } finally {
                    conn.rollback();
                    conn.setAutoCommit(auto);
                }
            });
        } catch (SQLException e) {
            if (sink.isCancelled()) {
                throw new JobCancelledException("Reading " + what + " was cancelled");
            }
            throw new DataAccessException("Reading " + what + " failed", e);
        }
    }

    static <T> List<T> rows(ProgressSink sink, PreparedStatement ps, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row.read(rs));
            }
        }
        return out;
    }

    static Double doubleOrNull(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    static Integer intOrNull(ResultSet rs, int col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }
}
