package kiln.monitor.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import kiln.domain.AlertKind;
import kiln.domain.AlertSeverity;
import kiln.domain.AlertState;
import kiln.store.Timestamps;

/**
 * Turns a per-group rule's judged windows into alert rows: an episode starts at a breaching window,
 * goes on while windows breach or are undecided, and resolves at the first window that clears, stamped
 * with that window's evidence time. The windows are replayed from the start each time and the episodes
 * reconciled with the stored rows by (rule, group, feature, first window), like the model's rules: an
 * incremental update and a full recompute write the same rows; a person's acknowledgement is kept;
 * rows are never deleted.
 */
final class FleetAlerts {

    /** A rule's verdict on one group's window (breach and clear both false: undecided, e.g. too few labels). */
    record Judged(String group, String feature, Instant windowStart, Instant windowEnd, Instant evidenceAt, double value,
            double threshold, boolean breach, boolean clear, Integer modelVersion, String note) {
    }

    /** A rule as the fleet monitor writes it. */
    record Rule(String name, AlertKind kind, String metric, AlertSeverity severity, boolean lowerIsWorse) {
    }

    private record Episode(Judged first, Instant windowEnd, double worst, Instant resolvedAt, String note) {
    }

    private record Row(long id, AlertState state, Instant windowEnd, Double value, Instant resolvedAt, String note) {
    }

    private FleetAlerts() {}

    /** Replays the windows (grouped by group and feature, oldest first within each) and writes the episodes; returns rows changed. */
    static int write(Connection conn, String model, Rule rule, List<Judged> windows) throws SQLException {
        Map<String, Row> existing = existing(conn, model, rule.name());
        List<Episode> episodes = new ArrayList<>();
        Map<String, Episode> open = new HashMap<>();
        for (Judged j : windows) {
            String key = j.group() + "\u0000" + j.feature();
            Episode e = open.get(key);
            if (e == null) {
                if (j.breach()) {
                    open.put(key, new Episode(j, j.windowEnd(), j.value(), null, j.note()));
                }
                continue;
            }
            if (j.clear()) {
                episodes.add(new Episode(e.first(), e.windowEnd(), e.worst(), j.evidenceAt(), e.note()));
                open.remove(key);
            } else if (j.breach()) {
                double worst = rule.lowerIsWorse() ? Math.min(e.worst(), j.value()) : Math.max(e.worst(), j.value());
                open.put(key, new Episode(e.first(), j.windowEnd(), worst, null, j.note() != null ? j.note() : e.note()));
            }
        }
        episodes.addAll(open.values());
        int changed = 0;
        Set<String> replayed = new HashSet<>();
        for (Episode e : episodes) {
            String key = key(e.first().group(), e.first().feature(), e.first().windowStart());
            replayed.add(key);
            Row row = existing.get(key);
            changed += row == null ? insert(conn, model, rule, e) : update(conn, row, e);
        }
        Instant last = windows.stream().map(Judged::evidenceAt).max(Instant::compareTo).orElse(null);
        for (Map.Entry<String, Row> entry : existing.entrySet()) {
            if (!replayed.contains(entry.getKey()) && entry.getValue().resolvedAt() == null) {
                try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET state = ?, resolved_at = ?, note = "
                        + "coalesce(note || ' ', '') || '(resolved: the recomputed windows no longer breach)' WHERE alert_id = ?")) {
                    ps.setString(1, AlertState.RESOLVED.stored());
                    Timestamps.bind(ps, 2, last);
                    ps.setLong(3, entry.getValue().id());
                    changed += ps.executeUpdate();
                }
            }
        }
        return changed;
    }

    private static String key(String group, String feature, Instant windowStart) {
        return group + "\u0000" + feature + "\u0000" + windowStart;
    }

    private static Map<String, Row> existing(Connection conn, String model, String rule) throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT alert_id, group_key, feature, window_start, state, window_end, value, "
                + "resolved_at, note FROM alert WHERE model_name = ? AND rule = ? AND group_key IS NOT NULL")) {
            ps.setString(1, model);
            ps.setString(2, rule);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(key(rs.getString(2), rs.getString(3), Timestamps.read(rs, 4)), new Row(rs.getLong(1), AlertState.fromStored(rs.getString(
                            5)),
                            Timestamps.read(rs, 6), (Double) rs.getObject(7), Timestamps.read(rs, 8), rs.getString(9)));
                }
            }
        }
        return rows;
    }

    private static int insert(Connection conn, String model, Rule rule, Episode e) throws SQLException {
        Judged first = e.first();
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO alert (model_name, rule, kind, severity, state, window_start, "
                + "window_end, metric, value, threshold, fired_at, resolved_at, model_version, feature, note, group_key) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, model);
            ps.setString(2, rule.name());
            ps.setString(3, rule.kind().stored());
            ps.setString(4, rule.severity().stored());
            ps.setString(5, (e.resolvedAt() == null ? AlertState.FIRING : AlertState.RESOLVED).stored());
            Timestamps.bind(ps, 6, first.windowStart());
            Timestamps.bind(ps, 7, e.windowEnd());
            ps.setString(8, rule.metric());
            ps.setDouble(9, e.worst());
            ps.setDouble(10, first.threshold());
            Timestamps.bind(ps, 11, first.evidenceAt());
            Timestamps.bind(ps, 12, e.resolvedAt());
            ps.setObject(13, first.modelVersion());
            ps.setString(14, first.feature());
            ps.setString(15, e.note());
            ps.setString(16, first.group());
            return ps.executeUpdate();
        }
    }

    private static int update(Connection conn, Row row, Episode e) throws SQLException {
        if (row.resolvedAt() != null) {
            return 0; // a resolved episode stays as it was written
        }
        AlertState state = e.resolvedAt() != null ? AlertState.RESOLVED
                : row.state() == AlertState.ACKNOWLEDGED ? AlertState.ACKNOWLEDGED : AlertState.FIRING;
        // A note someone added to (an acknowledgement, a silence) is theirs and stays.
        String note = row.note() != null && row.note().contains(" | ") ? row.note() : e.note();
        if (state == row.state() && Objects.equals(row.windowEnd(), e.windowEnd()) && Objects.equals(row.value(), e.worst())
                && Objects.equals(note, row.note())) {
            return 0;
        }
        try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET state = ?, window_end = ?, value = ?, resolved_at = ?, "
                + "note = ? WHERE alert_id = ?")) {
            ps.setString(1, state.stored());
            Timestamps.bind(ps, 2, e.windowEnd());
            ps.setDouble(3, e.worst());
            Timestamps.bind(ps, 4, e.resolvedAt());
            ps.setString(5, note);
            ps.setLong(6, row.id());
            return ps.executeUpdate();
        }
    }
}
