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
 * (decile edges, exact quantiles, range, spread); each hour window is summarised in one SQL pass over
 * its rows (bin counts on the reference edges, counts on the reference's {@link FineBins} grid,
 * missing/outside-range/min/max/variance for every feature at once); its quantiles are read off the
 * fine counts, and a day's counts are the sum of its hours' (no second pass over the raw rows). The
 * drift statistics are computed from those summaries in Java.
 */
final class DriftMaterializer {
    static final String PREDICTION = "(prediction)";
    static final String LABEL = "(label)";
    static final int BINS = 10;
    /** Packing factor of (fine bin, PSI bin) keys: more than the BINS PSI bins. */
    private static final int COARSE_SLOTS = 16;
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

        /** The fine grid windows compared with this reference are counted on (null without values). */
        FineBins grid() {
            return edges == null ? null : FineBins.of(min, max);
        }
    }

    private final MonitorSetup setup;
    private final DriftThresholds thresholds;
    /** Time after a reference's end by which its data and labels have all arrived. */
    static final java.time.Duration SETTLE = java.time.Duration.ofDays(2).plusHours(1);
    private final Map<String, Map<String, RefStats>> referenceCache = new HashMap<>();
    private final java.util.Set<String> refreshed = new java.util.HashSet<>();

    private final PreparedCache statements;

    DriftMaterializer(MonitorSetup setup, DriftThresholds thresholds, PreparedCache statements) {
        this.setup = setup;
        this.thresholds = thresholds;
        this.statements = statements;
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

    /** One window's summaries of one column. */
    record WindowRow(String feature, Instant start, Instant end, String refKey, long rows, long missing, long outside,
            double min, double max, double variance, double mean, long[] counts, double[] quantiles, long[][] fine) {
        long present() {
            return rows - missing;
        }
    }

    /**
     * Recomputes the hour windows overlapping [from, to] for one source from its rows, then the day
     * windows holding them from the hour windows.
     */
    void recompute(Connection conn, Source source, Instant from, Instant to, ReferenceResolver resolver)
            throws SQLException {
        Instant start = from.truncatedTo(ChronoUnit.HOURS);
        Instant end = to.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        // Consecutive hours sharing a reference are summarised by one query.
        Instant runStart = start;
        Reference runRef = resolver.at(start);
        for (Instant w = start; !w.isAfter(end); w = w.plus(1, ChronoUnit.HOURS)) {
            Reference ref = w.equals(end) ? null : resolver.at(w);
            if (w.equals(end) || !sameKey(ref, runRef)) {
                if (runRef != null) {
                    recomputeHours(conn, source, runStart, w, runRef);
                }
                runStart = w;
                runRef = ref;
            }
        }
        recomputeDays(conn, source, from.truncatedTo(ChronoUnit.DAYS), to.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS),
                resolver);
    }

    private static boolean sameKey(Reference a, Reference b) {
        return a == null ? b == null : b != null && a.key().equals(b.key());
    }

    private void recomputeHours(Connection conn, Source source, Instant from, Instant to, Reference ref) throws SQLException {
        long t0 = System.nanoTime();
        Map<String, RefStats> refs = reference(conn, ref);
        ModelMonitor.trace("  ref " + source.name(), t0);
        delete(conn, source, KpiMaterializer.HOUR, from, to);
        ModelMonitor.trace("  hour delete " + source.name(), t0);
        List<WindowRow> rows = new ArrayList<>();
        try (PreparedStatement ps = statements.prepare(conn, summarySql(source, refs))) {
            Timestamps.bind(ps, 1, from);
            Timestamps.bind(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant ws = Timestamps.read(rs, 1);
                    long total = rs.getLong(2);
                    for (int f = 0; f < source.columns().size(); f++) {
                        int c = 3 + f * 8;
                        String feature = source.columns().get(f).feature();
                        RefStats r = refs.get(feature);
                        FineBins grid = r == null ? null : r.grid();
                        long[] counts = new long[r == null || r.edges() == null ? 1 : r.edges().length + 1];
                        long[] keys = SqlText.longs(rs, c + 6);
                        long[] values = SqlText.longs(rs, c + 7);
                        // With a grid each key packs (fine bin, coarse bin); see summarySql.
                        java.util.TreeMap<Long, Long> fineCounts = new java.util.TreeMap<>();
                        for (int i = 0; keys != null && i < keys.length; i++) {
                            counts[grid == null ? (int) keys[i] : (int) Math.floorMod(keys[i], COARSE_SLOTS)] += values[i];
                            if (grid != null) {
                                fineCounts.merge(Math.floorDiv(keys[i], COARSE_SLOTS), values[i], Long::sum);
                            }
                        }
                        double min = SqlText.doubleOrNaN(rs, c + 2);
                        double max = SqlText.doubleOrNaN(rs, c + 3);
                        long[][] fine = grid == null || fineCounts.isEmpty() ? null : new long[][] {
                                fineCounts.keySet().stream().mapToLong(Long::longValue).toArray(),
                                fineCounts.values().stream().mapToLong(Long::longValue).toArray()};
                        double[] quantiles = grid == null || fine == null ? null : grid.quantiles(fine[0], fine[1], min, max, PROBS);
                        rows.add(new WindowRow(feature, ws, ws.plus(1, ChronoUnit.HOURS), ref.key(), total, rs.getLong(c),
                                rs.getLong(c + 1), min, max, SqlText.doubleOrNaN(rs, c + 4), SqlText.doubleOrNaN(rs, c + 5), counts,
                                quantiles, fine));
                    }
                }
            }
        }
        ModelMonitor.trace("  hour summary " + source.name(), t0);
        insertRows(conn, KpiMaterializer.HOUR, rows);
        ModelMonitor.trace("  hour insert " + source.name(), t0);
    }

    /** Day windows from their hours: the hours under the day's reference give its bins and quantiles. */
    private void recomputeDays(Connection conn, Source source, Instant from, Instant to, ReferenceResolver resolver)
            throws SQLException {
        long t0 = System.nanoTime();
        delete(conn, source, KpiMaterializer.DAY, from, to);
        Map<String, List<WindowRow>> groups = new LinkedHashMap<>();
        try (PreparedStatement ps = statements.prepare(conn, "SELECT feature, window_start, ref_key, rows_total, missing, "
                + "outside_range, min_value, max_value, variance, mean_value, counts, quantiles, fine_keys, fine_counts FROM drift_window "
                + "WHERE model_name = ? AND granularity = 'hour' AND list_contains(?, feature) AND window_start >= ? "
                + "AND window_start < ? ORDER BY feature, window_start")) {
            ps.setString(1, setup.modelName());
            ps.setObject(2, conn.createArrayOf("VARCHAR", source.columns().stream().map(Column::feature).toArray()));
            Timestamps.bind(ps, 3, from);
            Timestamps.bind(ps, 4, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant ws = Timestamps.read(rs, 2);
                    long[] fineKeys = SqlText.longs(rs, 13);
                    WindowRow hour = new WindowRow(rs.getString(1), ws, ws, rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), SqlText.doubleOrNaN(rs, 7), SqlText.doubleOrNaN(rs, 8), SqlText.doubleOrNaN(rs, 9),
                            SqlText.doubleOrNaN(rs, 10), SqlText.longs(rs, 11), SqlText.doubles(rs, 12),
                            fineKeys == null ? null : new long[][] {fineKeys, SqlText.longs(rs, 14)});
                    groups.computeIfAbsent(hour.feature() + "|" + ws.truncatedTo(ChronoUnit.DAYS), k -> new ArrayList<>()).add(hour);
                }
            }
        }
        List<WindowRow> days = new ArrayList<>();
        Map<String, Map<String, RefStats>> refsByKey = new HashMap<>();
        for (List<WindowRow> hours : groups.values()) {
            Instant day = hours.get(0).start().truncatedTo(ChronoUnit.DAYS);
            Reference ref = resolver.at(day);
            String key = ref == null ? hours.get(0).refKey() : ref.key();
            long rows = 0;
            long missing = 0;
            long outside = 0;
            double min = Double.NaN;
            double max = Double.NaN;
            long[] counts = null;
            List<WindowMerge.Part> parts = new ArrayList<>();
            List<long[][]> fineParts = new ArrayList<>();
            boolean oneGrid = true;
            for (WindowRow h : hours) {
                if (h.refKey().equals(key) && h.fine() != null) {
                    fineParts.add(h.fine());
                } else if (h.present() > 0) {
                    oneGrid = false; // an hour counted on another reference's grid (a promotion that day)
                }
                rows += h.rows();
                missing += h.missing();
                outside += h.outside();
                min = Double.isNaN(min) || h.min() < min ? h.min() : min;
                max = Double.isNaN(max) || h.max() > max ? h.max() : max;
                parts.add(new WindowMerge.Part(h.present(), h.mean(), h.variance(), h.quantiles()));
                if (h.refKey().equals(key) && h.counts() != null) {
                    counts = counts == null ? h.counts().clone() : add(counts, h.counts());
                }
            }
            // Hours on the day's grid add up to the day's histogram; otherwise the hours' quantiles are mixed.
            if (!refsByKey.containsKey(key)) {
                refsByKey.put(key, referenceCache.containsKey(key) ? referenceCache.get(key) : loadReference(conn, key));
            }
            RefStats dayRef = refsByKey.get(key).get(hours.get(0).feature());
            FineBins grid = dayRef == null ? null : dayRef.grid();
            long[][] fine = oneGrid && grid != null && !fineParts.isEmpty() ? FineBins.merge(fineParts) : null;
            double[] quantiles = fine != null ? grid.quantiles(fine[0], fine[1], min, max, PROBS) : WindowMerge.mixtureQuantiles(parts, PROBS);
            days.add(new WindowRow(hours.get(0).feature(), day, day.plus(1, ChronoUnit.DAYS), key, rows, missing, outside,
                    min, max, WindowMerge.pooledVariance(parts), WindowMerge.pooledMean(parts),
                    counts == null ? new long[] {0} : counts, quantiles, fine));
        }
        ModelMonitor.trace("  day merge " + source.name(), t0);
        insertRows(conn, KpiMaterializer.DAY, days);
        ModelMonitor.trace("  day insert " + source.name(), t0);
    }

    private static long[] add(long[] a, long[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            a[i] += b[i];
        }
        return a;
    }

    private void delete(Connection conn, Source source, String granularity, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = statements.prepare(conn, "DELETE FROM drift_window WHERE model_name = ? AND granularity = ? "
                + "AND list_contains(?, feature) AND window_start >= ? AND window_start < ?")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, granularity);
            ps.setObject(3, conn.createArrayOf("VARCHAR", source.columns().stream().map(Column::feature).toArray()));
            Timestamps.bind(ps, 4, from);
            Timestamps.bind(ps, 5, to);
            ps.executeUpdate();
        }
    }

    private void append(org.duckdb.DuckDBAppender appender, String granularity, WindowRow w, Map<String, RefStats> refs)
            throws SQLException {
        FeatureDrift drift = evaluate(w.feature(), refs.get(w.feature()), w.counts(), w.quantiles(), w.present());
        appender.beginRow().append(setup.modelName()).append(granularity).append(w.feature())
                .append(Timestamps.toDb(w.start())).append(Timestamps.toDb(w.end())).append(w.refKey())
                .append(w.rows()).append(w.missing()).append(w.outside());
        appendNumber(appender, w.min());
        appendNumber(appender, w.max());
        appendNumber(appender, w.variance());
        appendNumber(appender, w.mean());
        appender.append(w.counts());
        if (w.quantiles() == null) {
            appender.appendNull();
        } else {
            appender.append(w.quantiles());
        }
        appendNumber(appender, drift == null ? Double.NaN : drift.psi());
        appendNumber(appender, drift == null ? Double.NaN : drift.ks().statistic());
        appendNumber(appender, drift == null ? Double.NaN : drift.ks().pValue());
        appendNumber(appender, drift == null ? Double.NaN : drift.wasserstein());
        appender.append(drift == null ? DriftScore.OK : level(drift.level()));
        if (w.fine() == null) {
            appender.appendNull();
            appender.appendNull();
        } else {
            appender.append(w.fine()[0]);
            appender.append(w.fine()[1]);
        }
        appender.endRow();
    }

    private static void appendNumber(org.duckdb.DuckDBAppender appender, double v) throws SQLException {
        if (Double.isFinite(v)) {
            appender.append(v);
        } else {
            appender.appendNull();
        }
    }

    /** The drift statistics of a window's summaries against the reference (null for an empty window). */
    FeatureDrift evaluate(String feature, RefStats ref, long[] counts, double[] quantiles, long present) {
        if (ref == null || ref.edges() == null || present == 0 || ref.n() == 0 || quantiles == null
                || counts.length != ref.edges().length + 1) {
            return null;
        }
        double[] monotone = quantiles.clone();
        for (int i = 0; i < monotone.length; i++) {
            if (!Double.isFinite(monotone[i])) {
                return null;
            }
            // Interpolated quantiles of near-equal values can dip by a rounding error.
            if (i > 0 && monotone[i] < monotone[i - 1]) {
                monotone[i] = monotone[i - 1];
            }
        }
        return FeatureDrift.evaluate(feature, ref.bins(), new BinnedDistribution(ref.edges(), counts, 0),
                ref.quantileSummary(), new QuantileSummary(PROBS, monotone, present), thresholds);
    }

    static String level(DriftLevel level) {
        return switch (level) {
            case ALERT -> DriftScore.ALERT;
            case WARN -> DriftScore.WARN;
            default -> DriftScore.OK;
        };
    }

    /** Bulk insert through DuckDB's appender (a large VALUES statement binds far slower). */
    private void insertRows(Connection conn, String granularity, List<WindowRow> rows) throws SQLException {
        Map<String, Map<String, RefStats>> refsByKey = new HashMap<>();
        for (WindowRow w : rows) {
            if (!refsByKey.containsKey(w.refKey())) {
                refsByKey.put(w.refKey(), referenceCache.containsKey(w.refKey()) ? referenceCache.get(w.refKey())
                        : loadReference(conn, w.refKey()));
            }
        }
        try (org.duckdb.DuckDBAppender appender = conn.unwrap(org.duckdb.DuckDBConnection.class)
                .createAppender("main", "drift_window")) {
            for (WindowRow w : rows) {
                append(appender, granularity, w, refsByKey.get(w.refKey()));
            }
        }
    }

    /** One pass per window: for each column missing, outside range, min, max, variance, mean, quantiles, bin histogram. */
    private static String summarySql(Source source, Map<String, RefStats> refs) {
        StringBuilder inner = new StringBuilder("SELECT process_time");
        StringBuilder agg = new StringBuilder("SELECT date_trunc('hour', process_time) AS w, count(*) AS total");
        StringBuilder outer = new StringBuilder("SELECT w, total");
        for (int i = 0; i < source.columns().size(); i++) {
            Column col = source.columns().get(i);
            String x = "c" + i;
            inner.append(", CASE WHEN isnan(").append(col.expression()).append(") THEN NULL ELSE ")
                    .append(col.expression()).append("::DOUBLE END AS ").append(x);
            RefStats ref = refs.get(col.feature());
            double lo = ref == null ? Double.NEGATIVE_INFINITY : ref.min();
            double hi = ref == null ? Double.POSITIVE_INFINITY : ref.max();
            agg.append(", count(*) - count(").append(x).append(") m").append(i);
            agg.append(", count(").append(x).append(") FILTER (").append(x).append(" < ").append(finite(lo, -1e300))
                    .append(" OR ").append(x).append(" > ").append(finite(hi, 1e300)).append(") o").append(i);
            agg.append(", min(").append(x).append(") lo").append(i).append(", max(").append(x).append(") hi").append(i)
                    .append(", var_samp(").append(x).append(") v").append(i).append(", avg(").append(x).append(") a").append(i);
            FineBins grid = ref == null ? null : ref.grid();
            String coarse = binExpression(x, ref == null || ref.edges() == null ? new double[0] : ref.edges());
            // Fine-grid counts instead of exact quantiles (a hash aggregate, and hours add up to days),
            // packed with the PSI bin into one key so that one histogram per column counts both.
            agg.append(", histogram(").append(grid == null ? coarse : grid.keyExpression(x) + " * " + COARSE_SLOTS + " + " + coarse)
                    .append(") h").append(i);
            outer.append(", m").append(i).append(", o").append(i).append(", lo").append(i).append(", hi").append(i)
                    .append(", v").append(i).append(", a").append(i)
                    .append(", map_keys(h").append(i).append(")::BIGINT[], map_values(h").append(i).append(")::BIGINT[]");
        }
        inner.append(" FROM ").append(source.table()).append(" WHERE process_time >= ? AND process_time < ?");
        return outer + " FROM (" + agg + " FROM (" + inner + ") GROUP BY w) ORDER BY w";
    }

    private static String finite(double v, double fallback) {
        return SqlText.number(Double.isFinite(v) ? v : fallback);
    }

    /** The bin index of x as in BinnedDistribution: #{edges e : e < x}, as a CASE chain (NULL stays NULL). */
    static String binExpression(String x, double[] edges) {
        if (edges.length == 0) {
            return "CASE WHEN " + x + " IS NULL THEN NULL ELSE 0 END";
        }
        StringBuilder sb = new StringBuilder("CASE WHEN ").append(x).append(" IS NULL THEN NULL");
        for (int b = 0; b < edges.length; b++) {
            sb.append(" WHEN ").append(x).append(" <= ").append(SqlText.number(edges[b])).append(" THEN ").append(b);
        }
        return sb.append(" ELSE ").append(edges.length).append(" END").toString();
    }

    /**
     * The reference summaries of every column (readings, predictions, labels). A reference is final
     * once the newest reading is {@link #SETTLE} past the end of its windows (labels arrive two days
     * late); until then it is recomputed (once per update) and {@link #takeRefreshed()} names it so that
     * the windows compared with it are recomputed too.
     */
    Map<String, RefStats> reference(Connection conn, Reference ref) throws SQLException {
        Map<String, RefStats> cached = referenceCache.get(ref.key());
        if (cached != null) {
            return cached;
        }
        Map<String, RefStats> stored = loadReference(conn, ref.key());
        boolean storedComplete = !stored.isEmpty() && isComplete(conn, ref.key());
        if (!storedComplete) {
            long t0 = System.nanoTime();
            Instant[] predictionWindow = predictionReferenceWindow(conn, ref);
            Instant settledBy = predictionWindow == null || predictionWindow[1].isBefore(ref.end()) ? ref.end() : predictionWindow[1];
            boolean complete = !newestReading(conn).isBefore(settledBy.plus(SETTLE));
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM drift_reference WHERE model_name = ? AND ref_key = ?")) {
                ps.setString(1, setup.modelName());
                ps.setString(2, ref.key());
                ps.executeUpdate();
            }
            ModelMonitor.trace("    ref windows", t0);
            computeReference(conn, ref, readings(), "process_time >= ? AND process_time < ?", ref.start(), ref.end(), complete);
            ModelMonitor.trace("    ref of readings", t0);
            if (predictionWindow != null) {
                computeReference(conn, ref, predictions(), "process_time >= ? AND process_time < ?"
                        + (ref.version() == null ? "" : " AND model_version = " + ref.version()),
                        predictionWindow[0], predictionWindow[1], complete);
            }
            ModelMonitor.trace("    ref of predictions", t0);
            computeLabelReference(conn, ref, complete);
            ModelMonitor.trace("    ref of labels", t0);
            if (!stored.isEmpty()) {
                refreshed.add(ref.key());
            }
            stored = loadReference(conn, ref.key());
        }
        referenceCache.put(ref.key(), stored); // incomplete ones are dropped again by startUpdate()
        return stored;
    }

    /** Forgets references that were not final, so the next update recomputes them. */
    void startUpdate(Connection conn) throws SQLException {
        referenceCache.keySet().removeIf(key -> {
            try {
                return !isComplete(conn, key);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Reference keys recomputed with more data since their windows were; cleared by the call. */
    java.util.Set<String> takeRefreshed() {
        java.util.Set<String> keys = new java.util.HashSet<>(refreshed);
        refreshed.clear();
        return keys;
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
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT max(process_time) FROM " + setup.readings())) {
            rs.next();
            Instant t = Timestamps.read(rs, 1);
            return t == null ? Instant.EPOCH : t;
        }
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

    /**
     * Summarises every column of the source over the reference window in two passes (not two per
     * column): exact quantiles on the {@link #PROBS} grid, whose even entries are the deciles that cut
     * the PSI bins, with count, range and spread; then the bin counts of every column at once.
     */
    private void computeReference(Connection conn, Reference ref, Source source, String where, Instant from, Instant to,
            boolean complete) throws SQLException {
        List<Column> columns = source.columns();
        StringBuilder inner = new StringBuilder("SELECT 0 AS unused");
        StringBuilder stats = new StringBuilder("SELECT count(*)");
        for (int i = 0; i < columns.size(); i++) {
            String e = columns.get(i).expression();
            inner.append(", CASE WHEN isnan(").append(e).append(") THEN NULL ELSE ").append(e).append("::DOUBLE END AS x").append(i);
            stats.append(", quantile_cont(x").append(i).append(", ").append(SqlText.doubleList(PROBS)).append("), count(x").append(i)
                    .append("), min(x").append(i).append("), max(x").append(i).append("), stddev_samp(x").append(i).append(")");
        }
        String base = "(" + inner + " FROM " + source.table() + " WHERE " + where + ")";
        RefStats[] summaries = new RefStats[columns.size()];
        try (PreparedStatement ps = conn.prepareStatement(stats + " FROM " + base)) {
            Timestamps.bind(ps, 1, from);
            Timestamps.bind(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 0; i < columns.size(); i++) {
                    int c = 2 + i * 5;
                    long n = rs.getLong(c + 1);
                    if (n == 0) {
                        continue;
                    }
                    double[] quantiles = SqlText.doubles(rs, c);
                    double[] deciles = new double[BINS - 1];
                    for (int d = 1; d < BINS; d++) {
                        deciles[d - 1] = quantiles[d * (PROBS.length - 1) / BINS];
                    }
                    summaries[i] = new RefStats(columns.get(i).feature(), strictlyIncreasing(deciles), null, quantiles, n, 0,
                            rs.getDouble(c + 2), rs.getDouble(c + 3), SqlText.doubleOrNaN(rs, c + 4));
                }
            }
        }
        StringBuilder bins = new StringBuilder("SELECT count(*)");
        for (int i = 0; i < columns.size(); i++) {
            bins.append(summaries[i] == null ? ", NULL::BIGINT[], NULL::BIGINT[]" : ", map_keys(histogram(" + binExpression("x" + i,
                    summaries[i].edges()) + "))::BIGINT[], map_values(histogram(" + binExpression("x" + i, summaries[i].edges()) + "))::BIGINT[]");
        }
        try (PreparedStatement ps = conn.prepareStatement(bins + " FROM " + base)) {
            Timestamps.bind(ps, 1, from);
            Timestamps.bind(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 0; i < columns.size(); i++) {
                    RefStats r = summaries[i];
                    if (r == null) {
                        continue;
                    }
                    long[] counts = new long[r.edges().length + 1];
                    long[] keys = SqlText.longs(rs, 2 + 2 * i);
                    long[] values = SqlText.longs(rs, 3 + 2 * i);
                    for (int k = 0; keys != null && k < keys.length; k++) {
                        counts[(int) keys[k]] += values[k];
                    }
                    insertReference(conn, ref, new RefStats(r.feature(), r.edges(), counts, r.quantiles(), r.n(), 0, r.min(), r.max(),
                            r.std()), from, to, complete);
                }
            }
        }
    }

    /** The reference's labelled count and positives: off the readings' label code when they carry it (V007), else joined. */
    private void computeLabelReference(Connection conn, Reference ref, boolean complete) throws SQLException {
        String sql = setup.readingsCoded()
                ? "SELECT count(label_code), count(*) FILTER (label_code = 1) FROM " + setup.readings()
                        + " WHERE process_time >= ? AND process_time < ?"
                : "SELECT count(l.quality), count(*) FILTER (l.quality = " + setup.positiveLabel() + ") FROM " + setup.readings()
                        + " r JOIN " + setup.labels() + " l ON l.pid = r.pid WHERE r.process_time >= ? AND r.process_time < ?";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            Timestamps.bind(ps, 1, ref.start());
            Timestamps.bind(ps, 2, ref.end());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                insertReference(conn, ref, new RefStats(LABEL, null, null, null, rs.getLong(1), rs.getLong(2),
                        Double.NaN, Double.NaN, Double.NaN), ref.start(), ref.end(), complete);
            }
        }
    }

    private void insertReference(Connection conn, Reference ref, RefStats s, Instant from, Instant to, boolean complete)
            throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("INSERT OR REPLACE INTO drift_reference VALUES (" + SqlText.string(setup.modelName()) + ","
                    + SqlText.string(ref.key()) + "," + SqlText.string(s.feature()) + ","
                    + SqlText.string(Timestamps.toDb(from).toString()) + "::TIMESTAMP," + SqlText.string(Timestamps.toDb(to).toString())
                    + "::TIMESTAMP," + SqlText.doubleList(s.edges()) + "," + (s.counts() == null ? "NULL" : SqlText.longList(s.counts()))
                    + "," + SqlText.doubleList(s.quantiles()) + "," + s.n() + "," + s.positives() + ","
                    + SqlText.number(s.min()) + "," + SqlText.number(s.max()) + "," + SqlText.number(s.std()) + "," + complete + ")");
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
