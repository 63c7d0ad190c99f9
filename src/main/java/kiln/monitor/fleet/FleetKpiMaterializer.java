package kiln.monitor.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import kiln.store.Timestamps;

/**
 * Writes table {@code fleet_kpi}: per group and hour and day window the predictions, labelled ones,
 * correct ones, the scope and version that made most of them, and the group's rolling baseline (its
 * previous {@value #BASELINE_WINDOWS} windows pooled). Incremental like the model's KPI windows: only
 * the hours new predictions or new labels touch are recomputed, in one scan grouped by (group, hour);
 * their days are summed from their hours; then the baselines of the windows that pool a recomputed one.
 */
final class FleetKpiMaterializer {
    static final int BASELINE_WINDOWS = 7;
    static final String PREDICTIONS_STREAM = "fleet:predictions";
    static final String LABELS_STREAM = "fleet:labels";

    private final String model;

    FleetKpiMaterializer(String model) {
        this.model = model;
    }

    /**
     * The time span [from, to] of predictions new predictions or labels touch since the marks, and (third)
     * the time of the oldest new prediction, null when only labels arrived; moves the marks. Null: nothing new.
     */
    Instant[] newSpan(Connection conn, FleetSources src) throws SQLException {
        Instant from = null;
        Instant predictionsFrom = null;
        Instant to = null;
        long[] predMark = mark(conn, PREDICTIONS_STREAM);
        Object[] labelMark = labelMark(conn);
        try (PreparedStatement ps = conn.prepareStatement(src.newPredictions())) {
            ps.setLong(1, predMark[0]);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getObject(3) != null) {
                    from = Timestamps.read(rs, 1);
                    to = Timestamps.read(rs, 2);
                    predictionsFrom = from;
                    putMark(conn, PREDICTIONS_STREAM, null, rs.getLong(3), 0);
                }
            }
        }
        Instant markTime = (Instant) labelMark[0];
        long markCount = (Long) labelMark[1];
        // New labels: after the mark's time, or at it when more labels carry that time now than the mark counted.
        String fresh = "SELECT * FROM " + src.labelTimes() + " WHERE " + (markTime == null ? "true"
                : "label_time > ? OR (label_time = ? AND (SELECT count(*) FROM " + src.labelTimes() + " WHERE label_time = ?) <> ?)");
        try (PreparedStatement ps = conn.prepareStatement("WITH fresh AS (" + fresh + ") SELECT min(event_time), max(event_time), "
                + "max(label_time), (SELECT count(*) FROM " + src.labelTimes()
                + " WHERE label_time = (SELECT max(label_time) FROM fresh)) FROM fresh")) {
            if (markTime != null) {
                Timestamps.bind(ps, 1, markTime);
                Timestamps.bind(ps, 2, markTime);
                Timestamps.bind(ps, 3, markTime);
                ps.setLong(4, markCount);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getObject(3) != null) {
                    Instant lo = Timestamps.read(rs, 1);
                    Instant hi = Timestamps.read(rs, 2);
                    from = from == null || lo.isBefore(from) ? lo : from;
                    to = to == null || hi.isAfter(to) ? hi : to;
                    putMark(conn, LABELS_STREAM, Timestamps.read(rs, 3), 0, rs.getLong(4));
                }
            }
        }
        return from == null ? null : new Instant[] {from, to, predictionsFrom};
    }

    /**
     * Recomputes the hour windows from {@code from}'s hour to {@code to}'s from the rows (one scan of those
     * hours grouped by group and hour), the day windows they belong to from their hours, then the
     * baselines of every window that pools one of them.
     */
    void recompute(Connection conn, FleetSources src, Instant from, Instant to) throws SQLException {
        Instant dayFrom = from.truncatedTo(ChronoUnit.DAYS);
        Instant dayTo = to.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        Instant hourFrom = from.truncatedTo(ChronoUnit.HOURS);
        Instant hourTo = to.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        long[] ids = null;
        try (PreparedStatement ps = conn.prepareStatement(src.idRange())) {
            Timestamps.bind(ps, 1, hourFrom);
            Timestamps.bind(ps, 2, hourTo);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getObject(1) != null) {
                    ids = new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM fleet_kpi WHERE model_name = ? AND ((granularity = 'hour' "
                + "AND window_start >= ? AND window_start < ?) OR (granularity = 'day' AND window_start >= ? AND window_start < ?))")) {
            ps.setString(1, model);
            Timestamps.bind(ps, 2, hourFrom);
            Timestamps.bind(ps, 3, hourTo);
            Timestamps.bind(ps, 4, dayFrom);
            Timestamps.bind(ps, 5, dayTo);
            ps.executeUpdate();
        }
        if (ids != null) {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO fleet_kpi (model_name, granularity, group_key, window_start, "
                    + "window_end, model_scope, model_version, predictions, labelled, correct, accuracy) SELECT ?, 'hour', group_key, "
                    + "date_trunc('hour', event_time) ws, ws + INTERVAL 1 HOUR, mode(model_scope), mode(model_version), count(*), "
                    + "count(label_code) labelled, coalesce(sum((label_code = predicted_code)::INTEGER), 0) ok, "
                    + "CASE WHEN labelled > 0 THEN ok / labelled END FROM " + src.rowsBetween() + " rows GROUP BY group_key, ws")) {
                ps.setString(1, model);
                Timestamps.bind(ps, 2, hourFrom);
                Timestamps.bind(ps, 3, hourTo);
                ps.setLong(4, ids[0]);
                ps.setLong(5, ids[1]);
                ps.executeUpdate();
            }
        }
        // Days are sums of their hours; a day's scope and version are those of most of its predictions, counted per hour.
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO fleet_kpi (model_name, granularity, group_key, window_start, "
                + "window_end, model_scope, model_version, predictions, labelled, correct, accuracy) "
                + "WITH h AS (SELECT group_key, date_trunc('day', window_start) d, model_scope, model_version, predictions, labelled, correct "
                + "FROM fleet_kpi WHERE model_name = ? AND granularity = 'hour' AND window_start >= ? AND window_start < ?), "
                + "s AS (SELECT group_key, d, arg_max(model_scope, n) scope FROM (SELECT group_key, d, model_scope, sum(predictions) n FROM h "
                + "GROUP BY ALL) GROUP BY ALL), v AS (SELECT group_key, d, arg_max(model_version, n) version FROM (SELECT group_key, d, "
                + "model_version, sum(predictions) n FROM h GROUP BY ALL) GROUP BY ALL), "
                + "t AS (SELECT group_key, d, sum(predictions) n, sum(labelled) l, sum(correct) c FROM h GROUP BY ALL) "
                + "SELECT ?, 'day', t.group_key, t.d, t.d + INTERVAL 1 DAY, s.scope, v.version, t.n, t.l, t.c, CASE WHEN t.l > 0 THEN t.c / t.l END "
                + "FROM t JOIN s USING (group_key, d) JOIN v USING (group_key, d)")) {
            ps.setString(1, model);
            Timestamps.bind(ps, 2, dayFrom);
            Timestamps.bind(ps, 3, dayTo);
            ps.setString(4, model);
            ps.executeUpdate();
        }
        updateBaselines(conn, "hour", "HOUR", hourFrom, hourTo.plus(BASELINE_WINDOWS, ChronoUnit.HOURS),
                hourFrom.minus(BASELINE_WINDOWS, ChronoUnit.HOURS));
        updateBaselines(conn, "day", "DAY", dayFrom, dayTo.plus(BASELINE_WINDOWS, ChronoUnit.DAYS),
                dayFrom.minus(BASELINE_WINDOWS, ChronoUnit.DAYS));
    }

    /** Baselines of windows in [from, to): the group's windows starting 1 to 7 units earlier, pooled (read from {@code readFrom}). */
    private void updateBaselines(Connection conn, String granularity, String unit, Instant from, Instant to, Instant readFrom)
            throws SQLException {
        String w = "(PARTITION BY group_key ORDER BY window_start RANGE BETWEEN INTERVAL " + BASELINE_WINDOWS + " " + unit
                + " PRECEDING AND INTERVAL 1 " + unit + " PRECEDING)";
        try (PreparedStatement ps = conn.prepareStatement("UPDATE fleet_kpi f SET baseline_labelled = b.bl, baseline_accuracy = "
                + "CASE WHEN b.bl > 0 THEN b.bc / b.bl END FROM (SELECT group_key, window_start, sum(labelled) OVER " + w + " bl, "
                + "sum(correct) OVER " + w + " bc FROM fleet_kpi WHERE model_name = ? AND granularity = ? AND window_start >= ? "
                + "AND window_start < ?) b WHERE f.model_name = ? AND f.granularity = ? AND f.group_key = b.group_key "
                + "AND f.window_start = b.window_start AND f.window_start >= ? AND f.window_start < ?")) {
            ps.setString(1, model);
            ps.setString(2, granularity);
            Timestamps.bind(ps, 3, readFrom);
            Timestamps.bind(ps, 4, to);
            ps.setString(5, model);
            ps.setString(6, granularity);
            Timestamps.bind(ps, 7, from);
            Timestamps.bind(ps, 8, to);
            ps.executeUpdate();
        }
    }

    /** Drops the model's windows and marks (before a full recompute). */
    void clear(Connection conn) throws SQLException {
        for (String sql : new String[] {"DELETE FROM fleet_kpi WHERE model_name = ?",
                "DELETE FROM monitor_watermark WHERE model_name = ? AND stream LIKE 'fleet:%'"}) {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                ps.setString(1, model);
                ps.executeUpdate();
            }
        }
    }

    private long[] mark(Connection conn, String stream) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT at_pid FROM monitor_watermark WHERE model_name = ? AND stream = ?")) {
            ps.setString(1, model);
            ps.setString(2, stream);
            try (ResultSet rs = ps.executeQuery()) {
                return new long[] {rs.next() && rs.getObject(1) != null ? rs.getLong(1) : Long.MIN_VALUE};
            }
        }
    }

    private Object[] labelMark(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT at_time, at_count FROM monitor_watermark WHERE model_name = ? AND stream = ?")) {
            ps.setString(1, model);
            ps.setString(2, LABELS_STREAM);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Object[] {Timestamps.read(rs, 1), rs.getLong(2)} : new Object[] {null, 0L};
            }
        }
    }

    private void putMark(Connection conn, String stream, Instant time, long id, long count) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO monitor_watermark (model_name, stream, at_time, at_pid, "
                + "at_count) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, model);
            ps.setString(2, stream);
            Timestamps.bind(ps, 3, time);
            ps.setLong(4, id);
            ps.setLong(5, count);
            ps.executeUpdate();
        }
    }
}
