package kiln.store.fleet;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kiln.domain.AlertKind;
import kiln.domain.AlertSeverity;
import kiln.domain.AlertState;
import kiln.domain.ProgressSink;
import kiln.domain.fleet.FleetResults.Band;
import kiln.domain.fleet.FleetResults.FleetGroup;
import kiln.domain.fleet.FleetResults.FleetHeatmap;
import kiln.domain.fleet.FleetResults.FleetIncident;
import kiln.domain.fleet.FleetResults.FleetModel;
import kiln.domain.fleet.FleetResults.GroupAlert;
import kiln.domain.fleet.FleetResults.GroupDetail;
import kiln.domain.fleet.FleetResults.GroupFeatures;
import kiln.domain.fleet.FleetResults.GroupWindow;
import kiln.domain.fleet.FleetResults.IncidentMember;
import kiln.domain.fleet.FleetResults.MemberEvent;
import kiln.domain.fleet.FleetResults.ServingMember;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.Timestamps;

/**
 * The Fleet view's reads: per-group KPIs ({@code fleet_kpi}), per-group alerts and their incidents,
 * production members per scope, and the catalogue's group column. Read-only; every value is a bound
 * parameter; each call reads one snapshot on a borrowed reader and cancelling the job's sink cancels
 * the statement inside DuckDB. Failures are unchecked ({@link DataAccessException}).
 */
public final class FleetReader {

    /** Incidents listed at most, newest open ones first; and members shown per incident. */
    public static final int MAX_INCIDENTS = 200;
    public static final int MAX_MEMBERS_SHOWN = 100;

    private final KilnStore store;

    public FleetReader(KilnStore store) {
        this.store = store;
    }

    /** Models of data sets with a group column, and any model with per-group KPIs; those with KPIs first. */
    public List<FleetModel> models(ProgressSink sink) {
        String sql = "WITH counts AS (SELECT model_name, count(*) AS n FROM fleet_kpi GROUP BY model_name) "
                + "SELECT m.model_name, m.dataset, d.group_column, coalesce(m.family, false), coalesce(c.n, 0) "
                + "FROM registered_model m LEFT JOIN dataset d ON d.name = m.dataset LEFT JOIN counts c ON c.model_name = m.model_name "
                + "WHERE d.group_column IS NOT NULL OR c.n IS NOT NULL "
                + "UNION ALL SELECT c.model_name, NULL, NULL, false, c.n FROM counts c "
                + "WHERE c.model_name NOT IN (SELECT model_name FROM registered_model) "
                + "ORDER BY 5 > 0 DESC, 4 DESC, 1";
        return query(sink, "models with groups", conn -> {
            try (PreparedStatement ps = conn.prepare(sql)) {
                return FleetReading.rows(sink, ps, rs -> new FleetModel(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs
                        .getLong(5)));
            }
        });
    }

    /** Data sets whose catalogue entry names a group column, by name: what the empty state can point to. */
    public List<String> groupedDatasets(ProgressSink sink) {
        return query(sink, "data sets with groups", conn -> {
            try (PreparedStatement ps = conn.prepare(
                    "SELECT name || ' (' || group_column || ')' FROM dataset WHERE group_column IS NOT NULL ORDER BY name")) {
                return FleetReading.rows(sink, ps, rs -> rs.getString(1));
            }
        });
    }

    /** The window sizes the model has per-group KPIs for, days first. */
    public List<String> granularities(String model, ProgressSink sink) {
        return query(sink, "window sizes of " + model, conn -> {
            try (PreparedStatement ps = conn.prepare(
                    "SELECT granularity FROM fleet_kpi WHERE model_name = ? GROUP BY granularity ORDER BY granularity = 'day' DESC, granularity")) {
                ps.setString(1, model);
                return FleetReading.rows(sink, ps, rs -> rs.getString(1));
            }
        });
    }

    /** Every group of the model with its totals, newest labelled window, open alerts and production member. */
    public List<FleetGroup> groups(String model, String granularity, ProgressSink sink) {
        String sql = "WITH k AS (SELECT * FROM fleet_kpi WHERE model_name = ? AND granularity = ?), "
                + "totals AS (SELECT group_key, sum(predictions) AS n, sum(labelled) AS labelled, count(*) AS windows FROM k GROUP BY group_key), "
                + "newest AS (SELECT group_key, window_start, accuracy, baseline_accuracy, "
                + "  row_number() OVER (PARTITION BY group_key ORDER BY window_start DESC) AS rn FROM k WHERE accuracy IS NOT NULL), "
                + "alerts AS (SELECT group_key, count(*) AS n FROM alert WHERE model_name = ? AND group_key IS NOT NULL "
                + "  AND state <> ? GROUP BY group_key), "
                + "prod AS (SELECT scope, max(version) AS version FROM model_version WHERE model_name = ? AND alias = 'production' "
                + "  AND scope IS NOT NULL GROUP BY scope) "
                + "SELECT t.group_key, t.n, t.labelled, t.windows, w.window_start, w.accuracy, w.baseline_accuracy, coalesce(a.n, 0), "
                + "p.version, (SELECT version FROM prod WHERE scope = 'pooled') "
                + "FROM totals t LEFT JOIN newest w ON w.group_key = t.group_key AND w.rn = 1 "
                + "LEFT JOIN alerts a ON a.group_key = t.group_key LEFT JOIN prod p ON p.scope = t.group_key ORDER BY t.group_key";
        return query(sink, "groups of " + model, conn -> {
            try (PreparedStatement ps = conn.prepare(sql)) {
                ps.setString(1, model);
                ps.setString(2, granularity);
                ps.setString(3, model);
                ps.setString(4, AlertState.RESOLVED.stored());
                ps.setString(5, model);
                return FleetReading.rows(sink, ps, rs -> {
                    Integer own = FleetReading.intOrNull(rs, 9);
                    Integer pooled = FleetReading.intOrNull(rs, 10);
                    String member = own != null ? "v" + own : pooled != null ? "pooled v" + pooled : null;
                    return new FleetGroup(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), Timestamps.read(rs, 5),
                            FleetReading.doubleOrNull(rs, 6), FleetReading.doubleOrNull(rs, 7), rs.getInt(8), member);
                });
            }
        });
    }

    /** Accuracy per group over the newest {@code maxWindows} windows. */
    public FleetHeatmap heatmap(String model, String granularity, int maxWindows, ProgressSink sink) {
        return query(sink, "the fleet heatmap of " + model, conn -> {
            List<Instant> starts;
            try (PreparedStatement ps = conn.prepare("SELECT DISTINCT window_start FROM fleet_kpi WHERE model_name = ? "
                    + "AND granularity = ? ORDER BY window_start DESC LIMIT ?")) {
                ps.setString(1, model);
                ps.setString(2, granularity);
                ps.setInt(3, maxWindows);
                starts = new ArrayList<>(FleetReading.rows(sink, ps, rs -> Timestamps.read(rs, 1)));
            }
            if (starts.isEmpty()) {
                return FleetHeatmap.EMPTY;
            }
            Collections.reverse(starts);
            Map<Instant, Integer> column = new HashMap<>();
            for (int i = 0; i < starts.size(); i++) {
                column.put(starts.get(i), i);
            }
            Map<String, double[]> accuracy = new LinkedHashMap<>();
            Map<String, long[]> labelled = new HashMap<>();
            try (PreparedStatement ps = conn.prepare("SELECT group_key, window_start, accuracy, labelled FROM fleet_kpi "
                    + "WHERE model_name = ? AND granularity = ? AND window_start >= ? ORDER BY group_key")) {
                ps.setString(1, model);
                ps.setString(2, granularity);
                Timestamps.bind(ps, 3, starts.get(0));
                ps.setFetchSize(8192);
                int width = starts.size();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Integer col = column.get(Timestamps.read(rs, 2));
                        if (col == null) {
                            continue;
                        }
                        String group = rs.getString(1);
                        double[] acc = accuracy.computeIfAbsent(group, g -> {
                            double[] a = new double[width];
                            Arrays.fill(a, Double.NaN);
                            return a;
                        });
                        double value = rs.getDouble(3);
                        acc[col] = rs.wasNull() ? Double.NaN : value;
                        labelled.computeIfAbsent(group, g -> new long[width])[col] = rs.getLong(4);
                    }
                }
            }
            return new FleetHeatmap(List.copyOf(starts), accuracy, labelled);
        });
    }

    /** The model's incidents, open ones first then newest, each with up to {@link #MAX_MEMBERS_SHOWN} members, the most severe first. */
    public List<FleetIncident> incidents(String model, ProgressSink sink) {
        return query(sink, "incidents of " + model, conn -> {
            Map<Long, List<IncidentMember>> members = new HashMap<>();
            try (PreparedStatement ps = conn.prepare("SELECT incident_id, group_key, severity, state, window_start, value, threshold "
                    + "FROM (SELECT a.*, row_number() OVER (PARTITION BY incident_id ORDER BY CASE severity WHEN ? THEN 0 "
                    + "WHEN ? THEN 1 ELSE 2 END, group_key) AS rn FROM alert a WHERE a.model_name = ? AND a.incident_id IS NOT NULL) "
                    + "WHERE rn <= ? ORDER BY incident_id, rn")) {
                ps.setString(1, AlertSeverity.CRITICAL.stored());
                ps.setString(2, AlertSeverity.WARNING.stored());
                ps.setString(3, model);
                ps.setInt(4, MAX_MEMBERS_SHOWN);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        members.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new IncidentMember(rs.getString(2),
                                AlertSeverity.fromStored(rs.getString(3)), AlertState.fromStored(rs.getString(4)), Timestamps.read(rs, 5),
                                FleetReading.doubleOrNull(rs, 6), FleetReading.doubleOrNull(rs, 7)));
                    }
                }
            }
            try (PreparedStatement ps = conn.prepare("SELECT incident_id, rule, kind, severity, state, opened_at, members, "
                    + "worst_group, worst_value, summary FROM incident WHERE model_name = ? "
                    + "ORDER BY state = ?, opened_at DESC, incident_id DESC LIMIT ?")) {
                ps.setString(1, model);
                ps.setString(2, AlertState.RESOLVED.stored());
                ps.setInt(3, MAX_INCIDENTS);
                return FleetReading.rows(sink, ps, rs -> new FleetIncident(rs.getLong(1), rs.getString(2), AlertKind.fromStored(rs.getString(3)),
                        AlertSeverity.fromStored(rs.getString(4)), AlertState.fromStored(rs.getString(5)), Timestamps.read(rs, 6), rs.getInt(7), rs
                                .getString(8), FleetReading.doubleOrNull(rs, 9), rs.getString(10),
                        List.copyOf(members.getOrDefault(rs.getLong(1), List.of()))));
            }
        });
    }

    /**
     * One group's windows (oldest first), its alerts (newest first), the model's accuracy band, the member serving it and
     * the promotions (rollbacks included) of its own member, and of the pooled one when that serves it.
     */
    public GroupDetail group(String model, String granularity, String groupKey, ProgressSink sink) {
        return query(sink, "group " + groupKey + " of " + model, conn -> {
            List<GroupWindow> windows;
            try (PreparedStatement ps = conn.prepare("SELECT window_start, window_end, predictions, labelled, accuracy, "
                    + "baseline_accuracy, model_scope, model_version FROM fleet_kpi WHERE model_name = ? AND granularity = ? "
                    + "AND group_key = ? ORDER BY window_start")) {
                ps.setString(1, model);
                ps.setString(2, granularity);
                ps.setString(3, groupKey);
                windows = FleetReading.rows(sink, ps, rs -> new GroupWindow(Timestamps.read(rs, 1), Timestamps.read(rs, 2), rs.getLong(3), rs.getLong(
                        4),
                        FleetReading.doubleOrNull(rs, 5), FleetReading.doubleOrNull(rs, 6), rs.getString(7), FleetReading.intOrNull(rs, 8)));
            }
            List<GroupAlert> alerts;
            try (PreparedStatement ps = conn.prepare("SELECT alert_id, rule, severity, state, window_start, fired_at, value, "
                    + "threshold, note, feature, resolved_at FROM alert WHERE model_name = ? AND group_key = ? ORDER BY fired_at DESC NULLS LAST, alert_id DESC")) {
                ps.setString(1, model);
                ps.setString(2, groupKey);
                alerts = FleetReading.rows(sink, ps, rs -> new GroupAlert(rs.getLong(1), rs.getString(2), AlertSeverity.fromStored(rs.getString(3)),
                        AlertState.fromStored(rs.getString(4)), Timestamps.read(rs, 5), Timestamps.read(rs, 6), FleetReading.doubleOrNull(rs, 7),
                        FleetReading.doubleOrNull(rs, 8), rs.getString(9),
                        rs.getString(10), Timestamps.read(rs, 11)));
            }
            Band band = Band.NONE;
            try (PreparedStatement ps = conn.prepare("SELECT lower, upper, warn_margin FROM kpi_band WHERE model_name = ? AND kpi = 'accuracy'")) {
                ps.setString(1, model);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        band = new Band(FleetReading.doubleOrNull(rs, 1), FleetReading.doubleOrNull(rs, 2), FleetReading.doubleOrNull(rs, 3));
                    }
                }
            }
            ServingMember serving = serving(conn, model, groupKey);
            List<MemberEvent> events;
            // its own member's promotions and rollbacks, and the pooled member's while the pooled one serves it
            try (PreparedStatement ps = conn.prepare("SELECT \"at\", version, scope, note, \"by\" FROM model_event WHERE model_name = ? "
                    + "AND action = 'promote' AND alias = 'production' AND (scope = ? OR (scope = 'pooled' AND ?)) ORDER BY \"at\", event_id")) {
                ps.setString(1, model);
                ps.setString(2, groupKey);
                ps.setBoolean(3, serving == null || serving.pooled());
                events = FleetReading.rows(sink, ps, rs -> new MemberEvent(Timestamps.read(rs, 1), FleetReading.intOrNull(rs, 2),
                        rs.getString(3), rs.getString(4), rs.getString(5)));
            }
            return new GroupDetail(groupKey, windows, alerts, band, events, serving);
        });
    }

    /** The group's feature distributions in the newest day against its training reference (see {@link GroupFeatureQueries}). */
    public GroupFeatures groupFeatures(String model, String groupKey, ProgressSink sink) {
        return new GroupFeatureQueries(store).read(model, groupKey, sink);
    }

    /** The production member serving the group (its own, else the pooled one) and since when it is; null when neither is. */
    private static ServingMember serving(FleetReading.Reader conn, String model, String groupKey) throws SQLException {
        try (PreparedStatement ps = conn.prepare("SELECT v.scope, v.version, (SELECT max(e.\"at\") FROM model_event e WHERE "
                + "e.model_name = v.model_name AND e.version = v.version AND e.action = 'promote' AND e.alias = 'production'), v.created_at "
                + "FROM model_version v WHERE v.model_name = ? AND v.alias = 'production' AND v.scope IN (?, 'pooled') "
                + "ORDER BY v.scope = 'pooled', v.version DESC LIMIT 1")) {
            ps.setString(1, model);
            ps.setString(2, groupKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Instant promoted = Timestamps.read(rs, 3);
                return new ServingMember(rs.getString(1), rs.getInt(2), promoted != null ? promoted : Timestamps.read(rs, 4), promoted != null);
            }
        }
    }

    private <T> T query(ProgressSink sink, String what, FleetReading.Work<T> work) {
        return FleetReading.query(store, sink, what, work);
    }
}
