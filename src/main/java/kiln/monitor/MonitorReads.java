package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.Alert;
import kiln.domain.AlertKind;
import kiln.domain.AlertSeverity;
import kiln.domain.AlertState;
import kiln.domain.DriftLevel;
import kiln.domain.DriftScore;
import kiln.domain.KpiBand;
import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;
import kiln.drift.PerformanceEstimate;
import kiln.drift.WilsonInterval;
import kiln.store.Timestamps;

/** Reads of the materialised monitor tables into domain records. */
final class MonitorReads {
    /** A window counts as label-complete (its realised value is final) at this label coverage. */
    static final double COMPLETE_COVERAGE = 0.95;

    private MonitorReads() {}

    static String granularity(KpiGranularity g) {
        return switch (g) {
            case HOUR -> KpiMaterializer.HOUR;
            case DAY -> KpiMaterializer.DAY;
            case EVERY_500 -> KpiMaterializer.N500;
        };
    }

    static List<KpiPoint> kpis(Connection conn, String model, KpiGranularity g, String series) throws SQLException {
        List<KpiPoint> points = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT window_start, window_end, predictions, labelled, correct, tp, fp, fn, "
                + "predicted_good, est_sum_q, est_sum_var, model_version FROM kpi WHERE model_name = ? AND granularity = ? "
                + "AND series = ? ORDER BY window_start, pid_lo")) {
            ps.setString(1, model);
            ps.setString(2, granularity(g));
            ps.setString(3, series);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    points.add(point(series, Timestamps.read(rs, 1), Timestamps.read(rs, 2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getDouble(10),
                            rs.getDouble(11), (Integer) rs.getObject(12)));
                }
            }
        }
        return points;
    }

    /** The KPI point of a window's sums: Wilson interval for realised accuracy, CBPE for the estimate. */
    static KpiPoint point(String series, Instant start, Instant end, long n, long labelled, long correct, long tp, long fp,
            long fn, long predictedGood, double sumQ, double sumVar, Integer version) {
        Double accuracy = null;
        Double low = null;
        Double high = null;
        Double precision = null;
        Double recall = null;
        Double f1 = null;
        if (labelled > 0) {
            WilsonInterval w = WilsonInterval.of(correct, labelled);
            accuracy = w.estimate();
            low = w.lower();
            high = w.upper();
            precision = tp + fp > 0 ? (double) tp / (tp + fp) : null;
            recall = tp + fn > 0 ? (double) tp / (tp + fn) : null;
            // boxed on both branches: a primitive branch would unbox the inner null (a window of only
            // correct negatives, common per hour) and throw a NullPointerException
            f1 = tp > 0 ? Double.valueOf(2.0 * tp / (2.0 * tp + fp + fn)) : (tp + fp + fn > 0 ? Double.valueOf(0.0) : null);
        }
        PerformanceEstimate e = PerformanceEstimate.fromSums(n, sumQ, sumVar, WilsonInterval.Z95);
        return new KpiPoint(series, start, end, n, labelled, accuracy, low, high, precision, recall, f1,
                n == 0 ? 0 : (double) predictedGood / n, n == 0 ? null : e.expectedAccuracy(), n == 0 ? null : e.lower(),
                n == 0 ? null : e.upper(), version);
    }

    static KpiBand band(Connection conn, String model, String kpi) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT lower, upper, warn_margin FROM kpi_band WHERE model_name = ? AND kpi = ?")) {
            ps.setString(1, model);
            ps.setString(2, kpi);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new KpiBand(model, kpi, rs.getDouble(1), rs.getDouble(2), rs.getDouble(3));
                }
            }
        }
        KpiBand d = KpiBand.defaultAccuracy(model);
        return new KpiBand(model, kpi, d.lower(), d.upper(), d.warnMargin());
    }

    static List<DriftScore> drift(Connection conn, String model, KpiGranularity g, boolean outputs) throws SQLException {
        String gran = g == KpiGranularity.DAY ? KpiMaterializer.DAY : KpiMaterializer.HOUR;
        List<DriftScore> scores = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT feature, window_start, window_end, rows_total - missing, psi, ks_d, "
                + "ks_p, wasserstein, level FROM drift_window WHERE model_name = ? AND granularity = ? AND feature "
                + (outputs ? "" : "NOT ") + "LIKE '(%' ORDER BY window_start, feature")) {
            ps.setString(1, model);
            ps.setString(2, gran);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    scores.add(new DriftScore(rs.getString(1), Timestamps.read(rs, 2), Timestamps.read(rs, 3), rs.getLong(4),
                            SqlText.doubleOrNaN(rs, 5), SqlText.doubleOrNaN(rs, 6), SqlText.doubleOrNaN(rs, 7),
                            SqlText.doubleOrNaN(rs, 8), rs.getString(9) == null ? null : DriftLevel.fromStored(rs.getString(9))));
                }
            }
        }
        return scores;
    }

    static List<Alert> alerts(Connection conn, String model, boolean openOnly) throws SQLException {
        List<Alert> alerts = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT alert_id, model_name, rule, kind, severity, state, window_start, "
                + "window_end, metric, value, threshold, fired_at, acknowledged_at, acknowledged_by, resolved_at, silenced_until, "
                + "model_version, feature, note FROM alert WHERE (? IS NULL OR model_name = ?) AND (? OR state <> ?) "
                + "ORDER BY coalesce(fired_at, window_end, window_start) DESC, alert_id DESC")) {
            ps.setString(1, model);
            ps.setString(2, model);
            ps.setBoolean(3, !openOnly);
            ps.setString(4, AlertState.RESOLVED.stored());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    alerts.add(new Alert(rs.getLong(1), rs.getString(2), rs.getString(3), AlertKind.fromStored(rs.getString(4)),
                            AlertSeverity.fromStored(rs.getString(5)), AlertState.fromStored(rs.getString(6)), Timestamps.read(rs, 7), Timestamps
                                    .read(rs, 8), rs.getString(9),
                            (Double) rs.getObject(10), (Double) rs.getObject(11), Timestamps.read(rs, 12), Timestamps.read(rs, 13),
                            rs.getString(14), Timestamps.read(rs, 15), Timestamps.read(rs, 16), (Integer) rs.getObject(17),
                            rs.getString(18), rs.getString(19)));
                }
            }
        }
        return alerts;
    }
}
