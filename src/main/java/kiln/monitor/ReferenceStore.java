package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import kiln.drift.DriftReference;
import kiln.drift.GridCounts;
import kiln.drift.NullThresholds;
import kiln.store.Timestamps;

/**
 * Table drift_reference: computes, stores, caches and loads the reference summaries every window is
 * compared with. A reference is summarised once per column: count, range and spread (which fix the
 * column's {@link FineBins} grid), then the counts on that grid, from which the quantiles and the PSI
 * edges are read and the chance thresholds ({@link NullThresholds}) are bootstrapped.
 */
final class ReferenceStore {
    /** Time after a reference's end by which its data and labels have all arrived. */
    static final Duration SETTLE = Duration.ofDays(2).plusHours(1);
    /** Predictions a version's prediction reference is made of (its first ones): a day is far too few to judge by. */
    static final long PREDICTION_REFERENCE_ROWS = 1000;

    private final MonitorSetup setup;
    private final DriftMaterializer.Source readings;
    private final DriftMaterializer.Source predictions;
    private final PreparedCache statements;
    private final Map<String, Map<String, RefStats>> cache = new HashMap<>();
    /** Reference keys recomputed since their windows were, each with whether its readings' summaries changed. */
    private final Map<String, Boolean> refreshed = new HashMap<>();
    /** Cached references known to be final (complete), so not asked again each update. */
    private final Set<String> completeKeys = new HashSet<>();
    /**
     * The last bootstrap per reference and column, with the counts it was drawn from: a provisional
     * reference is recomputed on every update, mostly with unchanged readings (only its predictions
     * still grow), and the same counts give the same thresholds.
     */
    private final Map<String, Bootstrapped> bootstraps = new HashMap<>();

    private record Bootstrapped(long[] keys, long[] counts, double std, NullThresholds nulls) {
        boolean drawnFrom(long[] k, long[] c, double s) {
            return Arrays.equals(keys, k) && Arrays.equals(counts, c) && Double.compare(std, s) == 0;
        }
    }

    ReferenceStore(MonitorSetup setup, DriftMaterializer.Source readings, DriftMaterializer.Source predictions,
            PreparedCache statements) {
        this.setup = setup;
        this.readings = readings;
        this.predictions = predictions;
        this.statements = statements;
    }

    void clearCache() {
        cache.clear();
        completeKeys.clear();
        bootstraps.clear();
    }

    /**
     * The reference summaries of every column (readings, predictions, labels). A reference is final
     * once the newest reading is {@link #SETTLE} past the end of its windows (labels arrive two days
     * late) and its prediction reference holds its {@link #PREDICTION_REFERENCE_ROWS}; until then it is
     * recomputed (once per update) and {@link #takeRefreshed()} names it so that the windows compared
     * with it are recomputed too.
     */
    Map<String, RefStats> reference(Connection conn, Reference ref) throws SQLException {
        Map<String, RefStats> cached = cache.get(ref.key());
        if (cached != null) {
            return cached;
        }
        Map<String, RefStats> stored = load(conn, ref.key());
        boolean storedComplete = !stored.isEmpty() && isComplete(conn, ref.key());
        if (!storedComplete) {
            long t0 = System.nanoTime();
            PredictionWindow predictionWindow = predictionReferenceWindow(conn, ref);
            Instant settledBy = predictionWindow == null || predictionWindow.end().isBefore(ref.end()) ? ref.end()
                    : predictionWindow.end();
            boolean complete = !newestReading(conn).isBefore(settledBy.plus(SETTLE));
            // While it settles, a reference is mostly waiting for its predictions and labels: its readings'
            // summaries are kept as long as no reading joined its window.
            boolean readingsKept = !stored.isEmpty() && storedReadingRows(stored) == readingRows(conn, ref);
            for (String feature : readingsKept ? nonReadingFeatures(stored) : Collections.singletonList((String) null)) {
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM drift_reference WHERE model_name = ? AND ref_key = ? "
                        + "AND (? IS NULL OR feature = ?)")) {
                    ps.setString(1, setup.modelName());
                    ps.setString(2, ref.key());
                    ps.setString(3, feature);
                    ps.setString(4, feature);
                    ps.executeUpdate();
                }
            }
            ModelMonitor.trace("    ref windows", t0);
            if (readingsKept) {
                try (PreparedStatement ps = conn.prepareStatement("UPDATE drift_reference SET complete = ? WHERE model_name = ? "
                        + "AND ref_key = ?")) {
                    ps.setBoolean(1, complete);
                    ps.setString(2, setup.modelName());
                    ps.setString(3, ref.key());
                    ps.executeUpdate();
                }
            } else {
                compute(conn, ref, readings, "event_time >= ? AND event_time < ?", ref.start(), ref.end(), complete);
            }
            ModelMonitor.trace("    ref of readings", t0);
            if (predictionWindow != null) {
                compute(conn, ref, predictions, "event_time >= ? AND event_time < ?"
                        + (ref.version() == null ? "" : " AND model_version = " + ref.version()),
                        predictionWindow.start(), predictionWindow.end(), complete && predictionWindow.full());
            }
            ModelMonitor.trace("    ref of predictions", t0);
            computeLabelReference(conn, ref, complete);
            ModelMonitor.trace("    ref of labels", t0);
            if (!stored.isEmpty()) {
                refreshed.merge(ref.key(), !readingsKept, Boolean::logicalOr);
            }
            stored = load(conn, ref.key());
        }
        cache.put(ref.key(), stored); // incomplete ones are dropped again by startUpdate()
        return stored;
    }

    /** Forgets references that were not final, so the next update recomputes them. */
    void startUpdate(Connection conn) throws SQLException {
        cache.keySet().removeIf(key -> {
            try {
                if (completeKeys.contains(key)) {
                    return false; // a final reference stays final
                }
                if (isComplete(conn, key)) {
                    completeKeys.add(key);
                    return false;
                }
                return true;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Reference keys recomputed with more data since their windows were; cleared by the call. */
    Map<String, Boolean> takeRefreshed() {
        Map<String, Boolean> keys = new HashMap<>(refreshed);
        refreshed.clear();
        return keys;
    }

    /** The rows of the reference window its stored reading summaries were made of (each holds values plus missing ones). */
    private long storedReadingRows(Map<String, RefStats> stored) {
        for (DriftMaterializer.Column c : readings.columns()) {
            RefStats s = stored.get(c.feature());
            if (s != null) {
                return s.n() + s.missing();
            }
        }
        return -1;
    }

    private List<String> nonReadingFeatures(Map<String, RefStats> stored) {
        Set<String> reading = new HashSet<>();
        readings.columns().forEach(c -> reading.add(c.feature()));
        return stored.keySet().stream().filter(f -> !reading.contains(f)).toList();
    }

    private long readingRows(Connection conn, Reference ref) throws SQLException {
        try (PreparedStatement ps = statements.prepare(conn, "SELECT count(*) FROM " + setup.readings()
                + " WHERE event_time >= ? AND event_time < ?")) {
            Timestamps.bind(ps, 1, ref.start());
            Timestamps.bind(ps, 2, ref.end());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A reference's summaries from the cache, else as stored (never recomputed). */
    Map<String, RefStats> cachedOrStored(Connection conn, String key) throws SQLException {
        Map<String, RefStats> cached = cache.get(key);
        return cached != null ? cached : load(conn, key);
    }

    private boolean isComplete(Connection conn, String key) throws SQLException {
        try (PreparedStatement ps = statements.prepare(conn, "SELECT bool_and(complete) FROM drift_reference WHERE model_name = ? AND ref_key = ?")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private Instant newestReading(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT max(event_time) FROM " + setup.readings())) {
            rs.next();
            Instant t = Timestamps.read(rs, 1);
            return t == null ? Instant.EPOCH : t;
        }
    }

    /** [start, end) of a prediction reference; {@code full} once it holds {@link #PREDICTION_REFERENCE_ROWS}. */
    private record PredictionWindow(Instant start, Instant end, boolean full) {
    }

    /**
     * Predictions have no training-time counterpart: the version's first {@link #PREDICTION_REFERENCE_ROWS}
     * predictions stand in (all of them so far while there are fewer; such a reference judges nothing).
     */
    private PredictionWindow predictionReferenceWindow(Connection conn, Reference ref) throws SQLException {
        String where = ref.version() == null ? "" : " WHERE model_version = " + ref.version();
        String sql = "SELECT min(event_time), max(event_time), count(*), (SELECT event_time FROM " + setup.predictions() + where
                + " ORDER BY event_time, row_id LIMIT 1 OFFSET " + (PREDICTION_REFERENCE_ROWS - 1) + ") FROM " + setup.predictions()
                + where;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            Instant first = Timestamps.read(rs, 1);
            if (first == null) {
                return null;
            }
            Instant last = Timestamps.read(rs, 4);
            boolean full = last != null;
            Instant end = (full ? last : Timestamps.read(rs, 2)).plusNanos(1000);
            return new PredictionWindow(first, end, full);
        }
    }

    /**
     * Summarises every column of the source over the reference window in two statements (not two per
     * column): count, range and spread, which fix each column's {@link FineBins} grid; then the fine-bin
     * counts, from which the quantiles on the {@link DriftMaterializer#PROBS} grid are read (within a bin
     * width of the exact ones, as the windows' are), the PSI edges are cut at the deciles, snapped to the
     * grid, and the chance thresholds are bootstrapped.
     */
    private void compute(Connection conn, Reference ref, DriftMaterializer.Source source, String where, Instant from, Instant to,
            boolean complete) throws SQLException {
        List<DriftMaterializer.Column> columns = source.columns();
        StringBuilder inner = new StringBuilder("SELECT 0 AS unused");
        StringBuilder stats = new StringBuilder("SELECT count(*)");
        for (int i = 0; i < columns.size(); i++) {
            String e = columns.get(i).expression();
            inner.append(", CASE WHEN isnan(").append(e).append(") THEN NULL ELSE ").append(e).append("::DOUBLE END AS x").append(i);
            stats.append(", count(x").append(i).append("), min(x").append(i).append("), max(x").append(i)
                    .append("), stddev_samp(x").append(i).append(")");
        }
        String base = "(" + inner + " FROM " + columns.get(0).table() + " WHERE " + where + ")";
        RefStats[] summaries = new RefStats[columns.size()];
        try (PreparedStatement ps = conn.prepareStatement(stats + " FROM " + base)) {
            Timestamps.bind(ps, 1, from);
            Timestamps.bind(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 0; i < columns.size(); i++) {
                    int c = 2 + i * 4;
                    long n = rs.getLong(c);
                    if (n > 0) {
                        long missing = rs.getLong(1) - n;
                        summaries[i] = new RefStats(columns.get(i).feature(), null, null, null, n, 0, missing, rs.getDouble(c + 1),
                                rs.getDouble(c + 2), SqlText.doubleOrNaN(rs, c + 3), null, null);
                    }
                }
            }
        }
        StringBuilder bins = new StringBuilder();
        int binned = 0;
        for (int i = 0; i < columns.size(); i++) {
            if (summaries[i] == null) {
                continue;
            }
            if (binned++ > 0) {
                bins.append(" UNION ALL ");
            }
            bins.append("SELECT ").append(i).append(" AS f, ").append(summaries[i].grid().keyExpression("x" + i))
                    .append(" AS k, count(*) AS n FROM ").append(base).append(" WHERE x").append(i).append(" IS NOT NULL GROUP BY k");
        }
        if (binned == 0) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT f, list(k ORDER BY k), list(n ORDER BY k) FROM (" + bins
                + ") GROUP BY f")) {
            for (int i = 0; i < binned; i++) {
                Timestamps.bind(ps, 1 + 2 * i, from);
                Timestamps.bind(ps, 2 + 2 * i, to);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RefStats r = summaries[rs.getInt(1)];
                    long[] keys = SqlText.longs(rs, 2);
                    long[] counts = SqlText.longs(rs, 3);
                    FineBins grid = r.grid();
                    double[] quantiles = grid.quantiles(keys, counts, r.min(), r.max(), DriftMaterializer.PROBS);
                    double[] deciles = new double[DriftMaterializer.BINS - 1];
                    for (int d = 1; d < DriftMaterializer.BINS; d++) {
                        deciles[d - 1] = quantiles[d * (DriftMaterializer.PROBS.length - 1) / DriftMaterializer.BINS];
                    }
                    double[] edges = grid.snappedEdges(deciles);
                    NullThresholds nulls = nulls(ref.key(), r, grid, edges, keys, counts);
                    insert(conn, ref, new RefStats(r.feature(), edges, grid.coarseCounts(edges, keys, counts), quantiles,
                            r.n(), 0, r.missing(), r.min(), r.max(), r.std(), new long[][] {keys, counts}, nulls), from, to, complete);
                }
            }
        }
    }

    private NullThresholds nulls(String refKey, RefStats r, FineBins grid, double[] edges, long[] keys, long[] counts) {
        String key = refKey + "|" + r.feature();
        Bootstrapped last = bootstraps.get(key);
        if (last != null && last.drawnFrom(keys, counts, r.std())) {
            return last.nulls();
        }
        NullThresholds nulls = DriftReference.withNulls(r.feature(), grid.width(), new GridCounts(keys, counts),
                RefStats.lines(grid, edges), r.std()).nulls();
        bootstraps.put(key, new Bootstrapped(keys, counts, r.std(), nulls));
        return nulls;
    }

    /** The reference's labelled count and positives: off the readings' label code when they carry it (V007), else joined. */
    private void computeLabelReference(Connection conn, Reference ref, boolean complete) throws SQLException {
        if (!setup.binary()) {
            return; // the reference holds the positive rate, which a multi-class label does not have
        }
        // Readings carry their label's code (every catalogued data set is coded, see LabelCodes).
        String sql = "SELECT count(label_code), count(*) FILTER (label_code = 1) FROM " + setup.readings()
                + " WHERE event_time >= ? AND event_time < ?";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            Timestamps.bind(ps, 1, ref.start());
            Timestamps.bind(ps, 2, ref.end());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                insert(conn, ref, new RefStats(DriftMaterializer.LABEL, null, null, null, rs.getLong(1), rs.getLong(2), 0,
                        Double.NaN, Double.NaN, Double.NaN, null, null), ref.start(), ref.end(), complete);
            }
        }
    }

    private void insert(Connection conn, Reference ref, RefStats s, Instant from, Instant to, boolean complete)
            throws SQLException {
        NullThresholds nulls = s.nulls();
        // The lists are written as literals (their length varies); everything else is bound.
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO drift_reference (model_name, ref_key, feature, "
                + "window_start, window_end, edges, counts, quantiles, n, positives, min_value, max_value, std, complete, fine_bins, "
                + "missing, null_sizes, null_psi, null_wasserstein) VALUES (?, ?, ?, ?, ?, " + SqlText.doubleList(s.edges()) + ", "
                + (s.counts() == null ? "NULL" : SqlText.longList(s.counts())) + ", " + SqlText.doubleList(s.quantiles())
                + ", ?, ?, ?, ?, ?, ?, ?, ?, " + (nulls == null ? "NULL" : SqlText.longList(nulls.sizes())) + ", "
                + (nulls == null ? "NULL" : SqlText.doubleList(nulls.psi())) + ", "
                + (nulls == null ? "NULL" : SqlText.doubleList(nulls.wasserstein())) + ")")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, ref.key());
            ps.setString(3, s.feature());
            Timestamps.bind(ps, 4, from);
            Timestamps.bind(ps, 5, to);
            ps.setLong(6, s.n());
            ps.setLong(7, s.positives());
            bindNumber(ps, 8, s.min());
            bindNumber(ps, 9, s.max());
            bindNumber(ps, 10, s.std());
            ps.setBoolean(11, complete);
            if (s.fine() == null) {
                ps.setNull(12, Types.BLOB);
            } else {
                ps.setBytes(12, FineBins.encode(s.fine()[0], s.fine()[1]));
            }
            ps.setLong(13, s.missing());
            ps.executeUpdate();
        }
    }

    private static void bindNumber(PreparedStatement ps, int index, double v) throws SQLException {
        if (Double.isFinite(v)) {
            ps.setDouble(index, v);
        } else {
            ps.setNull(index, Types.DOUBLE);
        }
    }

    Map<String, RefStats> load(Connection conn, String key) throws SQLException {
        Map<String, RefStats> refs = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT feature, edges, counts, quantiles, n, positives, min_value, "
                + "max_value, std, fine_bins, null_sizes, null_psi, null_wasserstein, missing FROM drift_reference "
                + "WHERE model_name = ? AND ref_key = ?")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] fine = rs.getBytes(10);
                    long[] sizes = SqlText.longs(rs, 11);
                    NullThresholds nulls = sizes == null ? null
                            : new NullThresholds(sizes, SqlText.doubles(rs, 12), SqlText.doubles(rs, 13));
                    refs.put(rs.getString(1), new RefStats(rs.getString(1), SqlText.doubles(rs, 2), SqlText.longs(rs, 3),
                            SqlText.doubles(rs, 4), rs.getLong(5), rs.getLong(6), rs.getLong(14), SqlText.doubleOrNaN(rs, 7),
                            SqlText.doubleOrNaN(rs, 8), SqlText.doubleOrNaN(rs, 9), fine == null ? null : FineBins.decode(fine), nulls));
                }
            }
        }
        return refs;
    }
}
