package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import kiln.domain.Alert;
import kiln.drift.Adwin;
import kiln.drift.Ddm;
import kiln.drift.DetectorState;
import kiln.drift.ErrorStreamDetector;
import kiln.drift.PageHinkley;
import kiln.store.Timestamps;

/**
 * ADWIN, Page-Hinkley and DDM over the production error stream in label-arrival order
 * (labelled_at, row_id). The detectors live in memory and resume from the watermark of the last
 * label fed; a fresh process (or a full recompute) replays the last {@link #REPLAY} of labels to warm
 * them up instead of the whole history. They restart when the labelled predictions come from a new
 * model version. A DRIFT opens (or extends) a firing "detector" alert per detector; it resolves after
 * {@link #QUIET_LABELS} labels without another DRIFT from that detector.
 */
final class DetectorMonitor {
    static final String STREAM = "detector";
    static final Duration REPLAY = Duration.ofDays(3);
    static final int QUIET_LABELS = 2000;
    private static final int RECENT = 500;

    private final MonitorSetup setup;
    private final AlertRule rule;
    private final List<ErrorStreamDetector> detectors = List.of(new Adwin(), new PageHinkley(), new Ddm());
    private final long[] labelsSinceDrift = new long[detectors.size()];
    private final boolean[] recentErrors = new boolean[RECENT];
    private long fed;
    private int recentErrorCount;
    private Integer version;
    private boolean warm;

    DetectorMonitor(MonitorSetup setup, AlertRule rule) {
        this.setup = setup;
        this.rule = rule;
    }

    /** Whether the detectors have replayed their recent history once (the first update does). */
    boolean warm() {
        return warm;
    }

    /** Feeds the labels that arrived since the watermark; returns how many alert rows changed. */
    int update(Connection conn) throws SQLException {
        Watermarks.Mark mark = Watermarks.get(conn, setup.modelName(), STREAM);
        Instant fromTime = mark.time();
        long fromPid = mark.id();
        if (!warm) {
            // Warm up on recent history; alert rows already written are matched, not duplicated.
            fromTime = mark.time() == null ? null : mark.time().minus(REPLAY);
            fromPid = Long.MIN_VALUE;
            warm = true;
        }
        // The plain ">=" conjunct lets DuckDB skip row groups by their min/max (an OR alone would not).
        String after = fromTime == null ? "l.label_value IS NOT NULL"
                : "l.labelled_at >= ? AND (l.labelled_at > ? OR (l.labelled_at = ? AND l.row_id > ?))";
        long[] pids = labelPidRange(conn, after, fromTime, fromPid);
        if (pids == null) {
            return 0;
        }
        int changed = 0;
        Instant lastTime = mark.time();
        long lastPid = mark.id();
        try (PreparedStatement ps = conn.prepareStatement("SELECT l.labelled_at, l.row_id, p.predicted_code <> p.label_code, "
                + "p.model_version, p.event_time FROM " + setup.labels() + " l JOIN " + setup.predictions()
                + " p ON p.row_id = l.row_id WHERE " + after + " AND p.label_code IS NOT NULL"
                + " AND l.row_id BETWEEN ? AND ? AND p.row_id BETWEEN ? AND ? ORDER BY l.labelled_at, l.row_id")) {
            int i = bindAfter(ps, fromTime, fromPid);
            ps.setLong(i++, pids[0]);
            ps.setLong(i++, pids[1]);
            ps.setLong(i++, pids[0]);
            ps.setLong(i, pids[1]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant at = Timestamps.read(rs, 1);
                    long rowId = rs.getLong(2);
                    boolean error = rs.getBoolean(3);
                    int v = rs.getInt(4);
                    if (version == null || version != v) {
                        detectors.forEach(ErrorStreamDetector::reset);
                        if (version != null) {
                            changed += resolveSuperseded(conn, v, at);
                        }
                        version = v;
                    }
                    changed += feed(conn, error, at, Timestamps.read(rs, 5), v);
                    if (lastTime == null || at.isAfter(lastTime) || (at.equals(lastTime) && rowId > lastPid)) {
                        lastTime = at;
                        lastPid = rowId;
                    }
                }
            }
        }
        Watermarks.put(conn, setup.modelName(), STREAM, new Watermarks.Mark(lastTime, lastPid, fed));
        return changed;
    }

    private int feed(Connection conn, boolean error, Instant labelledAt, Instant processTime, int v) throws SQLException {
        int slot = (int) (fed % RECENT);
        recentErrorCount += (error ? 1 : 0) - (recentErrors[slot] ? 1 : 0);
        recentErrors[slot] = error;
        fed++;
        double recentRate = (double) recentErrorCount / Math.min(fed, RECENT);
        int changed = 0;
        for (int d = 0; d < detectors.size(); d++) {
            ErrorStreamDetector detector = detectors.get(d);
            String metric = detector.name();
            if (detector.update(error) == DetectorState.DRIFT) {
                labelsSinceDrift[d] = 0;
                changed += fire(conn, metric, processTime, labelledAt, recentRate, v);
            } else if (++labelsSinceDrift[d] == QUIET_LABELS) {
                changed += resolve(conn, metric, labelledAt);
            }
        }
        return changed;
    }

    private int fire(Connection conn, String metric, Instant processTime, Instant labelledAt, double rate, int v)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET window_end = greatest(window_end, ?), value = ? "
                + "WHERE model_name = ? AND rule = ? AND metric = ? AND state <> 'resolved' AND window_start <= ?")) {
            Timestamps.bind(ps, 1, processTime);
            ps.setDouble(2, rate);
            ps.setString(3, setup.modelName());
            ps.setString(4, rule.rule());
            ps.setString(5, metric);
            Timestamps.bind(ps, 6, processTime);
            if (ps.executeUpdate() > 0) {
                return 1;
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO alert (model_name, rule, kind, severity, state, "
                + "window_start, window_end, metric, value, fired_at, model_version, note) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
                + "WHERE NOT EXISTS (SELECT 1 FROM alert WHERE model_name = ? AND rule = ? AND metric = ? AND window_start = ?)")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, rule.rule());
            ps.setString(3, Alert.KIND_DETECTOR);
            ps.setString(4, rule.severity());
            ps.setString(5, Alert.FIRING);
            Timestamps.bind(ps, 6, processTime);
            Timestamps.bind(ps, 7, processTime);
            ps.setString(8, metric);
            ps.setDouble(9, rate);
            Timestamps.bind(ps, 10, labelledAt);
            ps.setInt(11, v);
            ps.setString(12, metric + " signalled a change in the error rate (last " + RECENT + " labels: "
                    + Math.round(rate * 1000) / 10.0 + " % wrong)");
            ps.setString(13, setup.modelName());
            ps.setString(14, rule.rule());
            ps.setString(15, metric);
            Timestamps.bind(ps, 16, processTime);
            return ps.executeUpdate();
        }
    }

    /** Labels now judge version {@code current}: alerts about the error stream of earlier versions are moot. */
    private int resolveSuperseded(Connection conn, int current, Instant at) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET state = 'resolved', resolved_at = ?, "
                + "note = coalesce(note || ' | ', '') || 'resolved: v' || model_version || ' left production, labels now judge v' || ? "
                + "WHERE model_name = ? AND rule = ? AND state <> 'resolved' AND model_version IS DISTINCT FROM ? AND fired_at <= ?")) {
            Timestamps.bind(ps, 1, at);
            ps.setInt(2, current);
            ps.setString(3, setup.modelName());
            ps.setString(4, rule.rule());
            ps.setInt(5, current);
            Timestamps.bind(ps, 6, at);
            return ps.executeUpdate();
        }
    }

    private int resolve(Connection conn, String metric, Instant at) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET state = 'resolved', resolved_at = ? "
                + "WHERE model_name = ? AND rule = ? AND metric = ? AND state <> 'resolved' AND fired_at <= ?")) {
            Timestamps.bind(ps, 1, at);
            ps.setString(2, setup.modelName());
            ps.setString(3, rule.rule());
            ps.setString(4, metric);
            Timestamps.bind(ps, 5, at);
            return ps.executeUpdate();
        }
    }

    private long[] labelPidRange(Connection conn, String after, Instant fromTime, long fromPid) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT min(row_id), max(row_id) FROM " + setup.labels() + " l WHERE " + after)) {
            bindAfter(ps, fromTime, fromPid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1) == null ? null : new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static int bindAfter(PreparedStatement ps, Instant fromTime, long fromPid) throws SQLException {
        if (fromTime == null) {
            return 1;
        }
        Timestamps.bind(ps, 1, fromTime);
        Timestamps.bind(ps, 2, fromTime);
        Timestamps.bind(ps, 3, fromTime);
        ps.setLong(4, fromPid);
        return 5;
    }
}
