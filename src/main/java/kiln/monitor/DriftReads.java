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
import java.util.Map;

import kiln.domain.DriftLevel;
import kiln.domain.DriftScore;
import kiln.domain.DriftShare;
import kiln.domain.Histogram;
import kiln.domain.KpiGranularity;
import kiln.drift.DatasetDrift;
import kiln.drift.DriftThresholds;
import kiln.drift.LabelDrift;
import kiln.drift.MultipleTesting;
import kiln.drift.PopulationStabilityIndex;
import kiln.drift.TwoProportionTest;
import kiln.store.Timestamps;

/** Reads of the drift tables that combine more than one row: output drift, data-set drift shares, reference against current. */
final class DriftReads {
    private DriftReads() {}

    /** Prediction drift as materialised, plus label drift: per class for multiclass models, Fisher's exact test of the positive rate for binary ones. */
    static List<DriftScore> outputDrift(Connection conn, String modelName, KpiGranularity granularity, DriftThresholds thresholds)
            throws SQLException {
        List<DriftScore> scores = new ArrayList<>(MonitorReads.drift(conn, modelName, granularity, true));
        MonitorSetup setup = MonitorSetup.load(conn, modelName);
        if (!setup.binary()) {
            scores.addAll(ClassShareDrift.scores(conn, setup, granularity == KpiGranularity.DAY ? "day" : "hour", thresholds));
            return scores;
        }
        String gran = granularity == KpiGranularity.DAY ? KpiMaterializer.DAY : KpiMaterializer.HOUR;
        double labelAlpha = thresholds.alpha(granularity == KpiGranularity.DAY ? Duration.ofDays(1) : Duration.ofHours(1));
        try (PreparedStatement ps = conn.prepareStatement("SELECT k.window_start, k.window_end, k.labelled, k.positives, "
                + "r.n, r.positives FROM kpi k JOIN drift_window d ON d.model_name = k.model_name AND d.granularity = k.granularity "
                + "AND d.feature = '(prediction)' AND d.window_start = k.window_start JOIN drift_reference r ON "
                + "r.model_name = k.model_name AND r.ref_key = d.ref_key AND r.feature = '(label)' WHERE k.model_name = ? "
                + "AND k.granularity = ? AND k.series = 'production' AND k.labelled > 0 ORDER BY k.window_start")) {
            ps.setString(1, modelName);
            ps.setString(2, gran);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long n = rs.getLong(3);
                    long pos = rs.getLong(4);
                    long refN = rs.getLong(5);
                    long refPos = rs.getLong(6);
                    TwoProportionTest t = LabelDrift.of(refPos, refN, pos, n);
                    double psi = refN == 0 ? Double.NaN : PopulationStabilityIndex.fromShares(
                            new double[] {(double) refPos / refN, 1 - (double) refPos / refN},
                            new double[] {(double) pos / n, 1 - (double) pos / n});
                    DriftLevel level = !Double.isNaN(t.pValue()) && LabelDrift.drifted(t, labelAlpha) ? DriftLevel.ALERT : DriftLevel.OK;
                    scores.add(new DriftScore(DriftMaterializer.LABEL, Timestamps.read(rs, 1), Timestamps.read(rs, 2), n, psi,
                            Math.abs(t.difference()), t.pValue(), Double.NaN, level));
                }
            }
        }
        return scores;
    }

    /** Per window, the share of features whose KS p-values drifted after Benjamini–Hochberg, and the data-set verdict. */
    static List<DriftShare> datasetShares(List<DriftScore> featureDrift, KpiGranularity granularity, DriftThresholds thresholds) {
        Map<Instant, List<DriftScore>> byWindow = new LinkedHashMap<>();
        for (DriftScore s : featureDrift) {
            byWindow.computeIfAbsent(s.windowStart(), w -> new ArrayList<>()).add(s);
        }
        List<DriftShare> shares = new ArrayList<>();
        // The features' KS p-values at the false-alarm level of the window's length, as the verdicts are judged.
        double alpha = thresholds.alpha(granularity == KpiGranularity.DAY ? Duration.ofDays(1) : Duration.ofHours(1));
        for (List<DriftScore> window : byWindow.values()) {
            Map<String, Double> pValues = new LinkedHashMap<>();
            window.stream().filter(s -> !Double.isNaN(s.ksPValue()) && DriftLevel.TOO_FEW != s.level())
                    .forEach(s -> pValues.put(s.feature(), s.ksPValue()));
            if (pValues.isEmpty()) {
                continue;
            }
            DatasetDrift d = DatasetDrift.of(pValues, MultipleTesting.BENJAMINI_HOCHBERG, alpha, DatasetDrift.DEFAULT_SHARE_THRESHOLD);
            shares.add(new DriftShare(window.get(0).windowStart(), window.get(0).windowEnd(), d.tested(), d.drifted(),
                    d.share(), d.datasetDrift()));
        }
        return shares;
    }

    /** The reference histogram and the merged hourly histograms of [from, to) on the same edges (outer edges widened to both ranges). */
    static Histogram[] referenceAndCurrent(Connection conn, String modelName, String feature, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT r.edges, r.counts, r.min_value, r.max_value, "
                + "list_reduce(list(d.counts), lambda a, b: list_transform(list_zip(a, b), lambda z: z[1] + z[2])), "
                + "min(d.min_value), max(d.max_value) FROM drift_window d JOIN drift_reference r ON r.model_name = d.model_name "
                + "AND r.ref_key = d.ref_key AND r.feature = d.feature WHERE d.model_name = ? AND d.feature = ? AND "
                + "d.granularity = 'hour' AND d.window_start >= ? AND d.window_start < ? AND d.ref_key = (SELECT ref_key FROM "
                + "drift_window WHERE model_name = ? AND feature = ? AND granularity = 'hour' AND window_start < ? "
                + "ORDER BY window_start DESC LIMIT 1) GROUP BY r.edges, r.counts, r.min_value, r.max_value")) {
            ps.setString(1, modelName);
            ps.setString(2, feature);
            Timestamps.bind(ps, 3, from);
            Timestamps.bind(ps, 4, to);
            ps.setString(5, modelName);
            ps.setString(6, feature);
            Timestamps.bind(ps, 7, to);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Histogram[0];
                }
                double[] inner = SqlText.doubles(rs, 1);
                double lo = Math.min(rs.getDouble(3), SqlText.doubleOrNaN(rs, 6) < rs.getDouble(3) ? rs.getDouble(6) : rs.getDouble(3));
                double hi = Math.max(rs.getDouble(4), SqlText.doubleOrNaN(rs, 7) > rs.getDouble(4) ? rs.getDouble(7) : rs.getDouble(4));
                double[] edges = new double[inner.length + 2];
                edges[0] = Math.min(lo, inner.length > 0 ? inner[0] : lo);
                System.arraycopy(inner, 0, edges, 1, inner.length);
                edges[edges.length - 1] = Math.max(hi, inner.length > 0 ? inner[inner.length - 1] : hi);
                return new Histogram[] {new Histogram(edges, SqlText.longs(rs, 2)), new Histogram(edges.clone(), SqlText.longs(rs, 5))};
            }
        }
    }
}
