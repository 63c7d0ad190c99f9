package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

import kiln.domain.AlertState;
import kiln.domain.KpiBand;
import kiln.store.Timestamps;

/** The monitor's edits on behalf of a user: KPI bands, acknowledgements and silences (run inside a writer transaction). */
final class MonitorEdits {
    private MonitorEdits() {}

    static int setBand(Connection conn, KpiBand band) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO kpi_band VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, band.modelName());
            ps.setString(2, band.kpi());
            ps.setDouble(3, band.lower());
            ps.setDouble(4, band.upper());
            ps.setDouble(5, band.warnMargin());
            return ps.executeUpdate();
        }
    }

    /** Acknowledges a firing alert; the note is appended to any earlier one. The number of rows changed (0: not firing). */
    static int acknowledge(Connection conn, long alertId, Instant at, String note, String by) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET state = ?, acknowledged_at = ?, "
                + "acknowledged_by = ?, note = CASE WHEN ? IS NULL THEN note ELSE coalesce(note || ' | ', '') || ? END "
                + "WHERE alert_id = ? AND state = ?")) {
            ps.setString(1, AlertState.ACKNOWLEDGED.stored());
            Timestamps.bind(ps, 2, at);
            ps.setString(3, by);
            ps.setString(4, note);
            ps.setString(5, note);
            ps.setLong(6, alertId);
            ps.setString(7, AlertState.FIRING.stored());
            return ps.executeUpdate();
        }
    }

    /** Silences an alert until a time; the number of rows changed (0: no such alert). */
    static int silence(Connection conn, long alertId, Instant until, String by) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET silenced_until = ?, note = coalesce(note || ' | ', '') "
                + "|| ? WHERE alert_id = ?")) {
            Timestamps.bind(ps, 1, until);
            ps.setString(2, "silenced until " + until + " by " + by);
            ps.setLong(3, alertId);
            return ps.executeUpdate();
        }
    }
}
