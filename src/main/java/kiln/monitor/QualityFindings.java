package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleFunction;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import kiln.domain.AlertSeverity;
import kiln.domain.QualityFinding;
import kiln.drift.DataQuality;
import kiln.drift.DriftThresholds;
import kiln.drift.QualitySummary;
import kiln.drift.QuantileSummary;
import kiln.drift.SensorState;
import kiln.drift.UnitChangeDetector;
import kiln.store.Timestamps;

/**
 * Data-quality findings of a time range from the hourly window summaries: for each feature and check
 * (missing, out_of_range, dead, stuck) the latest run of breaching hours, reported from its first
 * hour; and an upstream unit change, confirmed on the trailing {@link #UNIT_CHANGE_ROWS} values (the
 * newest hours' fine counts added up exactly) and dated by walking back hour by hour
 * ({@link UnitChangeDetector#locate(String, QuantileSummary, QuantileSummary, List)}).
 * Values beyond the reference range breach only when chance cannot explain their number (an exact
 * beta-binomial test at the hour's false-alarm level, see {@link DataQuality}).
 */
final class QualityFindings {
    /** Values a unit change is confirmed on: about 200 resolve a °C→°F switch of a 25 ± 3 °C feature. */
    static final long UNIT_CHANGE_ROWS = 200;

    private final DataQuality.Thresholds thresholds = DataQuality.Thresholds.defaults();
    private final double hourAlpha;
    private final UnitChangeDetector unitChanges = new UnitChangeDetector();

    QualityFindings(DriftThresholds drift) {
        this.hourAlpha = drift.alpha(Duration.ofHours(1));
    }

    private record Hour(Instant start, QualitySummary summary, double[] quantiles, long present, String refKey, long[][] fine) {
    }

    /** The feature's reference as the findings read it (from the newest hour's reference). */
    private record Ref(String key, double[] quantiles, double std, long n, long missing, double min, double max) {
    }

    List<QualityFinding> find(Connection conn, String model, Instant from, Instant to) throws SQLException {
        Map<String, List<Hour>> byFeature = new LinkedHashMap<>();
        Map<String, Ref> refs = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT d.feature, d.window_start, d.rows_total, d.missing, d.outside_range, "
                + "d.min_value, d.max_value, d.variance, d.quantiles, r.quantiles, r.std, r.n, d.ref_key, d.fine_bins, r.min_value, "
                + "r.max_value, r.missing FROM drift_window d "
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
                    byte[] fine = rs.getBytes(14);
                    byFeature.computeIfAbsent(feature, f -> new ArrayList<>()).add(new Hour(Timestamps.read(rs, 2), s,
                            SqlText.doubles(rs, 9), s.present(), rs.getString(13), fine == null ? null : FineBins.decode(fine)));
                    // The newest window's reference is the one the findings are judged against.
                    refs.put(feature, new Ref(rs.getString(13), SqlText.doubles(rs, 10), SqlText.doubleOrNaN(rs, 11), rs.getLong(12),
                            rs.getLong(17), SqlText.doubleOrNaN(rs, 15), SqlText.doubleOrNaN(rs, 16)));
                }
            }
        }
        List<QualityFinding> findings = new ArrayList<>();
        UnseenCategories unseen = UnseenCategories.of(conn, model); // categorical features: see UnseenCategories
        for (var e : byFeature.entrySet()) {
            String feature = e.getKey();
            List<Hour> hours = e.getValue();
            Ref ref = refs.get(feature);
            double std = Double.isNaN(ref.std()) ? 0 : ref.std();
            latestRun(findings, feature, hours, "missing",
                    h -> DataQuality.missingP(h.summary().missing(), h.summary().rows(), ref.missing(), ref.n() + ref.missing()) < hourAlpha,
                    h -> h.summary().missingRate(), AlertSeverity.CRITICAL,
                    v -> String.format(Locale.ROOT, "%s is missing in %.1f %% of rows", feature, 100 * v));
            latestRun(findings, feature, hours, "out_of_range",
                    h -> !unseen.features().contains(feature) && DataQuality.outsideRangeP(h.summary().outsideRange(), h.present(), ref
                            .n()) < hourAlpha,
                    h -> h.summary().outsideRangeShare(), AlertSeverity.WARNING,
                    v -> String.format(Locale.ROOT, "%.1f %% of %s values lie outside the reference range (chance: %.2g %%)",
                            100 * v, feature, 100 * DataQuality.expectedOutsideShare(ref.n())));
            latestRun(findings, feature, hours, "dead",
                    h -> DataQuality.sensorState(h.summary(), std, thresholds) == SensorState.DEAD, h -> 1.0, AlertSeverity.CRITICAL,
                    v -> feature + " sends no values at all (dead sensor or broken pipeline)");
            latestRun(findings, feature, hours, "stuck",
                    h -> DataQuality.sensorState(h.summary(), std, thresholds) == SensorState.STUCK,
                    h -> h.summary().max(), AlertSeverity.CRITICAL,
                    v -> String.format(Locale.ROOT, "%s is stuck at %s (no variation)", feature, trim(v)));
            unitChange(feature, hours, ref).ifPresent(f -> findings.add(new QualityFinding(feature, f.since(), "unit_change",
                    f.fit().scale(), AlertSeverity.CRITICAL, f.message())));
        }
        findings.addAll(unseen.find(conn, from, to));
        return findings;
    }

    /**
     * A unit change confirmed on the newest hours (of the newest reference) that together hold at least
     * {@link #UNIT_CHANGE_ROWS} values, their fine counts added up, then dated hour by hour. When 200
     * values do not confirm it (their quantiles are still noisy in about one case in ten), the trailing
     * 400 and then 800 values are tried: a longer run of converted values only makes the fit surer,
     * and a run that reaches back before the change fits no conversion at all.
     */
    private Optional<UnitChangeDetector.Finding> unitChange(String feature, List<Hour> hours, Ref ref) {
        FineBins grid = ref.n() == 0 ? null : FineBins.of(ref.min(), ref.max());
        if (ref.quantiles() == null || grid == null) {
            return Optional.empty();
        }
        List<UnitChangeDetector.Window> windows = new ArrayList<>();
        for (Hour h : hours) {
            if (h.quantiles() != null && h.present() > 0 && h.refKey().equals(ref.key())) {
                windows.add(new UnitChangeDetector.Window(h.start(), new QuantileSummary(DriftMaterializer.PROBS, h.quantiles(),
                        h.present())));
            }
        }
        QuantileSummary reference = new QuantileSummary(DriftMaterializer.PROBS, ref.quantiles(), ref.n());
        for (long target = UNIT_CHANGE_ROWS; target <= 4 * UNIT_CHANGE_ROWS; target *= 2) {
            QuantileSummary trailing = trailing(hours, ref, grid, target);
            if (trailing == null) {
                break;
            }
            Optional<UnitChangeDetector.Finding> found = unitChanges.locate(feature, reference, trailing, windows);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Quantiles of the newest hours' values (at least {@code target} of them, on one reference), or null. */
    private static QuantileSummary trailing(List<Hour> hours, Ref ref, FineBins grid, long target) {
        List<long[][]> parts = new ArrayList<>();
        long values = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        for (int i = hours.size() - 1; i >= 0 && values < target; i--) {
            Hour h = hours.get(i);
            if (!h.refKey().equals(ref.key())) {
                break;
            }
            if (h.fine() == null) {
                continue;
            }
            parts.add(h.fine());
            values += h.present();
            min = Double.isNaN(min) || h.summary().min() < min ? h.summary().min() : min;
            max = Double.isNaN(max) || h.summary().max() > max ? h.summary().max() : max;
        }
        if (values < target) {
            return null;
        }
        long[][] merged = FineBins.merge(parts);
        double[] quantiles = grid.quantiles(merged[0], merged[1], min, max, DriftMaterializer.PROBS);
        return quantiles == null ? null : new QuantileSummary(DriftMaterializer.PROBS, quantiles, values);
    }

    private static String trim(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private void latestRun(List<QualityFinding> out, String feature, List<Hour> hours, String kind,
            Predicate<Hour> breach, ToDoubleFunction<Hour> value, AlertSeverity severity,
            DoubleFunction<String> message) {
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
