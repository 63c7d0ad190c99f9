package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import kiln.domain.DriftScore;
import kiln.drift.BinnedDistribution;
import kiln.drift.DriftLevel;
import kiln.drift.DriftThresholds;
import kiln.drift.FeatureDrift;
import kiln.drift.QuantileSummary;
import kiln.store.Timestamps;

/**
 * Writes tables {@code drift_reference} and {@code drift_window}. A reference is summarised once
 * (decile edges, quantiles, range, spread); each window is summarised in one SQL pass over its rows
 * (bin counts on the reference edges, quantiles, missing/outside-range/min/max/variance for every
 * feature at once) and the drift statistics are computed from those summaries in Java.
 */
final class DriftMaterializer {
    static final String PREDICTION = "(prediction)";
    static final String LABEL = "(label)";
    static final int BINS = 10;
    /** Quantile grid shared by references and windows: 0, 0.05, ..., 1. */
    static final double[] PROBS = QuantileSummary.evenProbs(20);

    /** One summarised column of a table: a feature of the readings or the predicted probability. */
    record Column(String feature, String expression) {
    }

    /** A table with a process_time column and the columns to summarise. */
    record Source(String table, List<Column> columns, String name) {
    }

    /** A reference summary of one column. */
    record RefStats(String feature, double[] edges, long[] counts, double[] quantiles, long n, long positives,
            double min, double max, double std) {
        BinnedDistribution bins() {
            return new BinnedDistribution(edges, counts, 0);
        }

        QuantileSummary quantileSummary() {
            return quantiles == null ? null : new QuantileSummary(PROBS, quantiles, n);
        }
    }

    private final MonitorSetup setup;
    private final DriftThresholds thresholds;
    private final Map<String, Map<String, RefStats>> referenceCache = new HashMap<>();

    DriftMaterializer(MonitorSetup setup, DriftThresholds thresholds) {
        this.setup = setup;
        this.thresholds = thresholds;
    }

    Source readings() {
        List<Column> columns = setup.features().stream().map(f -> new Column(f.name(), f.column())).toList();
        return new Source(setup.readings(), columns, "readings");
    }

    Source predictions() {
        return new Source(setup.predictions(), List.of(new Column(PREDICTION, "probability")), "predictions");
    }

    void clear(Connection conn) throws SQLException {
        referenceCache.clear();
        for (String table : List.of("drift_window", "drift_reference")) {
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + table + " WHERE model_name = ?")) {
                ps.setString(1, setup.modelName());
                ps.executeUpdate();
            }
        }
    }

    /** Recomputes the windows of {@code unit} (HOURS or DAYS) overlapping [from, to] for one source. */
    void recompute(Connection conn, Source source, ChronoUnit unit, Instant from, Instant to, ReferenceResolver resolver)
            throws SQLException {
        Instant start = from.truncatedTo(unit);
        Instant end = to.truncatedTo(unit).plus(1, unit);
        // Consecutive windows sharing a reference are summarised by one query.
        Instant runStart = start;
        Reference runRef = resolver.at(start);
        for (Instant w = start; !w.isAfter(end); w = w.plus(1, unit)) {
            Reference ref = w.equals(end) ? null : resolver.at(w);
            if (w.equals(end) || !sameKey(ref, runRef)) {
                if (runRef != null) {
                    recomputeRun(conn, source, unit, runStart, w, runRef);
                }
                runStart = w;
                runRef = ref;
            }
        }
    }

    private static boolean sameKey(Reference a, Reference b) {
        return a == null ? b == null : b != null && a.key().equals(b.key());
    }

    private void recomputeRun(Connection conn, Source source, ChronoUnit unit, Instant from, Instant to, Reference ref)
            throws SQLException {
        Map<String, RefStats> refs = reference(conn, ref);
        String granularity = unit == ChronoUnit.HOURS ? KpiMaterializer.HOUR : KpiMaterializer.DAY;
        List<String> features = source.columns().stream().map(Column::feature).toList();
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM drift_window WHERE model_name = ? AND granularity = ? "
                + "AND list_contains(?, feature) AND window_start >= ? AND window_start < ?")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, granularity);
            ps.setObject(3, conn.createArrayOf("VARCHAR", features.toArray()));
            Timestamps.bind(ps, 4, from);
            Timestamps.bind(ps, 5, to);
            ps.executeUpdate();
        }
        List<String> values = new ArrayList<>();
        String unitName = unit == ChronoUnit.HOURS ? "hour" : "day";
        try (PreparedStatement ps = conn.prepareStatement(summarySql(source, refs, unitName))) {
            Timestamps.bind(ps, 1, from);
            Timestamps.bind(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant ws = Timestamps.read(rs, 1);
                    long rows = rs.getLong(2);
                    for (int f = 0; f < source.columns().size(); f++) {
                        int c = 3 + f * 7;
                        String feature = source.columns().get(f).feature();
                        values.add(windowRow(granularity, feature, ws, ws.plus(1, unit), ref.key(), rows, rs, c,
                                refs.get(feature)));
                    }
                }
            }
        }
        insertRows(conn, values);
    }

    private String windowRow(String granularity, String feature, Instant ws, Instant we, String refKey, long rows,
            ResultSet rs, int c, RefStats ref) throws SQLException {
        long missing = rs.getLong(c);
        long outside = rs.getLong(c + 1);
        double min = SqlText.doubleOrNaN(rs, c + 2);
        double max = SqlText.doubleOrNaN(rs, c + 3);
        double variance = SqlText.doubleOrNaN(rs, c + 4);
        double[] quantiles = SqlText.doubles(rs, c + 5);
        long[] counts = SqlText.longs(rs, c + 6);
        FeatureDrift drift = evaluate(feature, ref, counts, quantiles, rows - missing);
        return "(" + SqlText.string(setup.modelName()) + "," + SqlText.string(granularity) + "," + SqlText.string(feature)
                + "," + SqlText.string(Timestamps.toDb(ws).toString()) + "::TIMESTAMP," + SqlText.string(Timestamps.toDb(we).toString())
                + "::TIMESTAMP," + SqlText.string(refKey) + "," + rows + "," + missing + "," + outside + ","
                + SqlText.number(min) + "," + SqlText.number(max) + "," + SqlText.number(variance) + ","
                + SqlText.longList(counts) + "," + (quantiles == null || Double.isNaN(quantiles[0]) ? "NULL" : SqlText.doubleList(quantiles))
                + "," + SqlText.number(drift == null ? Double.NaN : drift.psi())
                + "," + SqlText.number(drift == null ? Double.NaN : drift.ks().statistic())
                + "," + SqlText.number(drift == null ? Double.NaN : drift.ks().pValue())
                + "," + SqlText.number(drift == null ? Double.NaN : drift.wasserstein())
                + "," + SqlText.string(drift == null ? DriftScore.OK : level(drift.level())) + ")";
    }

    /** The drift statistics of a window's summaries against the reference (null for an empty window). */
    FeatureDrift evaluate(String feature, RefStats ref, long[] counts, double[] quantiles, long present) {
        if (ref == null || present == 0 || ref.n() == 0 || quantiles == null || Double.isNaN(quantiles[0])) {
            return null;
        }
        return FeatureDrift.evaluate(feature, ref.bins(), new BinnedDistribution(ref.edges(), counts, 0),
                ref.quantileSummary(), new QuantileSummary(PROBS, quantiles, present), thresholds);
    }

    static String level(DriftLevel level) {
        return switch (level) {
            case ALERT -> DriftScore.ALERT;
            case WARN -> DriftScore.WARN;
            default -> DriftScore.OK;
        };
    }

    private static void insertRows(Connection conn, List<String> values) throws SQLException {
        try (Statement st = conn.createStatement()) {
            for (int i = 0; i < values.size(); i += 1000) {
                st.execute("INSERT INTO drift_window VALUES " + String.join(",", values.subList(i, Math.min(values.size(), i + 1000))));
            }
        }
    }

    /** One pass: per window, for each column, missing, outside range, min, max, variance, quantiles, bin counts. */
    private static String summarySql(Source source, Map<String, RefStats> refs, String unit) {
        StringBuilder inner = new StringBuilder("SELECT process_time");
        StringBuilder outer = new StringBuilder("SELECT date_trunc('" + unit + "', process_time) AS w, count(*)");
        for (int i = 0; i < source.columns().size(); i++) {
            Column col = source.columns().get(i);
            String x = "c" + i;
            inner.append(", CASE WHEN isnan(").append(col.expression()).append(") THEN NULL ELSE ")
                    .append(col.expression()).append("::DOUBLE END AS ").append(x);
            RefStats ref = refs.get(col.feature());
            double lo = ref == null ? Double.NEGATIVE_INFINITY : ref.min();
            double hi = ref == null ? Double.POSITIVE_INFINITY : ref.max();
            outer.append(", count(*) - count(").append(x).append(")");
            outer.append(", count(").append(x).append(") FILTER (").append(x).append(" < ").append(finite(lo, -1e300))
                    .append(" OR ").append(x).append(" > ").append(finite(hi, 1e300)).append(")");
            outer.append(", min(").append(x).append("), max(").append(x).append("), var_samp(").append(x).append(")");
            outer.append(", quantile_cont(").append(x).append(", ").append(SqlText.doubleList(PROBS)).append(")");
            outer.append(", ").append(binCounts(x, ref == null ? new double[0] : ref.edges()));
        }
        inner.append(" FROM ").append(source.table()).append(" WHERE process_time >= ? AND process_time < ?");
        return outer + " FROM (" + inner + ") GROUP BY w ORDER BY w";
    }

    private static String finite(double v, double fallback) {
        return SqlText.number(Double.isFinite(v) ? v : fallback);
    }

    /** [count in bin 0, ..., count in bin k-1] with bin i = (e[i-1], e[i]] as in BinnedDistribution. */
    static String binCounts(String x, double[] edges) {
        StringBuilder sb = new StringBuilder("[");
        for (int b = 0; b <= edges.length; b++) {
            sb.append(b == 0 ? "" : ", ").append("count(").append(x).append(") FILTER (");
            if (b > 0) {
                sb.append(x).append(" > ").append(SqlText.number(edges[b - 1]));
            }
            if (b > 0 && b < edges.length) {
                sb.append(" AND ");
            }
            if (b < edges.length) {
                sb.append(x).append(" <= ").append(SqlText.number(edges[b]));
            }
            if (edges.length == 0) {
                sb.append("true");
            }
            sb.append(")");
        }
        return sb.append("]::BIGINT[]").toString();
    }

    /** The reference summaries of every column (readings, predictions, labels), computed once and stored. */
    Map<String, RefStats> reference(Connection conn, Reference ref) throws SQLException {
        Map<String, RefStats> cached = referenceCache.get(ref.key());
        if (cached != null) {
            return cached;
        }
        Map<String, RefStats> stored = loadReference(conn, ref.key());
        if (stored.isEmpty()) {
            computeReference(conn, ref, readings(), "process_time >= ? AND process_time < ?", ref.start(), ref.end());
            Instant[] predictionWindow = predictionReferenceWindow(conn, ref);
            if (predictionWindow != null) {
                computeReference(conn, ref, predictions(), "process_time >= ? AND process_time < ?"
                        + (ref.version() == null ? "" : " AND model_version = " + ref.version()),
                        predictionWindow[0], predictionWindow[1]);
            }
            computeLabelReference(conn, ref);
            stored = loadReference(conn, ref.key());
        }
        referenceCache.put(ref.key(), stored);
        return stored;
    }

    /** Predictions have no training-time counterpart: the version's first day of predictions stands in. */
    private Instant[] predictionReferenceWindow(Connection conn, Reference ref) throws SQLException {
        String where = ref.version() == null ? "" : " WHERE model_version = " + ref.version();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT min(process_time) FROM " + setup.predictions() + where)) {
            rs.next();
            Instant first = Timestamps.read(rs, 1);
            if (first == null) {
                return null;
            }
            long days = ref.version() == null ? 7 : 1;
            return new Instant[] {first, first.plus(days, ChronoUnit.DAYS)};
        }
    }

    private void computeReference(Connection conn, Reference ref, Source source, String where, Instant from, Instant to)
            throws SQLException {
        double[] deciles = new double[BINS - 1];
        for (int i = 1; i < BINS; i++) {
            deciles[i - 1] = (double) i / BINS;
        }
        for (Column col : source.columns()) {
            String x = "CASE WHEN isnan(" + col.expression() + ") THEN NULL ELSE " + col.expression() + "::DOUBLE END";
            String base = "(SELECT " + x + " AS x FROM " + source.table() + " WHERE " + where + ")";
            double[] edges;
            double[] quantiles;
            long n;
            double min;
            double max;
            double std;
            try (PreparedStatement ps = conn.prepareStatement("SELECT quantile_cont(x, " + SqlText.doubleList(deciles)
                    + "), quantile_cont(x, " + SqlText.doubleList(PROBS) + "), count(x), min(x), max(x), stddev_samp(x) FROM " + base)) {
                Timestamps.bind(ps, 1, from);
                Timestamps.bind(ps, 2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n = rs.getLong(3);
                    if (n == 0) {
                        continue;
                    }
                    edges = strictlyIncreasing(SqlText.doubles(rs, 1));
                    quantiles = SqlText.doubles(rs, 2);
                    min = rs.getDouble(4);
                    max = rs.getDouble(5);
                    std = SqlText.doubleOrNaN(rs, 6);
                }
            }
            long[] counts;
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + binCounts("x", edges) + " FROM " + base)) {
                Timestamps.bind(ps, 1, from);
                Timestamps.bind(ps, 2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    counts = SqlText.longs(rs, 1);
                }
            }
            insertReference(conn, ref, new RefStats(col.feature(), edges, counts, quantiles, n, 0, min, max, std), from, to);
        }
    }

    private void computeLabelReference(Connection conn, Reference ref) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(l.quality), count(*) FILTER (l.quality = "
                + setup.positiveLabel() + ") FROM " + setup.readings() + " r JOIN " + setup.labels()
                + " l ON l.pid = r.pid WHERE r.process_time >= ? AND r.process_time < ?")) {
            Timestamps.bind(ps, 1, ref.start());
            Timestamps.bind(ps, 2, ref.end());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                insertReference(conn, ref, new RefStats(LABEL, null, null, null, rs.getLong(1), rs.getLong(2),
                        Double.NaN, Double.NaN, Double.NaN), ref.start(), ref.end());
            }
        }
    }

    private void insertReference(Connection conn, Reference ref, RefStats s, Instant from, Instant to) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("INSERT OR REPLACE INTO drift_reference VALUES (" + SqlText.string(setup.modelName()) + ","
                    + SqlText.string(ref.key()) + "," + SqlText.string(s.feature()) + ","
                    + SqlText.string(Timestamps.toDb(from).toString()) + "::TIMESTAMP," + SqlText.string(Timestamps.toDb(to).toString())
                    + "::TIMESTAMP," + SqlText.doubleList(s.edges()) + "," + (s.counts() == null ? "NULL" : SqlText.longList(s.counts()))
                    + "," + SqlText.doubleList(s.quantiles()) + "," + s.n() + "," + s.positives() + ","
                    + SqlText.number(s.min()) + "," + SqlText.number(s.max()) + "," + SqlText.number(s.std()) + ")");
        }
    }

    Map<String, RefStats> loadReference(Connection conn, String key) throws SQLException {
        Map<String, RefStats> refs = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT feature, edges, counts, quantiles, n, positives, min_value, "
                + "max_value, std FROM drift_reference WHERE model_name = ? AND ref_key = ?")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    refs.put(rs.getString(1), new RefStats(rs.getString(1), SqlText.doubles(rs, 2), SqlText.longs(rs, 3),
                            SqlText.doubles(rs, 4), rs.getLong(5), rs.getLong(6), SqlText.doubleOrNaN(rs, 7),
                            SqlText.doubleOrNaN(rs, 8), SqlText.doubleOrNaN(rs, 9)));
                }
            }
        }
        return refs;
    }

    private static double[] strictlyIncreasing(double[] values) {
        TreeSet<Double> set = new TreeSet<>();
        for (double v : values) {
            if (!Double.isNaN(v)) {
                set.add(v);
            }
        }
        return set.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
