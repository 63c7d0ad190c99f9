package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import kiln.store.Timestamps;

/** Where the last update stopped reading each input stream (table monitor_watermark). */
final class Watermarks {

    record Mark(Instant time, long id, long count) {
        static final Mark NONE = new Mark(null, Long.MIN_VALUE, 0);
    }

    private Watermarks() {}

    /**
     * A model's marks read in one statement when an update starts and the moved ones written back in
     * one when it ends (the update is one transaction, so nothing else sees them in between).
     */
    static final class Batch {
        private final String model;
        private final Map<String, Mark> marks = new HashMap<>();
        private final Map<String, Mark> moved = new LinkedHashMap<>();

        private Batch(String model) {
            this.model = model;
        }

        static Batch load(Connection conn, PreparedCache cache, String model) throws SQLException {
            Batch batch = new Batch(model);
            try (PreparedStatement ps = prepare(conn, cache,
                    "SELECT stream, at_time, at_pid, at_count FROM monitor_watermark WHERE model_name = ?")) {
                ps.setString(1, model);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getObject(3) == null ? Long.MIN_VALUE : rs.getLong(3);
                        batch.marks.put(rs.getString(1), new Mark(Timestamps.read(rs, 2), id, rs.getLong(4)));
                    }
                }
            }
            return batch;
        }

        Mark get(String stream) {
            return marks.getOrDefault(stream, Mark.NONE);
        }

        void put(String stream, Mark mark) {
            marks.put(stream, mark);
            moved.put(stream, mark);
        }

        /** Writes the marks put since the load, in one statement. */
        void flush(Connection conn, PreparedCache cache) throws SQLException {
            if (moved.isEmpty()) {
                return;
            }
            String values = String.join(", ", Collections.nCopies(moved.size(), "(?, ?, ?, ?, ?)"));
            try (PreparedStatement ps = prepare(conn, cache,
                    "INSERT OR REPLACE INTO monitor_watermark (model_name, stream, at_time, at_pid, at_count) VALUES " + values)) {
                int i = 1;
                for (Map.Entry<String, Mark> e : moved.entrySet()) {
                    ps.setString(i++, model);
                    ps.setString(i++, e.getKey());
                    Timestamps.bind(ps, i++, e.getValue().time());
                    ps.setLong(i++, e.getValue().id());
                    ps.setLong(i++, e.getValue().count());
                }
                ps.executeUpdate();
            }
            moved.clear();
        }
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
                long id = rs.getObject(2) == null ? Long.MIN_VALUE : rs.getLong(2);
                return new Mark(Timestamps.read(rs, 1), id, rs.getLong(3));
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
            ps.setLong(4, mark.id());
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
