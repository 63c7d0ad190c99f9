package kiln.scoring;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import kiln.store.Timestamps;

/** Where the production scorer stands for one model (see the V004 migration). */
record ScoringWatermark(String modelName, Instant time, long readingsBefore, String timeline) {

    /** The stored watermark if it still holds: same timeline, and no late reading arrived below it. */
    static ScoringWatermark load(Connection conn, ScoringTarget target, String timeline) throws SQLException {
        ScoringWatermark stored;
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT watermark_time, readings_before, timeline FROM scoring_watermark WHERE model_name = ?")) {
            ps.setString(1, target.modelName());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                stored = new ScoringWatermark(target.modelName(), Timestamps.read(rs, 1), rs.getLong(2), rs.getString(3));
            }
        }
        if (!stored.timeline.equals(timeline)) {
            return null;
        }
        return countBelow(conn, target, stored.time) == stored.readingsBefore ? stored : null;
    }

    /** The watermark this catch-up will leave: the newest process time now in the table. */
    static ScoringWatermark snapshot(Connection conn, ScoringTarget target, String timeline) throws SQLException {
        Instant newest;
        try (PreparedStatement ps = conn.prepareStatement("SELECT max(" + target.time() + ") FROM " + target.readings());
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            newest = Timestamps.read(rs, 1);
        }
        return newest == null ? null : new ScoringWatermark(target.modelName(), newest, countBelow(conn, target, newest), timeline);
    }

    private static long countBelow(Connection conn, ScoringTarget target, Instant t) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT count(*) FROM " + target.readings() + " WHERE " + target.time() + " < ?")) {
            Timestamps.bind(ps, 1, t);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void save(Connection conn, Instant now) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT OR REPLACE INTO scoring_watermark (model_name, watermark_time, readings_before, timeline, updated_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, modelName);
            Timestamps.bind(ps, 2, time);
            ps.setLong(3, readingsBefore);
            ps.setString(4, timeline);
            Timestamps.bind(ps, 5, now);
            ps.executeUpdate();
        }
    }
}
