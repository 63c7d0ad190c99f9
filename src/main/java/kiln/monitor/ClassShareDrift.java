package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import kiln.domain.DriftLevel;
import kiln.domain.DriftScore;
import kiln.drift.CategoryDrift;
import kiln.drift.DriftThresholds;
import kiln.store.Timestamps;

/**
 * Label drift of a multi-class label: per window, the labelled classes' shares against those of the
 * training window of the version that made the window's predictions, judged by the chi-square test
 * of homogeneity at the window's false-alarm level (as a binary label's positive rate is judged by the
 * two-proportion test), so a stable label colours a window in at most 1 % of 42-day periods. Read on demand from the predictions' label codes; classes the reference
 * never saw fall in a last "new class" bucket.
 */
final class ClassShareDrift {

    private ClassShareDrift() {}

    /** One score per window with labels ({@code unit}: 'day' or 'hour'); empty for a model without a registered version. */
    static List<DriftScore> scores(Connection conn, MonitorSetup setup, String unit, DriftThresholds thresholds) throws SQLException {
        int buckets = setup.spec().classes().size() + 1;
        Map<Integer, long[]> references = new HashMap<>();
        List<DriftScore> scores = new ArrayList<>();
        String sql = "SELECT date_trunc(?, " + MonitorSetup.TIME + ") AS w, max(model_version), list(label_code) FROM "
                + setup.predictions() + " WHERE label_code IS NOT NULL GROUP BY w ORDER BY w";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, unit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant start = Timestamps.read(rs, 1);
                    int version = rs.getInt(2);
                    long[] reference = references.containsKey(version) ? references.get(version)
                            : reference(conn, setup, version, buckets);
                    references.put(version, reference);
                    if (reference == null) {
                        continue;
                    }
                    long[] current = new long[buckets];
                    Object[] codes = (Object[]) rs.getArray(3).getArray();
                    for (Object code : codes) {
                        current[bucket(((Number) code).intValue(), buckets)]++;
                    }
                    Duration length = "hour".equals(unit) ? Duration.ofHours(1) : Duration.ofDays(1);
                    double alpha = thresholds.alpha(length);
                    CategoryDrift d = CategoryDrift.evaluate(reference, current, alpha, thresholds);
                    DriftLevel level = !d.judged() ? DriftLevel.TOO_FEW : d.pValue() < alpha ? DriftLevel.ALERT : DriftLevel.OK;
                    Instant end = start.plus(length);
                    scores.add(new DriftScore(DriftMaterializer.LABEL, start, end, codes.length, d.psi(), d.distance(), d.pValue(),
                            Double.NaN, level));
                }
            }
        }
        return scores;
    }

    /** Class counts of the version's training window (null when its window is unknown or unlabelled). */
    private static long[] reference(Connection conn, MonitorSetup setup, int version, int buckets) throws SQLException {
        Reference window = ReferenceResolver.trainingWindow(conn, setup.modelName(), version);
        if (window == null) {
            return null;
        }
        long[] counts = new long[buckets];
        try (PreparedStatement ps = conn.prepareStatement("SELECT label_code, count(*) FROM " + setup.readings() + " WHERE "
                + MonitorSetup.TIME + " >= ? AND " + MonitorSetup.TIME + " < ? AND label_code IS NOT NULL GROUP BY 1")) {
            Timestamps.bind(ps, 1, window.start());
            Timestamps.bind(ps, 2, window.end());
            try (ResultSet rs = ps.executeQuery()) {
                long n = 0;
                while (rs.next()) {
                    int b = bucket(rs.getInt(1), buckets);
                    if (b < buckets - 1) {
                        counts[b] += rs.getLong(2);
                        n += rs.getLong(2);
                    }
                }
                return n == 0 ? null : counts;
            }
        }
    }

    private static int bucket(int code, int buckets) {
        return code >= 0 && code < buckets - 1 ? code : buckets - 1;
    }
}
