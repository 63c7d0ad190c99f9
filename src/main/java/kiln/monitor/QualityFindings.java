package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import kiln.domain.QualityFinding;
import kiln.drift.DataQuality;
import kiln.drift.QualitySummary;
import kiln.drift.QuantileSummary;
import kiln.drift.SensorState;
import kiln.drift.UnitChangeDetector;
import kiln.store.Timestamps;

/**
 * Data-quality findings of a time range from the hourly window summaries: for each feature and check
 * (missing, out_of_range, dead, stuck) the latest run of breaching hours, reported from its first
 * hour; and an upstream unit change located by {@link UnitChangeDetector} over the hours' quantiles.
 */
final class QualityFindings {
    private final DataQuality.Thresholds thresholds = DataQuality.Thresholds.defaults();
    private final UnitChangeDetector unitChanges = new UnitChangeDetector();

    private record Hour(Instant start, QualitySummary summary, double[] quantiles, long present) {
    }

    List<QualityFinding> find(Connection conn, String model, Instant from, Instant to) throws SQLException {
        Map<String, List<Hour>> byFeature = new LinkedHashMap<>();
        Map<String, double[]> refQuantiles = new LinkedHashMap<>();
        Map<String, Double> refStd = new LinkedHashMap<>();
        Map<String, Long> refN = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT d.feature, d.window_start, d.rows_total, d.missing, d.outside_range, "
                + "d.min_value, d.max_value, d.variance, d.quantiles, r.quantiles, r.std, r.n FROM drift_window d "
                + "LEFT JOIN drift_reference r ON r.model_name = d.model_name AND r.ref_key = d.ref_key AND r.feature = d.feature "
                + "WHERE d.model_name = ? AND d.granularity = 'hour' AND d.feature NOT LIKE '(%' "
                + "AND d.window_start >= ? AND d.window_start < ? ORDER BY d.feature, d.window_start")) {
            ps.setString(1, model);
            Timestamps.bind(ps, 2, from);
            Timestamps.bind(ps, 3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String feature = rs.getString(1);
                    QualitySummary s = new QualitySummary(rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            SqlText.doubleOrNaN(rs, 6), SqlText.doubleOrNaN(rs, 7), SqlText.doubleOrNaN(rs, 8));
                    byFeature.computeIfAbsent(feature, f -> new ArrayList<>())
                            .add(new Hour(Timestamps.read(rs, 2), s, SqlText.doubles(rs, 9), s.present()));
                    // The newest window's reference is the one the findings are judged against.
                    refQuantiles.put(feature, SqlText.doubles(rs, 10));
                    refStd.put(feature, SqlText.doubleOrNaN(rs, 11));
                    refN.put(feature, rs.getLong(12));
                }
            }
        }
        List<QualityFinding> findings = new ArrayList<>();
        UnseenCategories unseen = UnseenCategories.of(conn, model); // categorical features: see UnseenCategories
        for (var e : byFeature.entrySet()) {
            String feature = e.getKey();
            List<Hour> hours = e.getValue();
            double std = refStd.get(feature) == null || refStd.get(feature).isNaN() ? 0 : refStd.get(feature);
            latestRun(findings, feature, hours, "missing", h -> h.summary().missingRate() > thresholds.maxMissingRate(),
                    h -> h.summary().missingRate(), "critical",
                    v -> String.format(Locale.ROOT, "%s is missing in %.1f %% of rows", feature, 100 * v));
            latestRun(findings, feature, hours, "out_of_range",
                    h -> !unseen.features().contains(feature) && h.summary().outsideRangeShare() > thresholds.maxOutsideRange(),
                    h -> h.summary().outsideRangeShare(), "warning",
                    v -> String.format(Locale.ROOT, "%.1f %% of %s values lie outside the training range", 100 * v, feature));
            latestRun(findings, feature, hours, "dead",
                    h -> DataQuality.sensorState(h.summary(), std, thresholds) == SensorState.DEAD, h -> 1.0, "critical",
                    v -> feature + " sends no values at all (dead sensor or broken pipeline)");
            latestRun(findings, feature, hours, "stuck",
                    h -> DataQuality.sensorState(h.summary(), std, thresholds) == SensorState.STUCK,
                    h -> h.summary().max(), "critical",
                    v -> String.format(Locale.ROOT, "%s is stuck at %s (no variation)", feature, trim(v)));
            double[] ref = refQuantiles.get(feature);
            if (ref != null) {
                List<UnitChangeDetector.Window> windows = new ArrayList<>();
                for (Hour h : hours) {
                    if (h.quantiles() != null && h.present() > 0) {
                        windows.add(new UnitChangeDetector.Window(h.start(),
                                new QuantileSummary(DriftMaterializer.PROBS, h.quantiles(), h.present())));
                    }
                }
                unitChanges.locate(feature, new QuantileSummary(DriftMaterializer.PROBS, ref, refN.get(feature)), windows)
                        .ifPresent(f -> findings.add(new QualityFinding(feature, f.since(), "unit_change", f.fit().scale(),
                                "critical", f.message())));
            }
        }
        findings.addAll(unseen.find(conn, from, to));
        return findings;
    }

    private static String trim(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private void latestRun(List<QualityFinding> out, String feature, List<Hour> hours, String kind,
            java.util.function.Predicate<Hour> breach, java.util.function.ToDoubleFunction<Hour> value, String severity,
            java.util.function.DoubleFunction<String> message) {
        int last = hours.size() - 1;
        while (last >= 0 && !breach.test(hours.get(last))) {
            last--;
        }
        if (last < 0) {
            return;
        }
        int first = last;
        while (first > 0 && breach.test(hours.get(first - 1))) {
            first--;
        }
        double v = value.applyAsDouble(hours.get(last));
        Instant since = hours.get(first).start();
        out.add(new QualityFinding(feature, since, kind, v, severity, message.apply(v) + " since " + since
                + (last < hours.size() - 1 ? " (until " + hours.get(last + 1).start() + ")" : "")));
    }
}
