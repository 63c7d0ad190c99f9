package kiln.monitor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import kiln.domain.DriftLevel;
import kiln.domain.QualityFinding;
import kiln.drift.AlertHysteresis;
import kiln.drift.DataQuality;
import kiln.drift.DriftThresholds;
import kiln.drift.FeatureDrift;
import kiln.drift.NullThresholds;
import kiln.drift.QualitySummary;
import kiln.drift.SensorState;
import kiln.store.Timestamps;

/**
 * The per-feature alert rules over complete day (or hour) windows: {@code drift} fires on a window
 * whose verdict is drift, {@code quality} on a window breaching a data-quality check (the out-of-range
 * test at the window's false-alarm level). Each window's note says what was seen, on which feature,
 * since when (the start of the run of breaching windows) and against which reference.
 */
final class FeatureRules {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final MonitorSetup setup;
    private final DriftThresholds thresholds;
    private final DataQuality.Thresholds quality = DataQuality.Thresholds.defaults();

    FeatureRules(MonitorSetup setup, DriftThresholds thresholds) {
        this.setup = setup;
        this.thresholds = thresholds;
    }

    /** One window of one feature with its reference, as the rules read it. */
    private record Window(String feature, Instant start, Instant end, String level, double psi, double ksP, double wasserstein,
            QualitySummary summary, String refKey, Instant refStart, Instant refEnd, long refN, long refMissing, double refMin,
            double refMax, double refStd, NullThresholds nulls) {
    }

    void evaluate(Connection conn, AlertRule rule, Instant now, boolean isQuality) throws SQLException {
        double fire = rule.fireThreshold() != null ? rule.fireThreshold() : 0.5;
        double resolve = rule.resolveThreshold() != null ? rule.resolveThreshold() : fire;
        AlertHysteresis.Rule h = new AlertHysteresis.Rule(AlertHysteresis.Direction.ABOVE, fire, Math.min(fire, resolve),
                rule.forWindows(), rule.resolveWindows());
        Duration length = KpiMaterializer.HOUR.equals(rule.granularity()) ? Duration.ofHours(1) : Duration.ofDays(1);
        double alpha = thresholds.alpha(length);
        Map<String, List<Window>> byFeature = read(conn, rule.granularity(), now, isQuality);
        Map<String, Map<Instant, AlertWriter.Row>> existing = AlertWriter.existingByFeature(conn, setup.modelName(), rule.rule());
        for (var e : byFeature.entrySet()) {
            List<AlertWriter.Observation> observations = new ArrayList<>();
            Instant runStart = null;
            for (Window w : e.getValue()) {
                double value = isQuality ? qualityValue(w, alpha) : driftValue(w);
                boolean breach = h.breaches(value);
                runStart = breach ? (runStart == null ? w.start() : runStart) : Double.isNaN(value) ? runStart : null;
                String note = !breach ? null : isQuality ? qualityNote(conn, w, alpha, runStart) : driftNote(w, runStart);
                observations.add(new AlertWriter.Observation(w.start(), w.end(), w.end(), value, null, note));
            }
            AlertWriter.evaluate(conn, setup.modelName(), rule, e.getKey(), h, observations,
                    existing.getOrDefault(e.getKey(), Map.of()));
        }
    }

    private Map<String, List<Window>> read(Connection conn, String granularity, Instant now, boolean isQuality) throws SQLException {
        Map<String, List<Window>> byFeature = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT d.feature, d.window_start, d.window_end, d.level, d.psi, d.ks_p, "
                + "d.wasserstein, d.rows_total, d.missing, d.outside_range, d.min_value, d.max_value, d.variance, d.ref_key, "
                + "r.window_start, r.window_end, r.n, r.min_value, r.max_value, r.std, r.null_sizes, r.null_psi, r.null_wasserstein, "
                + "r.missing FROM drift_window d LEFT JOIN drift_reference r ON r.model_name = d.model_name AND r.ref_key = d.ref_key "
                + "AND r.feature = d.feature WHERE d.model_name = ? AND d.granularity = ? AND d.window_end <= ? "
                + (isQuality ? "AND d.feature NOT LIKE '(%' " : "") + "ORDER BY d.feature, d.window_start")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, granularity);
            Timestamps.bind(ps, 3, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] sizes = SqlText.longs(rs, 21);
                    NullThresholds nulls = sizes == null ? null : new NullThresholds(sizes, SqlText.doubles(rs, 22), SqlText.doubles(rs, 23));
                    Window w = new Window(rs.getString(1), Timestamps.read(rs, 2), Timestamps.read(rs, 3), rs.getString(4),
                            SqlText.doubleOrNaN(rs, 5), SqlText.doubleOrNaN(rs, 6), SqlText.doubleOrNaN(rs, 7),
                            new QualitySummary(rs.getLong(8), rs.getLong(9), rs.getLong(10), SqlText.doubleOrNaN(rs, 11),
                                    SqlText.doubleOrNaN(rs, 12), SqlText.doubleOrNaN(rs, 13)),
                            rs.getString(14), Timestamps.read(rs, 15), Timestamps.read(rs, 16), rs.getLong(17), rs.getLong(24),
                            SqlText.doubleOrNaN(rs, 18), SqlText.doubleOrNaN(rs, 19), SqlText.doubleOrNaN(rs, 20), nulls);
                    byFeature.computeIfAbsent(w.feature(), f -> new ArrayList<>()).add(w);
                }
            }
        }
        return byFeature;
    }

    /** 1 for a drifted window, 0 for a judged one that did not drift, NaN (no evidence) when too few rows to judge. */
    private static double driftValue(Window w) {
        if (DriftLevel.TOO_FEW.stored().equals(w.level()) || w.level() == null) {
            return Double.NaN;
        }
        return DriftLevel.ALERT.stored().equals(w.level()) ? 1 : 0;
    }

    private DataQuality.Report check(Window w, double alpha) {
        return DataQuality.check(w.summary(), Double.isNaN(w.refStd()) ? 0 : w.refStd(), w.refN(), w.refMissing(), alpha, quality);
    }

    /** 1 for a breaching window, 0 for a clean one, NaN (no evidence either way) for a window without rows. */
    private double qualityValue(Window w, double alpha) {
        if (w.summary().rows() == 0) {
            return Double.NaN;
        }
        if (categorical(w.feature())) {
            // outside_range counts values of a category the reference never saw: each one is a finding
            return w.summary().outsideRange() > 0 ? 1 : 0;
        }
        return check(w, alpha).level() == DriftLevel.ALERT ? 1 : 0;
    }

    private String driftNote(Window w, Instant since) {
        double ne = FeatureDrift.effectiveSize(w.refN(), w.summary().present());
        String chance = w.nulls() == null ? "" : String.format(Locale.ROOT, " (chance: up to %.2f)", w.nulls().psiAt(ne));
        return String.format(Locale.ROOT, "%s drifted: shifted by %.2f reference standard deviations (Wasserstein), PSI %.2f%s, "
                + "KS p = %.1g on %d values; since %s UTC, against %s", w.feature(), w.wasserstein(), w.psi(), chance, w.ksP(),
                w.summary().present(), MINUTE.format(since), reference(w));
    }

    private boolean categorical(String feature) {
        return setup.categoricalFeatures().stream().anyMatch(f -> f.name().equals(feature));
    }

    private String qualityNote(Connection conn, Window w, double alpha, Instant since) throws SQLException {
        if (categorical(w.feature())) {
            return String.format(Locale.ROOT, "%d of %d %s values are categories the reference never saw (the data-quality panel "
                    + "names them); since %s UTC", w.summary().outsideRange(), w.summary().present(), w.feature(), MINUTE.format(since));
        }
        DataQuality.Report report = check(w, alpha);
        List<String> seen = new ArrayList<>();
        String feature = w.feature();
        if (report.sensor() == SensorState.DEAD) {
            seen.add(feature + " sent no values at all (dead sensor or broken pipeline)");
        } else if (report.sensor() == SensorState.STUCK) {
            seen.add(String.format(Locale.ROOT, "%s is stuck at %s (no variation over %d values)", feature, plain(w.summary().max()),
                    w.summary().present()));
        }
        if (report.missingBreach() && report.sensor() != SensorState.DEAD) {
            seen.add(String.format(Locale.ROOT, "%s is missing in %d of %d rows (%.1f %%), where the reference had %.2g %% (P = %.1g)",
                    feature, w.summary().missing(), w.summary().rows(), 100 * report.missingRate(),
                    100.0 * w.refMissing() / Math.max(1, w.refN() + w.refMissing()), report.missingP()));
        }
        boolean named = false;
        if (report.outsideBreach()) {
            for (QualityFinding f : new QualityFindings(thresholds).find(conn, setup.modelName(), w.end().minus(Duration.ofDays(7)),
                    w.end())) {
                if (f.feature().equals(feature) && f.kind().equals("unit_change")) {
                    seen.add(f.message()); // it says since when itself
                    named = true;
                }
            }
            seen.add(String.format(Locale.ROOT, "%d of %d %s values lie outside the reference range [%s, %s], where chance "
                    + "puts %.2g %% (P = %.1g)", w.summary().outsideRange(), w.summary().present(), feature, plain(w.refMin()),
                    plain(w.refMax()), 100 * DataQuality.expectedOutsideShare(w.refN()), report.outsideRangeP()));
        }
        return String.join("; ", seen) + (named ? "; " : "; since " + MINUTE.format(since) + " UTC, ") + "against " + reference(w);
    }

    /** A value with up to six significant digits and no trailing zeros ("12", "346.575"). */
    private static String plain(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** Which reference, in words: "v1's training window (…)", "v2's first 1000 predictions (…)", "the first week of data (…)". */
    private static String reference(Window w) {
        String span = w.refStart() == null ? "" : " (" + MINUTE.format(w.refStart()) + " – " + MINUTE.format(w.refEnd()) + " UTC)";
        boolean prediction = DriftMaterializer.PREDICTION.equals(w.feature());
        String version = w.refKey().startsWith("v") ? w.refKey() + "'s " : "the ";
        if (prediction) {
            return version + "first " + w.refN() + " predictions" + span;
        }
        return (Reference.FIRST_WEEK.equals(w.refKey()) ? "the first week of data" : version + "training window") + span;
    }
}
