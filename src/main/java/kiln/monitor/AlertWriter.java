package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import kiln.domain.AlertState;
import kiln.drift.AlertHysteresis;
import kiln.store.Timestamps;

/**
 * Evaluates a windowed alert rule by replaying its windows through {@link AlertHysteresis} and
 * reconciling the episodes with the alert table: an episode is identified by (model, rule, feature,
 * window_start of its first breaching window). Replaying is deterministic (every transition is
 * stamped with the window's evidence time, e.g. when its labels arrived), so an incremental update
 * and a full recompute write the same rows. A person's acknowledgement is kept; rows are never deleted.
 */
final class AlertWriter {

    /**
     * One window's value for a rule; {@code evidenceAt} is when the monitor could first know it;
     * {@code breachValue} what its breach is judged on (the value itself, or e.g. a confidence bound);
     * {@code note} (optional) says in words what the window showed.
     */
    record Observation(Instant windowStart, Instant windowEnd, Instant evidenceAt, double value, Integer modelVersion,
            double breachValue, String note) {

        Observation(Instant windowStart, Instant windowEnd, Instant evidenceAt, double value, Integer modelVersion) {
            this(windowStart, windowEnd, evidenceAt, value, modelVersion, value, null);
        }

        Observation(Instant windowStart, Instant windowEnd, Instant evidenceAt, double value, Integer modelVersion, String note) {
            this(windowStart, windowEnd, evidenceAt, value, modelVersion, value, note);
        }

        Observation(Instant windowStart, Instant windowEnd, Instant evidenceAt, double value, Integer modelVersion, double breachValue) {
            this(windowStart, windowEnd, evidenceAt, value, modelVersion, breachValue, null);
        }
    }

    /** An episode of the replay; {@code note} is the newest note of its breaching windows (null: the rule's description). */
    private record Episode(Instant windowStart, Instant windowEnd, AlertHysteresis.Episode state, Integer modelVersion, String note) {
    }

    record Row(long id, AlertState state, Instant firedAt, Instant silencedUntil) {
    }

    private AlertWriter() {}

    /** Replays the observations (oldest first) and writes the episodes; returns how many rows changed. */
    static int evaluate(Connection conn, String model, AlertRule rule, String feature, AlertHysteresis.Rule hysteresis,
            List<Observation> observations) throws SQLException {
        return evaluate(conn, model, rule, feature, hysteresis, observations, existing(conn, model, rule.rule(), feature));
    }

    /**
     * The rule's alert rows per feature, for a caller about to evaluate it on many features: one query
     * instead of one per feature (a pulse evaluated a dozen features per rule).
     */
    static Map<String, Map<Instant, Row>> existingByFeature(Connection conn, String model, String rule) throws SQLException {
        Map<String, Map<Instant, Row>> rows = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT alert_id, window_start, state, fired_at, silenced_until, feature "
                + "FROM alert WHERE model_name = ? AND rule = ?")) {
            ps.setString(1, model);
            ps.setString(2, rule);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.computeIfAbsent(rs.getString(6), f -> new HashMap<>()).put(Timestamps.read(rs, 2),
                            new Row(rs.getLong(1), AlertState.fromStored(rs.getString(3)), Timestamps.read(rs, 4), Timestamps.read(rs, 5)));
                }
            }
        }
        return rows;
    }

    /** As {@link #evaluate(Connection, String, AlertRule, String, AlertHysteresis.Rule, List)}, with the feature's rows read already. */
    static int evaluate(Connection conn, String model, AlertRule rule, String feature, AlertHysteresis.Rule hysteresis,
            List<Observation> observations, Map<Instant, Row> existing) throws SQLException {
        AlertHysteresis machine = new AlertHysteresis(hysteresis);
        existing.values().stream().map(Row::silencedUntil).filter(Objects::nonNull).max(Instant::compareTo)
                .ifPresent(machine::silenceUntil);
        List<Episode> episodes = new ArrayList<>();
        Episode open = null;
        for (Observation o : observations) {
            List<AlertHysteresis.Transition> transitions = machine.observe(o.evidenceAt(), o.value(), o.breachValue());
            for (AlertHysteresis.Transition t : transitions) {
                if (t.from() == null) {
                    open = new Episode(o.windowStart(), o.windowEnd(), t.episode(), o.modelVersion(), o.note());
                    episodes.add(open);
                }
            }
            if (open != null) {
                String note = o.note() != null && hysteresis.breaches(o.value()) ? o.note() : open.note();
                Episode updated = new Episode(open.windowStart(), o.windowEnd(), machine.episode().orElseThrow(), open.modelVersion(),
                        note);
                episodes.set(episodes.size() - 1, updated);
                open = updated.state().state() == AlertState.RESOLVED ? null : updated;
            }
        }
        int changed = 0;
        Map<Instant, Episode> replayed = new HashMap<>();
        for (Episode e : episodes) {
            replayed.put(e.windowStart(), e);
            Row row = existing.get(e.windowStart());
            changed += row == null ? insert(conn, model, rule, feature, hysteresis, e) : update(conn, row, e);
        }
        for (Map.Entry<Instant, Row> entry : existing.entrySet()) {
            Row row = entry.getValue();
            if (!replayed.containsKey(entry.getKey()) && AlertState.RESOLVED != row.state()) {
                changed += resolveStale(conn, row, observations.isEmpty() ? null
                        : observations.get(observations.size() - 1).evidenceAt());
            }
        }
        return changed;
    }

    private static Map<Instant, Row> existing(Connection conn, String model, String rule, String feature) throws SQLException {
        Map<Instant, Row> rows = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT alert_id, window_start, state, fired_at, silenced_until "
                + "FROM alert WHERE model_name = ? AND rule = ? AND feature IS NOT DISTINCT FROM ?")) {
            ps.setString(1, model);
            ps.setString(2, rule);
            ps.setString(3, feature);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(Timestamps.read(rs, 2), new Row(rs.getLong(1), AlertState.fromStored(rs.getString(3)), Timestamps.read(rs, 4),
                            Timestamps.read(rs, 5)));
                }
            }
        }
        return rows;
    }

    private static int insert(Connection conn, String model, AlertRule rule, String feature, AlertHysteresis.Rule h,
            Episode e) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO alert (model_name, rule, kind, severity, state, "
                + "window_start, window_end, metric, value, threshold, fired_at, resolved_at, model_version, feature, note) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, model);
            ps.setString(2, rule.rule());
            ps.setString(3, rule.kind().stored());
            ps.setString(4, rule.severity().stored());
            ps.setString(5, e.state().state().stored());
            Timestamps.bind(ps, 6, e.windowStart());
            Timestamps.bind(ps, 7, e.windowEnd());
            ps.setString(8, rule.metric());
            ps.setDouble(9, e.state().worstValue());
            ps.setDouble(10, h.fireThreshold());
            Timestamps.bind(ps, 11, e.state().firedAt());
            Timestamps.bind(ps, 12, e.state().resolvedAt());
            ps.setObject(13, e.modelVersion());
            ps.setString(14, feature);
            ps.setString(15, e.note() != null ? e.note() : rule.description());
            return ps.executeUpdate();
        }
    }

    private static int update(Connection conn, Row row, Episode e) throws SQLException {
        if (AlertState.RESOLVED == row.state()) {
            return 0;
        }
        AlertState state = e.state().state();
        if (AlertState.ACKNOWLEDGED == row.state() && AlertState.RESOLVED != state) {
            state = AlertState.ACKNOWLEDGED;
        }
        Instant firedAt = row.firedAt() != null ? row.firedAt() : e.state().firedAt();
        int changed = 0;
        if (e.note() != null) {
            // The story may sharpen as evidence grows (values beyond the range, then a named unit change);
            // a note someone added to (an acknowledgement, a silence) is theirs and stays.
            try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET note = ? WHERE alert_id = ? "
                    + "AND note IS DISTINCT FROM ? AND position(' | ' IN coalesce(note, '')) = 0")) {
                ps.setString(1, e.note());
                ps.setLong(2, row.id());
                ps.setString(3, e.note());
                changed += ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET state = ?, window_end = ?, value = ?, "
                + "fired_at = ?, resolved_at = ? WHERE alert_id = ? AND (state <> ? OR window_end IS DISTINCT FROM ? "
                + "OR value IS DISTINCT FROM ? OR fired_at IS DISTINCT FROM ? OR resolved_at IS DISTINCT FROM ?)")) {
            ps.setString(1, state.stored());
            Timestamps.bind(ps, 2, e.windowEnd());
            ps.setDouble(3, e.state().worstValue());
            Timestamps.bind(ps, 4, firedAt);
            Timestamps.bind(ps, 5, e.state().resolvedAt());
            ps.setLong(6, row.id());
            ps.setString(7, state.stored());
            Timestamps.bind(ps, 8, e.windowEnd());
            ps.setDouble(9, e.state().worstValue());
            Timestamps.bind(ps, 10, firedAt);
            Timestamps.bind(ps, 11, e.state().resolvedAt());
            return changed + ps.executeUpdate();
        }
    }

    /** An open row the data no longer supports (its windows were recomputed): resolved with a note. */
    private static int resolveStale(Connection conn, Row row, Instant at) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET state = ?, resolved_at = ?, "
                + "note = coalesce(note || ' ', '') || '(resolved: the recomputed windows no longer breach)' WHERE alert_id = ?")) {
            ps.setString(1, AlertState.RESOLVED.stored());
            Timestamps.bind(ps, 2, at);
            ps.setLong(3, row.id());
            return ps.executeUpdate();
        }
    }
}
