package kiln.monitor.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import kiln.domain.AlertSeverity;
import kiln.domain.AlertState;
import kiln.store.Timestamps;

/**
 * Groups per-group alerts into incidents: the alerts of one rule whose windows start in the same hour
 * (so, for day windows, on the same day) are one incident, shown once ("40 sensors below band since
 * 07-18 00:00 — worst: sensor 17 (0.610)") and expanded to its members. An incident is as severe as its worst
 * member, acknowledged when every open member is, and resolved when every member is. Acknowledging an
 * incident acknowledges all its firing members at once; a group that breaches later in the same rule and
 * hour joins it acknowledged, by the same person, so an acknowledged storm stays quiet (decision 0013).
 */
public final class Incidents {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT);
    /** What members of each rule did, for the summary. */
    private static final Map<String, String> DID = Map.of(
            FleetKpiRules.BELOW_BAND.name(), "below band",
            FleetKpiRules.DROP_RULE.name(), "dropped 15+ points below their own baseline",
            FleetQualityRules.DEAD.name(), "stopped reporting",
            FleetQualityRules.UNIT.name(), "changed units");

    private Incidents() {}

    /** Files new per-group alerts of {@code model} into incidents and refreshes every incident of the model; returns rows changed. */
    static int update(Connection conn, String model, String groupColumn) throws SQLException {
        int changed = 0;
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO incident (model_name, rule, kind, severity, state, opened_at, "
                + "window_start, members, summary) SELECT model_name, rule, any_value(kind), ?, ?, "
                + "date_trunc('hour', min(fired_at)), date_trunc('hour', window_start) h, 0, '' FROM alert a WHERE model_name = ? "
                + "AND group_key IS NOT NULL AND incident_id IS NULL AND NOT EXISTS (SELECT 1 FROM incident i WHERE i.model_name = a.model_name "
                + "AND i.rule = a.rule AND i.window_start = date_trunc('hour', a.window_start)) GROUP BY model_name, rule, h")) {
            ps.setString(1, AlertSeverity.WARNING.stored());
            ps.setString(2, AlertState.FIRING.stored());
            ps.setString(3, model);
            changed += ps.executeUpdate();
        }
        changed += joinAcknowledged(conn, model);
        try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET incident_id = i.incident_id FROM incident i WHERE "
                + "alert.model_name = ? AND alert.group_key IS NOT NULL AND alert.incident_id IS NULL AND i.model_name = alert.model_name "
                + "AND i.rule = alert.rule AND i.window_start = date_trunc('hour', alert.window_start)")) {
            ps.setString(1, model);
            changed += ps.executeUpdate();
        }
        String noun = FleetReads.groupNoun(groupColumn);
        try (PreparedStatement ps = conn.prepareStatement("SELECT i.incident_id, i.rule, i.severity, i.state, i.opened_at, i.members, "
                + "i.worst_group, i.worst_value, i.summary, i.resolved_at, count(DISTINCT a.group_key), "
                + "max(CASE a.severity WHEN ? THEN 3 WHEN ? THEN 2 ELSE 1 END), bool_and(a.state = ?), "
                + "bool_and(a.state IN (?, ?)), date_trunc('hour', min(a.fired_at)), max(a.resolved_at), "
                + "arg_min(a.group_key, a.value), min(a.value), arg_max(a.group_key, a.value), max(a.value), i.window_start "
                + "FROM incident i JOIN alert a ON a.incident_id = i.incident_id WHERE i.model_name = ? GROUP BY ALL")) {
            ps.setString(1, AlertSeverity.CRITICAL.stored());
            ps.setString(2, AlertSeverity.WARNING.stored());
            ps.setString(3, AlertState.RESOLVED.stored());
            ps.setString(4, AlertState.RESOLVED.stored());
            ps.setString(5, AlertState.ACKNOWLEDGED.stored());
            ps.setString(6, model);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String rule = rs.getString(2);
                    boolean lowerIsWorse = !FleetQualityRules.UNIT.name().equals(rule);
                    int members = rs.getInt(11);
                    AlertSeverity severity = switch (rs.getInt(12)) {
                        case 3 -> AlertSeverity.CRITICAL;
                        case 2 -> AlertSeverity.WARNING;
                        default -> AlertSeverity.INFO;
                    };
                    AlertState state = rs.getBoolean(13) ? AlertState.RESOLVED : rs.getBoolean(14) ? AlertState.ACKNOWLEDGED : AlertState.FIRING;
                    Instant opened = Timestamps.read(rs, 15);
                    Instant resolvedAt = state == AlertState.RESOLVED ? Timestamps.read(rs, 16) : null;
                    String worstGroup = rs.getString(lowerIsWorse ? 17 : 19);
                    double worstValue = rs.getDouble(lowerIsWorse ? 18 : 20);
                    String summary = String.format(Locale.ROOT, "%d %s %s since %s — worst: %s %s (%.3g)", members,
                            members == 1 ? singular(noun) : noun, DID.getOrDefault(rule, rule), WHEN.format(LocalDateTime.ofInstant(
                                    Timestamps.read(rs, 21), ZoneOffset.UTC)), singular(noun), worstGroup, worstValue);
                    boolean same = severity.stored().equals(rs.getString(3)) && state.stored().equals(rs.getString(4)) && Objects.equals(opened,
                            Timestamps.read(rs, 5))
                            && members == rs.getInt(6) && Objects.equals(worstGroup, rs.getString(7)) && Objects.equals(worstValue, rs.getObject(8))
                            && summary.equals(rs.getString(9)) && Objects.equals(resolvedAt, Timestamps.read(rs, 10));
                    if (!same) {
                        changed += write(conn, rs.getLong(1), severity, state, opened, members, worstGroup, worstValue, summary, resolvedAt);
                    }
                }
            }
        }
        return changed;
    }

    /**
     * New firing alerts about to join an acknowledged incident (same rule and hour) are acknowledged on
     * joining, by whoever acknowledged the incident and when; their note says so (after " | ", so that
     * the monitor's later notes do not replace it).
     */
    private static int joinAcknowledged(Connection conn, String model) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET state = ?, acknowledged_at = k.ack_at, "
                + "acknowledged_by = k.ack_by, note = coalesce(alert.note || ' | ', '') || 'joined incident #' || k.incident_id "
                + "|| ' after ' || k.ack_by || ' acknowledged it' FROM (SELECT i.incident_id, i.rule, i.window_start, "
                + "max(a.acknowledged_at) ack_at, arg_max(a.acknowledged_by, a.acknowledged_at) ack_by FROM incident i JOIN alert a "
                + "ON a.incident_id = i.incident_id WHERE i.model_name = ? AND i.state = ? AND a.acknowledged_at IS NOT NULL "
                + "GROUP BY ALL) k WHERE alert.model_name = ? AND alert.group_key IS NOT NULL AND alert.incident_id IS NULL "
                + "AND alert.state = ? AND alert.rule = k.rule AND date_trunc('hour', alert.window_start) = k.window_start")) {
            ps.setString(1, AlertState.ACKNOWLEDGED.stored());
            ps.setString(2, model);
            ps.setString(3, AlertState.ACKNOWLEDGED.stored());
            ps.setString(4, model);
            ps.setString(5, AlertState.FIRING.stored());
            return ps.executeUpdate();
        }
    }

    /**
     * Acknowledges incident {@code incidentId} as a whole: each firing member as a single acknowledgement
     * would (who, when, the note appended), then the incident. Runs in the caller's write transaction.
     *
     * @return the members acknowledged
     * @throws IllegalArgumentException when there is no such incident
     * @throws IllegalStateException when none of its members is firing
     */
    /**
     * Silences every open member of an incident until a time (a storm is silenced as one thing, as it is
     * acknowledged), with who and until when in each member's note; returns the members silenced.
     *
     * @throws IllegalArgumentException when there is no such incident
     * @throws IllegalStateException when every member is resolved
     */
    public static int silence(Connection conn, long incidentId, Instant until, String by) throws SQLException {
        requireIncident(conn, incidentId);
        try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET silenced_until = ?, note = coalesce(note || ' | ', '') || ? "
                + "WHERE incident_id = ? AND state <> ?")) {
            Timestamps.bind(ps, 1, until);
            ps.setString(2, "silenced with incident #" + incidentId + " until " + until + " by " + by);
            ps.setLong(3, incidentId);
            ps.setString(4, AlertState.RESOLVED.stored());
            int members = ps.executeUpdate();
            if (members == 0) {
                throw new IllegalStateException("Incident " + incidentId + " has no open member (every one is resolved).");
            }
            return members;
        }
    }

    private static void requireIncident(Connection conn, long incidentId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM incident WHERE incident_id = ?")) {
            ps.setLong(1, incidentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    throw new IllegalArgumentException("There is no incident " + incidentId + " (see 'kiln alerts incidents').");
                }
            }
        }
    }

    public static int acknowledge(Connection conn, long incidentId, String note, String by, Instant at) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM incident WHERE incident_id = ?")) {
            ps.setLong(1, incidentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    throw new IllegalArgumentException("There is no incident " + incidentId + " (see 'kiln alerts').");
                }
            }
        }
        int members;
        try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET state = ?, acknowledged_at = ?, "
                + "acknowledged_by = ?, note = CASE WHEN ? IS NULL THEN note ELSE coalesce(note || ' | ', '') || ? END "
                + "WHERE incident_id = ? AND state = ?")) {
            ps.setString(1, AlertState.ACKNOWLEDGED.stored());
            Timestamps.bind(ps, 2, at);
            ps.setString(3, by);
            ps.setString(4, note);
            ps.setString(5, note);
            ps.setLong(6, incidentId);
            ps.setString(7, AlertState.FIRING.stored());
            members = ps.executeUpdate();
        }
        if (members == 0) {
            throw new IllegalStateException("Incident " + incidentId + " has no firing member (only firing alerts can be acknowledged).");
        }
        try (PreparedStatement ps = conn.prepareStatement("UPDATE incident SET state = ? WHERE incident_id = ? AND state <> ?")) {
            ps.setString(1, AlertState.ACKNOWLEDGED.stored());
            ps.setLong(2, incidentId);
            ps.setString(3, AlertState.RESOLVED.stored());
            ps.executeUpdate();
        }
        return members;
    }

    private static int write(Connection conn, long id, AlertSeverity severity, AlertState state, Instant opened, int members, String worstGroup,
            double worstValue, String summary, Instant resolvedAt) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE incident SET severity = ?, state = ?, opened_at = ?, members = ?, "
                + "worst_group = ?, worst_value = ?, summary = ?, resolved_at = ? WHERE incident_id = ?")) {
            ps.setString(1, severity.stored());
            ps.setString(2, state.stored());
            Timestamps.bind(ps, 3, opened);
            ps.setInt(4, members);
            ps.setString(5, worstGroup);
            ps.setDouble(6, worstValue);
            ps.setString(7, summary);
            Timestamps.bind(ps, 8, resolvedAt);
            ps.setLong(9, id);
            return ps.executeUpdate();
        }
    }

    private static String singular(String noun) {
        return noun.endsWith("s") ? noun.substring(0, noun.length() - 1) : noun;
    }
}
