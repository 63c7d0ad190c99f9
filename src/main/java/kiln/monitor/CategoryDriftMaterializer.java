package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import kiln.domain.DriftLevel;
import kiln.drift.CategoryDrift;
import kiln.drift.DriftThresholds;
import kiln.store.Timestamps;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Drift windows of the categorical features, written to {@code drift_window} beside the numeric
 * features' rows so the heatmap, the drift and quality rules and the data-set drift share read them
 * alike. An hour's row counts the feature's values in its reference's buckets ({@link CategoryReference}:
 * the common reference categories one by one, the rare ones together, the unseen ones last) with
 * {@code outside_range} = the values the reference never had; {@code psi}, {@code ks_d} (the total
 * variation distance) and {@code ks_p} (the chi-square p-value) are {@link CategoryDrift}'s; a day's
 * counts are the sum of its hours'. Value columns a category does not have (min, max, mean, quantiles)
 * stay NULL.
 *
 * <p>References are summarised from the readings of the reference window (one grouped pass) and kept
 * once the window has settled ({@link DriftMaterializer#SETTLE} after its end); until then each update
 * summarises them again, and the monitor recomputes the windows of a reference that grew.
 */
final class CategoryDriftMaterializer {

    private final MonitorSetup setup;
    private final List<MonitorSetup.Feature> features;
    private final DriftThresholds thresholds;
    private final PreparedCache statements;
    /** Settled references by key, then feature. */
    private final Map<String, Map<String, CategoryReference>> settled = new HashMap<>();

    CategoryDriftMaterializer(MonitorSetup setup, DriftThresholds thresholds, PreparedCache statements) {
        this.setup = setup;
        this.features = setup.categoricalFeatures();
        this.thresholds = thresholds;
        this.statements = statements;
    }

    /** Whether the data set has categorical features at all (every call is a no-op without). */
    boolean active() {
        return !features.isEmpty();
    }

    /** One window's counts of one feature in its reference's buckets. */
    private record Window(String feature, Instant start, Instant end, String refKey, long rows, long missing, long[] counts) {
        long unseen() {
            return counts == null ? 0 : counts[counts.length - 1];
        }
    }

    /** Recomputes the hour windows overlapping [from, to] from the readings, then the days holding them. */
    void recompute(Connection conn, Instant from, Instant to, ReferenceResolver resolver) throws SQLException {
        if (!active()) {
            return;
        }
        Instant start = from.truncatedTo(ChronoUnit.HOURS);
        Instant end = to.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Map<String, Map<String, CategoryReference>> refs = new HashMap<>();
        List<Window> hours = new ArrayList<>();
        for (Map.Entry<Instant, Map<Integer, Map<String, Long>>> hour : hourCounts(conn, start, end).entrySet()) {
            Reference ref = resolver.at(hour.getKey());
            if (ref == null) {
                continue;
            }
            Map<String, CategoryReference> byFeature = reference(conn, ref, refs);
            for (Map.Entry<Integer, Map<String, Long>> f : hour.getValue().entrySet()) {
                String feature = features.get(f.getKey()).name();
                hours.add(window(feature, hour.getKey(), hour.getKey().plus(1, ChronoUnit.HOURS), ref.key(), byFeature.get(feature),
                        f.getValue()));
            }
        }
        delete(conn, KpiMaterializer.HOUR, start, end);
        insert(conn, KpiMaterializer.HOUR, hours, refs);
        Instant dayFrom = from.truncatedTo(ChronoUnit.DAYS);
        Instant dayTo = to.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        List<Window> days = days(conn, dayFrom, dayTo, resolver, refs);
        delete(conn, KpiMaterializer.DAY, dayFrom, dayTo);
        insert(conn, KpiMaterializer.DAY, days, refs);
    }

    private static Window window(String feature, Instant start, Instant end, String key, CategoryReference ref, Map<String, Long> counts) {
        long rows = 0;
        long missing = 0;
        long[] buckets = new long[ref.buckets()];
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            rows += e.getValue();
            if (e.getKey() == null) {
                missing += e.getValue();
            } else {
                buckets[ref.bucket(e.getKey())] += e.getValue();
            }
        }
        return new Window(feature, start, end, key, rows, missing, buckets);
    }

    /** Count per (hour, feature, value) in [from, to); a null value is a missing one. One grouped pass per feature. */
    private Map<Instant, Map<Integer, Map<String, Long>>> hourCounts(Connection conn, Instant from, Instant to) throws SQLException {
        StringBuilder union = new StringBuilder();
        for (int i = 0; i < features.size(); i++) {
            union.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(MonitorSetup.TIME).append(" AS t, ").append(i)
                    .append(" AS f, CAST(").append(features.get(i).column()).append(" AS VARCHAR) AS v FROM ").append(setup.readings())
                    .append(" WHERE ").append(MonitorSetup.TIME).append(" >= ? AND ").append(MonitorSetup.TIME).append(" < ?");
        }
        Map<Instant, Map<Integer, Map<String, Long>>> out = new TreeMap<>();
        try (PreparedStatement ps = statements.prepare(conn, "SELECT date_trunc('hour', t) AS w, f, v, count(*) FROM (" + union
                + ") GROUP BY w, f, v")) {
            for (int i = 0; i < features.size(); i++) {
                Timestamps.bind(ps, 1 + 2 * i, from);
                Timestamps.bind(ps, 2 + 2 * i, to);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(Timestamps.read(rs, 1), w -> new TreeMap<>()).computeIfAbsent(rs.getInt(2), f -> new HashMap<>())
                            .put(rs.getString(3), rs.getLong(4));
                }
            }
        }
        return out;
    }

    /** Day windows from their stored hours: the hours under the day's reference add up to its counts. */
    private List<Window> days(Connection conn, Instant from, Instant to, ReferenceResolver resolver,
            Map<String, Map<String, CategoryReference>> refs) throws SQLException {
        Map<String, List<Window>> byDay = new LinkedHashMap<>();
        try (PreparedStatement ps = statements.prepare(conn, "SELECT feature, window_start, ref_key, rows_total, missing, counts "
                + "FROM drift_window WHERE model_name = ? AND granularity = ? AND list_contains(?, feature) AND window_start >= ? "
                + "AND window_start < ? ORDER BY feature, window_start")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, KpiMaterializer.HOUR);
            ps.setArray(3, conn.createArrayOf("VARCHAR", featureNames()));
            Timestamps.bind(ps, 4, from);
            Timestamps.bind(ps, 5, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant start = Timestamps.read(rs, 2);
                    Window hour = new Window(rs.getString(1), start, start.plus(1, ChronoUnit.HOURS), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), SqlText.longs(rs, 6));
                    byDay.computeIfAbsent(hour.feature() + "|" + start.truncatedTo(ChronoUnit.DAYS), k -> new ArrayList<>()).add(hour);
                }
            }
        }
        List<Window> days = new ArrayList<>();
        for (List<Window> hours : byDay.values()) {
            Instant day = hours.get(0).start().truncatedTo(ChronoUnit.DAYS);
            Reference ref = resolver.at(day);
            String key = ref == null ? hours.get(0).refKey() : ref.key();
            if (ref != null) {
                reference(conn, ref, refs);
            }
            long rows = 0;
            long missing = 0;
            long[] counts = null;
            for (Window h : hours) {
                rows += h.rows();
                missing += h.missing();
                if (h.refKey().equals(key) && h.counts() != null) {
                    counts = counts == null ? h.counts().clone() : add(counts, h.counts());
                }
            }
            days.add(new Window(hours.get(0).feature(), day, day.plus(1, ChronoUnit.DAYS), key, rows, missing, counts));
        }
        return days;
    }

    private static long[] add(long[] a, long[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            a[i] += b[i];
        }
        return a;
    }

    private Object[] featureNames() {
        return features.stream().map(MonitorSetup.Feature::name).toArray();
    }

    /** The reference's categories per feature: settled ones kept, others summarised once per recompute. */
    private Map<String, CategoryReference> reference(Connection conn, Reference ref, Map<String, Map<String, CategoryReference>> fresh)
            throws SQLException {
        Map<String, CategoryReference> known = settled.get(ref.key());
        if (known != null) {
            fresh.put(ref.key(), known);
            return known;
        }
        known = fresh.get(ref.key());
        if (known != null) {
            return known;
        }
        Map<String, CategoryReference> summary = summarise(conn, ref);
        fresh.put(ref.key(), summary);
        if (!newestReading(conn).isBefore(ref.end().plus(ReferenceStore.SETTLE))) {
            settled.put(ref.key(), summary);
        }
        return summary;
    }

    /** Each feature's count per category over the reference window. */
    private Map<String, CategoryReference> summarise(Connection conn, Reference ref) throws SQLException {
        StringBuilder union = new StringBuilder();
        for (int i = 0; i < features.size(); i++) {
            union.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(" AS f, CAST(").append(features.get(i).column())
                    .append(" AS VARCHAR) AS v FROM ").append(setup.readings()).append(" WHERE ").append(MonitorSetup.TIME)
                    .append(" >= ? AND ").append(MonitorSetup.TIME).append(" < ?");
        }
        List<Map<String, Long>> counts = new ArrayList<>();
        features.forEach(f -> counts.add(new HashMap<>()));
        try (PreparedStatement ps = statements.prepare(conn, "SELECT f, v, count(*) FROM (" + union + ") WHERE v IS NOT NULL GROUP BY f, v")) {
            for (int i = 0; i < features.size(); i++) {
                Timestamps.bind(ps, 1 + 2 * i, ref.start());
                Timestamps.bind(ps, 2 + 2 * i, ref.end());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.get(rs.getInt(1)).put(rs.getString(2), rs.getLong(3));
                }
            }
        }
        Map<String, CategoryReference> out = new HashMap<>();
        for (int i = 0; i < features.size(); i++) {
            out.put(features.get(i).name(), CategoryReference.of(features.get(i).name(), counts.get(i)));
        }
        return out;
    }

    private Instant newestReading(Connection conn) throws SQLException {
        try (PreparedStatement ps = statements.prepare(conn, "SELECT max(" + MonitorSetup.TIME + ") FROM " + setup.readings());
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            Instant t = Timestamps.read(rs, 1);
            return t == null ? Instant.EPOCH : t;
        }
    }

    private void delete(Connection conn, String granularity, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = statements.prepare(conn, "DELETE FROM drift_window WHERE model_name = ? AND granularity = ? "
                + "AND list_contains(?, feature) AND window_start >= ? AND window_start < ?")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, granularity);
            ps.setArray(3, conn.createArrayOf("VARCHAR", featureNames()));
            Timestamps.bind(ps, 4, from);
            Timestamps.bind(ps, 5, to);
            ps.executeUpdate();
        }
    }

    /** Appends the windows with their drift against the reference (same columns as the numeric rows). */
    private void insert(Connection conn, String granularity, List<Window> windows, Map<String, Map<String, CategoryReference>> refs)
            throws SQLException {
        if (windows.isEmpty()) {
            return;
        }
        try (DuckDBAppender appender = conn.unwrap(DuckDBConnection.class).createAppender("main", "drift_window")) {
            for (Window w : windows) {
                Map<String, CategoryReference> byFeature = refs.get(w.refKey());
                CategoryReference ref = byFeature == null ? null : byFeature.get(w.feature());
                CategoryDrift drift = ref == null || w.counts() == null || w.counts().length != ref.buckets() ? CategoryDrift.NONE
                        : CategoryDrift.evaluate(ref.counts(), w.counts(), thresholds.alpha(KpiMaterializer.HOUR.equals(granularity)
                                ? Duration.ofHours(1) : Duration.ofDays(1)), thresholds);
                appender.beginRow().append(setup.modelName()).append(granularity).append(w.feature())
                        .append(Timestamps.toDb(w.start())).append(Timestamps.toDb(w.end())).append(w.refKey())
                        .append(w.rows()).append(w.missing()).append(w.unseen());
                for (int i = 0; i < 4; i++) {
                    appender.appendNull(); // min, max, variance, mean: a category has none
                }
                if (w.counts() == null) {
                    appender.appendNull();
                } else {
                    appender.append(w.counts());
                }
                appender.appendNull(); // quantiles
                appendNumber(appender, drift.psi());
                appendNumber(appender, drift.distance());
                appendNumber(appender, drift.pValue());
                appender.appendNull(); // wasserstein
                appender.append((drift.judged() ? drift.level() : DriftLevel.TOO_FEW).stored());
                appender.appendNull(); // fine bins
                appender.endRow();
            }
        }
    }

    private static void appendNumber(DuckDBAppender appender, double v) throws SQLException {
        if (Double.isFinite(v)) {
            appender.append(v);
        } else {
            appender.appendNull();
        }
    }
}
