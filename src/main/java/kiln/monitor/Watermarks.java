package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import kiln.store.Timestamps;

/** Where the last update stopped reading each input stream (table monitor_watermark). */
final class Watermarks {

    record Mark(Instant time, long pid, long count) {
        static final Mark NONE = new Mark(null, Long.MIN_VALUE, 0);
    }

    private Watermarks() {
    }

    static Mark get(Connection conn, String model, String stream) throws SQLException {
        return get(conn, null, model, stream);
    }

    /** With a cache (the monitor's hot path) the statement is planned once per writer connection. */
    static Mark get(Connection conn, PreparedCache cache, String model, String stream) throws SQLException {
        try (PreparedStatement ps = prepare(conn, cache,
                "SELECT at_time, at_pid, at_count FROM monitor_watermark WHERE model_name = ? AND stream = ?")) {
            ps.setString(1, model);
            ps.setString(2, stream);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Mark.NONE;
                }
                long pid = rs.getObject(2) == null ? Long.MIN_VALUE : rs.getLong(2);
                return new Mark(Timestamps.read(rs, 1), pid, rs.getLong(3));
            }
        }
    }

    static void put(Connection conn, String model, String stream, Mark mark) throws SQLException {
        put(conn, null, model, stream, mark);
    }

    static void put(Connection conn, PreparedCache cache, String model, String stream, Mark mark) throws SQLException {
        try (PreparedStatement ps = prepare(conn, cache,
                "INSERT OR REPLACE INTO monitor_watermark (model_name, stream, at_time, at_pid, at_count) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, model);
            ps.setString(2, stream);
            Timestamps.bind(ps, 3, mark.time());
            ps.setLong(4, mark.pid());
            ps.setLong(5, mark.count());
            ps.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection conn, PreparedCache cache, String sql) throws SQLException {
        return cache == null ? conn.prepareStatement(sql) : cache.prepare(conn, sql);
    }

    static void clear(Connection conn, String model) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM monitor_watermark WHERE model_name = ?")) {
            ps.setString(1, model);
            ps.executeUpdate();
        }
    }
}
