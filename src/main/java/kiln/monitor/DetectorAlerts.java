package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

import kiln.domain.AlertKind;
import kiln.domain.AlertState;
import kiln.monitor.DetectorMonitor.Change;
import kiln.store.Timestamps;

/**
 * The alert rows of the error-stream detectors of one model and rule: a DRIFT opens or extends one
 * per detector, quiet labels resolve it, and a newer version's first label resolves the older
 * versions' rows. Every statement matches rows by model, rule and detector, so a restart that replays
 * labels finds the rows an uninterrupted process wrote.
 */
final class DetectorAlerts {
    private final String modelName;
    private final AlertRule rule;

    DetectorAlerts(String modelName, AlertRule rule) {
        this.modelName = modelName;
        this.rule = rule;
    }

    /** Extends the detector's alert open at this label, else opens one from the change point; rows changed. */
    int fire(Connection conn, String metric, Instant eventTime, Instant labelledAt, Change change, int version) throws SQLException {
        // "Open at" this label rather than "open now", so that replaying the version's labels after a restart
        // finds the same row an uninterrupted process extended.
        try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET window_end = greatest(window_end, ?), value = ? "
                + "WHERE model_name = ? AND rule = ? AND metric = ? AND window_start <= ? AND fired_at <= ? "
                + "AND (state <> ? OR resolved_at >= ?)")) {
            Timestamps.bind(ps, 1, eventTime);
            ps.setDouble(2, change.after());
            ps.setString(3, modelName);
            ps.setString(4, rule.rule());
            ps.setString(5, metric);
            Timestamps.bind(ps, 6, eventTime);
            Timestamps.bind(ps, 7, labelledAt);
            ps.setString(8, AlertState.RESOLVED.stored());
            Timestamps.bind(ps, 9, labelledAt);
            if (ps.executeUpdate() > 0) {
                return 1;
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO alert (model_name, rule, kind, severity, state, "
                + "window_start, window_end, metric, value, fired_at, model_version, note) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
                + "WHERE NOT EXISTS (SELECT 1 FROM alert WHERE model_name = ? AND rule = ? AND metric = ? AND window_start = ?)")) {
            Instant since = change.since().isAfter(eventTime) ? eventTime : change.since();
            ps.setString(1, modelName);
            ps.setString(2, rule.rule());
            ps.setString(3, AlertKind.DETECTOR.stored());
            ps.setString(4, rule.severity().stored());
            ps.setString(5, AlertState.FIRING.stored());
            Timestamps.bind(ps, 6, since);
            Timestamps.bind(ps, 7, eventTime);
            ps.setString(8, metric);
            ps.setDouble(9, change.after());
            Timestamps.bind(ps, 10, labelledAt);
            ps.setInt(11, version);
            ps.setString(12, note(metric, change, since, version));
            ps.setString(13, modelName);
            ps.setString(14, rule.rule());
            ps.setString(15, metric);
            Timestamps.bind(ps, 16, since);
            return ps.executeUpdate();
        }
    }

    /** Labels now judge version {@code current}: alerts about the error stream of earlier versions are moot. */
    int resolveSuperseded(Connection conn, int current, Instant at) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET state = ?, resolved_at = ?, "
                + "note = coalesce(note || ' | ', '') || 'resolved: v' || model_version || ' left production, labels now judge v' || ? "
                + "WHERE model_name = ? AND rule = ? AND state <> ? AND model_version IS DISTINCT FROM ? AND fired_at <= ?")) {
            ps.setString(1, AlertState.RESOLVED.stored());
            Timestamps.bind(ps, 2, at);
            ps.setInt(3, current);
            ps.setString(4, modelName);
            ps.setString(5, rule.rule());
            ps.setString(6, AlertState.RESOLVED.stored());
            ps.setInt(7, current);
            Timestamps.bind(ps, 8, at);
            return ps.executeUpdate();
        }
    }

    /** The detector stayed quiet for its quiet labels: its open alert resolves. */
    int resolve(Connection conn, String metric, Instant at) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET state = ?, resolved_at = ? "
                + "WHERE model_name = ? AND rule = ? AND metric = ? AND state <> ? AND fired_at <= ?")) {
            ps.setString(1, AlertState.RESOLVED.stored());
            Timestamps.bind(ps, 2, at);
            ps.setString(3, modelName);
            ps.setString(4, rule.rule());
            ps.setString(5, metric);
            ps.setString(6, AlertState.RESOLVED.stored());
            Timestamps.bind(ps, 7, at);
            return ps.executeUpdate();
        }
    }

    /** "ADWIN: v1's error rate rose from 8.9 % to 31.0 % on predictions since 2019-07-18T17:10:02Z (…)". */
    private static String note(String metric, Change change, Instant since, int version) {
        if (Double.isNaN(change.before())) {
            return metric + ": v" + version + "'s error rate rose (too few labels to say since when)";
        }
        return metric + ": v" + version + "'s error rate rose from " + percent(change.before()) + " to " + percent(change.after())
                + " on predictions since " + since + " (estimated change point; " + change.labelsSince() + " labels since)";
    }

    private static String percent(double rate) {
        return Math.round(rate * 1000) / 10.0 + " %";
    }
}
