package kiln.monitor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import kiln.drift.Adwin;
import kiln.drift.Ddm;
import kiln.drift.DetectorState;
import kiln.drift.ErrorRateChangePoint;
import kiln.drift.ErrorStreamDetector;
import kiln.drift.PageHinkley;
import kiln.store.Timestamps;

/**
 * ADWIN, Page-Hinkley and DDM over the production error stream in label-arrival order
 * (labelled_at, row_id). They judge one version at a time: the first label of a newer version resets
 * them (the old version's alerts resolve), and labels that still arrive for older versions are not
 * fed. The detectors live in memory and resume from the watermark of the last label fed; their state
 * is saved with that watermark (table detector_state) so that a new process resumes them exactly. When
 * no saved state matches the watermark, it rebuilds them by replaying the production version's labels
 * from its first one, which leaves them where an uninterrupted process would be. Either way a restart
 * writes no new alert (rows already written are matched by their start, not duplicated).
 *
 * <p>A DRIFT (a rising error rate only) opens, or extends, a firing "detector" alert per detector. Its
 * window starts at the estimated change point ({@link ErrorRateChangePoint} over the version's last
 * {@link #HISTORY} labels), which is where a retrain on the evidence should start; its value is the
 * error rate since then. It resolves after {@link #QUIET_LABELS} labels without another DRIFT from
 * that detector.
 */
final class DetectorMonitor {
    static final String STREAM = "detector";
    static final int QUIET_LABELS = 2000;
    /** Labels of the current version kept, in arrival order, to locate a change point. */
    static final int HISTORY = 8192;
    /** The fewest labels on either side of a change point. */
    static final int MIN_SEGMENT = 20;

    private final MonitorSetup setup;
    private final DetectorAlerts alerts;
    private final List<ErrorStreamDetector> detectors = List.of(new Adwin(), new PageHinkley(), new Ddm());
    private final long[] labelsSinceDrift = new long[detectors.size()];
    private final boolean[] historyErrors = new boolean[HISTORY];
    private final long[] historyTimes = new long[HISTORY];
    private long fed;
    private long fedOfVersion;
    private Integer version;
    private boolean warm;

    DetectorMonitor(MonitorSetup setup, AlertRule rule) {
        this.setup = setup;
        this.alerts = new DetectorAlerts(setup.modelName(), rule);
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
            warm = true;
            if (!resumeSaved(conn, mark)) {
                // Rebuild from the production version's first label; alert rows already written are matched.
                Object[] first = firstLabelOfNewestVersion(conn);
                if (first == null) {
                    return 0;
                }
                fromTime = (Instant) first[0];
                fromPid = (Long) first[1] - 1;
            }
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
                    if (version == null || v > version) {
                        detectors.forEach(ErrorStreamDetector::reset);
                        Arrays.fill(labelsSinceDrift, 0);
                        fedOfVersion = 0;
                        if (version != null) {
                            changed += alerts.resolveSuperseded(conn, v, at);
                        }
                        version = v;
                    }
                    if (v == version) {
                        changed += feed(conn, error, at, Timestamps.read(rs, 5), v);
                    } // else a late label of a version already replaced: it judges no model in production
                    if (lastTime == null || at.isAfter(lastTime) || (at.equals(lastTime) && rowId > lastPid)) {
                        lastTime = at;
                        lastPid = rowId;
                    }
                }
            }
        }
        Watermarks.put(conn, setup.modelName(), STREAM, new Watermarks.Mark(lastTime, lastPid, fed));
        save(conn, lastTime, lastPid);
        return changed;
    }

    /** Restores the state saved at exactly this watermark; false when there is none to trust. */
    private boolean resumeSaved(Connection conn, Watermarks.Mark mark) throws SQLException {
        if (mark.time() == null) {
            return false;
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT at_time, at_pid, state FROM detector_state WHERE model_name = ?")) {
            ps.setString(1, setup.modelName());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !mark.time().equals(Timestamps.read(rs, 1)) || rs.getLong(2) != mark.id()) {
                    return false;
                }
                try {
                    restore(rs.getBytes(3));
                    return true;
                } catch (IOException | IllegalArgumentException e) {
                    // Unreadable (e.g. written by other detector settings): rebuilding gives the same state.
                    detectors.forEach(ErrorStreamDetector::reset);
                    Arrays.fill(labelsSinceDrift, 0);
                    version = null;
                    fed = 0;
                    fedOfVersion = 0;
                    return false;
                }
            }
        }
    }

    private void save(Connection conn, Instant at, long rowId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO detector_state VALUES (?, ?, ?, ?)")) {
            ps.setString(1, setup.modelName());
            Timestamps.bind(ps, 2, at);
            ps.setLong(3, rowId);
            ps.setBytes(4, snapshot());
            ps.executeUpdate();
        }
    }

    /** Format 1: version, counters, each detector's snapshot, then the version's recent labels oldest first. */
    private byte[] snapshot() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(1);
            out.writeInt(version == null ? -1 : version);
            out.writeLong(fed);
            out.writeLong(fedOfVersion);
            out.writeInt(detectors.size());
            for (int d = 0; d < detectors.size(); d++) {
                out.writeLong(labelsSinceDrift[d]);
                double[] state = detectors.get(d).snapshot();
                out.writeInt(state.length);
                for (double x : state) {
                    out.writeDouble(x);
                }
            }
            int n = (int) Math.min(fedOfVersion, HISTORY);
            out.writeInt(n);
            for (long i = fedOfVersion - n; i < fedOfVersion; i++) {
                int slot = (int) (i % HISTORY);
                out.writeBoolean(historyErrors[slot]);
                out.writeLong(historyTimes[slot]);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }

    private void restore(byte[] state) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
        if (in.readInt() != 1) {
            throw new IllegalArgumentException("unknown detector state format");
        }
        int v = in.readInt();
        version = v < 0 ? null : v;
        fed = in.readLong();
        fedOfVersion = in.readLong();
        if (in.readInt() != detectors.size()) {
            throw new IllegalArgumentException("saved for another set of detectors");
        }
        for (int d = 0; d < detectors.size(); d++) {
            labelsSinceDrift[d] = in.readLong();
            double[] snapshot = new double[in.readInt()];
            for (int i = 0; i < snapshot.length; i++) {
                snapshot[i] = in.readDouble();
            }
            detectors.get(d).restore(snapshot);
        }
        int n = in.readInt();
        if (n != Math.min(fedOfVersion, HISTORY)) {
            throw new IllegalArgumentException("history length does not match the labels fed");
        }
        for (long i = fedOfVersion - n; i < fedOfVersion; i++) {
            int slot = (int) (i % HISTORY);
            historyErrors[slot] = in.readBoolean();
            historyTimes[slot] = in.readLong();
        }
    }

    private int feed(Connection conn, boolean error, Instant labelledAt, Instant eventTime, int v) throws SQLException {
        int slot = (int) (fedOfVersion % HISTORY);
        historyErrors[slot] = error;
        historyTimes[slot] = eventTime.toEpochMilli();
        fedOfVersion++;
        fed++;
        int changed = 0;
        for (int d = 0; d < detectors.size(); d++) {
            ErrorStreamDetector detector = detectors.get(d);
            String metric = detector.name();
            if (detector.update(error) == DetectorState.DRIFT) {
                labelsSinceDrift[d] = 0;
                changed += alerts.fire(conn, metric, eventTime, labelledAt, changePoint(eventTime), v);
            } else if (++labelsSinceDrift[d] == QUIET_LABELS) {
                changed += alerts.resolve(conn, metric, labelledAt);
            }
        }
        return changed;
    }

    /** What the labels of the current version say about when the error rate rose. */
    record Change(Instant since, double before, double after, int labelsSince) {
    }

    /** The estimated change point in the version's last labels, or the newest label's time when none rises. */
    private Change changePoint(Instant newest) {
        int n = (int) Math.min(fedOfVersion, HISTORY);
        int oldest = (int) (fedOfVersion % HISTORY);
        boolean[] errors = new boolean[n];
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            int slot = n < HISTORY ? i : (oldest + i) % HISTORY;
            errors[i] = historyErrors[slot];
            times[i] = historyTimes[slot];
        }
        ErrorRateChangePoint cp = ErrorRateChangePoint.locate(errors, n, MIN_SEGMENT);
        if (cp == null) {
            return new Change(newest, Double.NaN, n > 0 && errors[n - 1] ? 1 : 0, 1);
        }
        // Labels arrive roughly, not exactly, in event order: the change starts at the earliest event after the split.
        long since = Long.MAX_VALUE;
        for (int i = cp.index(); i < n; i++) {
            since = Math.min(since, times[i]);
        }
        return new Change(Instant.ofEpochMilli(since), cp.before(), cp.after(), n - cp.index());
    }

    /** (labelled_at, row_id) of the first label of the newest version that has any, or null without labels. */
    private Object[] firstLabelOfNewestVersion(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("WITH v AS (SELECT max(model_version) AS v FROM " + setup.predictions()
                + " WHERE label_code IS NOT NULL) SELECT l.labelled_at, l.row_id FROM " + setup.labels() + " l JOIN "
                + setup.predictions() + " p ON p.row_id = l.row_id, v WHERE p.model_version = v.v AND p.label_code IS NOT NULL "
                + "AND l.labelled_at IS NOT NULL ORDER BY l.labelled_at, l.row_id LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Object[] {Timestamps.read(rs, 1), rs.getLong(2)} : null;
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
