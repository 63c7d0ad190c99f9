package kiln.monitor.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import kiln.domain.Alert;
import kiln.domain.AlertIncident;
import kiln.domain.AlertKind;
import kiln.domain.AlertSeverity;
import kiln.domain.AlertState;
import kiln.domain.DatasetSpec;
import kiln.store.Timestamps;

/** Reads of the fleet tables for the CLI and screens: each group's state, incidents and their members. */
public final class FleetReads {

    /**
     * One group's state: its readings, labelled predictions, the newest labelled day window's accuracy and
     * the group's rolling baseline there, the production member serving it and its open alerts.
     */
    public record GroupStatus(String group, long rows, long labelled, Instant latestWindow, Double latestAccuracy,
            Double baselineAccuracy, String productionMember, int openAlerts) {
    }

    /** A row of table incident. */
    public record Incident(long incidentId, String modelName, String rule, AlertKind kind, AlertSeverity severity, AlertState state, Instant openedAt,
            Instant windowStart, int members, String worstGroup, Double worstValue, String summary, Instant resolvedAt) {
    }

    /** One member alert of an incident. */
    public record Member(long alertId, String group, String feature, AlertState state, Instant windowStart, Instant windowEnd, Double value,
            Instant firedAt, Instant resolvedAt, String note) {
    }

    private FleetReads() {}

    /** "sensor_id" → "sensors", "line" → "lines": what the summaries call the groups. */
    public static String groupNoun(String groupColumn) {
        String n = groupColumn == null ? "group" : groupColumn.toLowerCase(Locale.ROOT).replaceAll("(_?id|_?key|_?no|_?nr)$", "")
                .replace('_', ' ').trim();
        if (n.isEmpty()) {
            n = "group";
        }
        return n.endsWith("s") ? n : n + "s";
    }

    /** Every group of the data set, worst first (lowest latest accuracy; groups without labelled windows last). */
    public static List<GroupStatus> groups(Connection conn, DatasetSpec spec, String model) throws SQLException {
        if (!spec.hasGroups()) {
            return List.of();
        }
        Map<String, String> members = productionMembers(conn, model);
        FleetSources src = new FleetSources(spec, false);
        List<GroupStatus> groups = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("WITH r AS (SELECT group_key, count(*) n FROM " + src.readings() + " x GROUP BY 1), "
                + "k AS (SELECT group_key, sum(labelled) labelled, arg_max(window_start, window_start) FILTER (WHERE labelled > 0) latest, "
                + "arg_max(accuracy, window_start) FILTER (WHERE labelled > 0) acc, arg_max(baseline_accuracy, window_start) FILTER "
                + "(WHERE labelled > 0) base FROM fleet_kpi WHERE model_name = ? AND granularity = 'day' GROUP BY 1), "
                + "a AS (SELECT group_key, count(*) open FROM alert WHERE model_name = ? AND group_key IS NOT NULL AND state <> ? GROUP BY 1) "
                + "SELECT r.group_key, r.n, coalesce(k.labelled, 0), k.latest, k.acc, k.base, coalesce(a.open, 0) FROM r "
                + "LEFT JOIN k USING (group_key) LEFT JOIN a USING (group_key) ORDER BY k.acc ASC NULLS LAST, a.open DESC NULLS LAST, r.group_key")) {
            ps.setString(1, model);
            ps.setString(2, model);
            ps.setString(3, AlertState.RESOLVED.stored());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String g = rs.getString(1);
                    String member = members.containsKey(g) ? members.get(g) : members.containsKey("pooled") ? members.get("pooled")
                            : members.get(null);
                    groups.add(new GroupStatus(g, rs.getLong(2), rs.getLong(3), Timestamps.read(rs, 4), (Double) rs.getObject(5),
                            (Double) rs.getObject(6), member, rs.getInt(7)));
                }
            }
        }
        return groups;
    }

    /** Production versions by scope ("v12 (17)", "v3 (pooled)"; a plain model's under the null scope: "v2"). */
    private static Map<String, String> productionMembers(Connection conn, String model) throws SQLException {
        Map<String, String> members = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT scope, max(version) FROM model_version WHERE model_name = ? "
                + "AND alias = 'production' GROUP BY scope")) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String scope = rs.getString(1);
                    members.put(scope, "v" + rs.getInt(2) + (scope == null ? "" : " (" + scope + ")"));
                }
            }
        }
        return members;
    }

    /** Incidents of a model (every model when null), newest first. */
    public static List<Incident> incidents(Connection conn, String model, boolean openOnly) throws SQLException {
        List<Incident> incidents = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT incident_id, model_name, rule, kind, severity, state, opened_at, "
                + "window_start, members, worst_group, worst_value, summary, resolved_at FROM incident WHERE (? IS NULL OR model_name = ?) "
                + "AND (? OR state <> ?) ORDER BY opened_at DESC, incident_id DESC")) {
            ps.setString(1, model);
            ps.setString(2, model);
            ps.setBoolean(3, !openOnly);
            ps.setString(4, AlertState.RESOLVED.stored());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    incidents.add(new Incident(rs.getLong(1), rs.getString(2), rs.getString(3), AlertKind.fromStored(rs.getString(4)),
                            AlertSeverity.fromStored(rs.getString(5)), AlertState.fromStored(rs.getString(6)), Timestamps.read(rs, 7), Timestamps
                                    .read(rs, 8), rs.getInt(9), rs.getString(10),
                            (Double) rs.getObject(11), rs.getString(12), Timestamps.read(rs, 13)));
                }
            }
        }
        return incidents;
    }

    /** An incident's member alerts, worst (lowest value) first. */
    public static List<Member> members(Connection conn, long incidentId) throws SQLException {
        List<Member> members = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT alert_id, group_key, feature, state, window_start, window_end, value, "
                + "fired_at, resolved_at, note FROM alert WHERE incident_id = ? ORDER BY value, group_key, alert_id")) {
            ps.setLong(1, incidentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.add(new Member(rs.getLong(1), rs.getString(2), rs.getString(3), AlertState.fromStored(rs.getString(4)), Timestamps.read(
                            rs, 5),
                            Timestamps.read(rs, 6), (Double) rs.getObject(7), Timestamps.read(rs, 8), Timestamps.read(rs, 9), rs.getString(10)));
                }
            }
        }
        return members;
    }

    /**
     * Incidents of a model (every model when null), newest first, for the screens: the state is read off
     * the members as they are now (so a member acknowledged on its own counts before the next monitor
     * update), with who acknowledged the newest acknowledged member and when.
     */
    public static List<AlertIncident> alertIncidents(Connection conn, String model, boolean openOnly) throws SQLException {
        List<AlertIncident> incidents = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM (SELECT i.incident_id, i.model_name, i.rule, i.kind, "
                + "i.severity, bool_and(a.state = ?) all_resolved, bool_and(a.state IN (?, ?)) all_handled, i.opened_at, i.window_start, "
                + "i.members, i.worst_group, i.worst_value, i.summary, i.resolved_at, max(a.acknowledged_at), "
                + "arg_max(a.acknowledged_by, a.acknowledged_at) FROM incident i JOIN alert a ON a.incident_id = i.incident_id "
                + "WHERE (? IS NULL OR i.model_name = ?) GROUP BY ALL) WHERE ? OR NOT all_resolved ORDER BY opened_at DESC, incident_id DESC")) {
            ps.setString(1, AlertState.RESOLVED.stored());
            ps.setString(2, AlertState.RESOLVED.stored());
            ps.setString(3, AlertState.ACKNOWLEDGED.stored());
            ps.setString(4, model);
            ps.setString(5, model);
            ps.setBoolean(6, !openOnly);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AlertState state = rs.getBoolean(6) ? AlertState.RESOLVED : rs.getBoolean(7) ? AlertState.ACKNOWLEDGED : AlertState.FIRING;
                    incidents.add(new AlertIncident(rs.getLong(1), rs.getString(2), rs.getString(3), AlertKind.fromStored(rs.getString(4)),
                            AlertSeverity.fromStored(rs.getString(5)), state, Timestamps.read(rs, 8), Timestamps.read(rs, 9), rs.getInt(10),
                            rs.getString(11), (Double) rs.getObject(12), rs.getString(13), Timestamps.read(rs, 14), Timestamps.read(rs, 15),
                            rs.getString(16)));
                }
            }
        }
        return incidents;
    }

    /** An incident's member alerts with their groups, worst first (lowest value; highest for a unit change). */
    public static List<AlertIncident.Member> memberAlerts(Connection conn, long incidentId) throws SQLException {
        List<AlertIncident.Member> members = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT group_key, alert_id, model_name, rule, kind, severity, state, "
                + "window_start, window_end, metric, value, threshold, fired_at, acknowledged_at, acknowledged_by, resolved_at, "
                + "silenced_until, model_version, feature, note FROM alert WHERE incident_id = ? "
                + "ORDER BY CASE WHEN rule = ? THEN -value ELSE value END, group_key, alert_id")) {
            ps.setLong(1, incidentId);
            ps.setString(2, FleetQualityRules.UNIT.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.add(new AlertIncident.Member(rs.getString(1), new Alert(rs.getLong(2), rs.getString(3), rs.getString(4),
                            AlertKind.fromStored(rs.getString(5)), AlertSeverity.fromStored(rs.getString(6)),
                            AlertState.fromStored(rs.getString(7)), Timestamps.read(rs, 8), Timestamps.read(rs, 9),
                            rs.getString(10), (Double) rs.getObject(11), (Double) rs.getObject(12), Timestamps.read(rs, 13),
                            Timestamps.read(rs, 14), rs.getString(15), Timestamps.read(rs, 16), Timestamps.read(rs, 17),
                            (Integer) rs.getObject(18), rs.getString(19), rs.getString(20))));
                }
            }
        }
        return members;
    }

    /**
     * Per alert that is an incident's member: the incident's summary when the alert is its lead (its
     * first member, which stays its first), else null. Alerts of no incident are not in the map.
     */
    public static Map<Long, String> incidentLeads(Connection conn) throws SQLException {
        Map<Long, String> leads = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT a.alert_id, CASE WHEN a.alert_id = min(a.alert_id) OVER "
                + "(PARTITION BY a.incident_id) THEN i.summary END FROM alert a JOIN incident i ON i.incident_id = a.incident_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                leads.put(rs.getLong(1), rs.getString(2));
            }
        }
        return leads;
    }
}
