package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kiln.domain.AlertKind;
import kiln.domain.ConfusionCounts;
import kiln.domain.Histogram;
import kiln.domain.TimelineMarker;
import kiln.store.Timestamps;

/** Reads of a model's stored predictions and timeline for the monitor screen: series, prediction histogram, confusion, markers. */
final class WindowReads {
    private static final int PROBABILITY_BINS = 20;

    private WindowReads() {}

    /** The model's KPI series other than production, by name. */
    static List<String> seriesNames(Connection conn, String modelName) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT DISTINCT series FROM kpi WHERE model_name = ? "
                + "AND series <> 'production' ORDER BY series")) {
            ps.setString(1, modelName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** The predicted probabilities of [from, to) in 20 equal bins over [0, 1]. */
    static Histogram predictionDistribution(Connection conn, MonitorSetup setup, Instant from, Instant to) throws SQLException {
        int bins = PROBABILITY_BINS;
        long[] counts = new long[bins];
        try (PreparedStatement ps = conn.prepareStatement("SELECT least(" + (bins - 1) + ", CAST(floor(probability * " + bins
                + ") AS INTEGER)) b, count(*) FROM " + setup.predictions() + " WHERE event_time >= ? AND event_time < ? "
                + "AND probability IS NOT NULL GROUP BY b")) {
            Timestamps.bind(ps, 1, from);
            Timestamps.bind(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts[Math.max(0, rs.getInt(1))] += rs.getLong(2);
                }
            }
        }
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = (double) i / bins;
        }
        return new Histogram(edges, counts);
    }

    /** One GROUP BY over the window's labelled predictions; classes the catalogue does not name yet are added as "class N". */
    static ConfusionCounts confusion(MonitorSetup setup, Connection conn, Instant from, Instant to) throws SQLException {
        String source = setup.predictionsCoded()
                ? "(SELECT event_time, predicted_code, label_code FROM " + setup.predictions() + " WHERE event_time >= ? AND event_time < ?)"
                // predictions without codes: the label's code is on the reading
                : "(SELECT p.event_time, p.predicted_code, r.label_code FROM " + setup.predictions() + " p JOIN (SELECT row_id, label_code FROM "
                        + setup.readings() + ") r ON r.row_id = p.row_id WHERE p.event_time >= ? AND p.event_time < ?)";
        Map<Long, Long> cells = new LinkedHashMap<>();
        int size = setup.spec().classes().size();
        Instant first = null;
        Instant last = null;
        try (PreparedStatement ps = conn.prepareStatement("SELECT CAST(label_code AS INTEGER), CAST(predicted_code AS INTEGER), count(*), "
                + "min(event_time), max(event_time) FROM " + source + " WHERE label_code IS NOT NULL AND predicted_code IS NOT NULL "
                + "AND label_code >= 0 AND predicted_code >= 0 GROUP BY 1, 2")) {
            Timestamps.bind(ps, 1, from);
            Timestamps.bind(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int actual = rs.getInt(1);
                    int predicted = rs.getInt(2);
                    cells.put(((long) actual << 32) | predicted, rs.getLong(3));
                    size = Math.max(size, Math.max(actual, predicted) + 1);
                    Instant lo = Timestamps.read(rs, 4);
                    Instant hi = Timestamps.read(rs, 5);
                    first = first == null || lo.isBefore(first) ? lo : first;
                    last = last == null || hi.isAfter(last) ? hi : last;
                }
            }
        }
        long[][] counts = new long[size][size];
        cells.forEach((key, n) -> counts[(int) (key >>> 32)][(int) (key & 0xffffffffL)] = n);
        List<String> classes = new ArrayList<>();
        for (int code = 0; code < size; code++) {
            classes.add(setup.spec().className(code));
        }
        return new ConfusionCounts(classes, counts, first, last);
    }

    /** Promotions, the model's own KPI alerts and revealed changes, in time order. */
    static List<TimelineMarker> markers(Connection conn, String modelName) throws SQLException {
        List<TimelineMarker> markers = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT \"at\", 'promotion', 'v' || version || ' promoted to production' "
                + "FROM model_event WHERE model_name = ? AND action = 'promote' AND alias = 'production' UNION ALL "
                // Only the model's KPI alerts are drawn on the KPI chart (not its groups'); drift, quality and detector
                // alerts are in the alert list.
                + "SELECT fired_at, 'alert', 'alert: accuracy below band' FROM alert "
                + "WHERE model_name = ? AND fired_at IS NOT NULL AND kind = ? AND group_key IS NULL UNION ALL "
                + "SELECT \"at\", 'change', label FROM revealed_change WHERE model_name = ? ORDER BY 1")) {
            ps.setString(1, modelName);
            ps.setString(2, modelName);
            ps.setString(3, AlertKind.KPI.stored());
            ps.setString(4, modelName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    markers.add(new TimelineMarker(Timestamps.read(rs, 1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return markers;
    }
}
