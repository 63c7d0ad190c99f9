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

import kiln.domain.DriftScore;
import kiln.drift.BinnedDistribution;
import kiln.drift.DriftLevel;
import kiln.drift.DriftThresholds;
import kiln.drift.FeatureDrift;
import kiln.drift.QuantileSummary;
import kiln.store.Timestamps;

/**
 * Writes tables {@code drift_reference} and {@code drift_window}. A reference is summarised once
 * (range, spread, counts on its {@link FineBins} grid, quantiles and PSI edges read off them); each
 * hour window is summarised in one SQL pass over its rows (counts on the reference's grid and
 * missing/outside-range/min/max for every column at once); its PSI counts, quantiles, mean and
 * variance are read off the fine counts, and a day's counts are the sum of its hours' (no second pass
 * over the raw rows). The drift statistics are computed from those summaries in Java.
 */
final class DriftMaterializer {
    static final String PREDICTION = "(prediction)";
    static final String LABEL = "(label)";
    static final int BINS = 10;
    /** Quantile grid shared by references and windows: 0, 0.05, ..., 1. */
    static final double[] PROBS = QuantileSummary.evenProbs(20);

    /** One summarised column of a table (with a event_time column): a feature of the readings or the predicted probability. */
    record Column(String feature, String expression, String table) {
    }

    /** Columns summarised together, from one table or (to save statements per update) from several. */
    record Source(List<Column> columns, String name) {
        Source with(Source other) {
            List<Column> both = new ArrayList<>(columns);
            both.addAll(other.columns());
            return new Source(both, name + "+" + other.name());
        }
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
            return n == 0 ? null : FineBins.of(min, max);
        }
    }

    private final MonitorSetup setup;
    private final DriftThresholds thresholds;
    /** Time after a reference's end by which its data and labels have all arrived. */
    static final java.time.Duration SETTLE = java.time.Duration.ofDays(2).plusHours(1);
    private final Map<String, Map<String, RefStats>> referenceCache = new HashMap<>();
    private final java.util.Set<String> refreshed = new java.util.HashSet<>();
    /** Cached references known to be final (complete), so not asked again each update. */
    private final java.util.Set<String> completeKeys = new java.util.HashSet<>();

    private final PreparedCache statements;

    DriftMaterializer(MonitorSetup setup, DriftThresholds thresholds, PreparedCache statements) {
        this.setup = setup;
        this.thresholds = thresholds;
        this.statements = statements;
    }

    Source readings() {
        List<Column> columns = setup.features().stream().map(f -> new Column(f.name(), f.column(), setup.readings())).toList();
        return new Source(columns, "readings");
    }

    Source predictions() {
        return new Source(List.of(new Column(PREDICTION, "probability", setup.predictions())), "predictions");
    }

    void clear(Connection conn) throws SQLException {
        referenceCache.clear();
        completeKeys.clear();
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
        List<WindowRow> hours = new ArrayList<>();
        Instant runStart = start;
        Reference runRef = resolver.at(start);
        for (Instant w = start; !w.isAfter(end); w = w.plus(1, ChronoUnit.HOURS)) {
            Reference ref = w.equals(end) ? null : resolver.at(w);
            if (w.equals(end) || !sameKey(ref, runRef)) {
                if (runRef != null) {
                    hours.addAll(recomputeHours(conn, source, runStart, w, runRef));
                }
                runStart = w;
                runRef = ref;
            }
        }
        List<WindowRow> days = recomputeDays(conn, source, from.truncatedTo(ChronoUnit.DAYS),
                to.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS), resolver, hours, start, end);
        long t0 = System.nanoTime();
        insertRows(conn, hours, days); // one appender for the hours and days of every column
        ModelMonitor.trace("  insert " + source.name(), t0);
    }

    private static boolean sameKey(Reference a, Reference b) {
        return a == null ? b == null : b != null && a.key().equals(b.key());
    }

    private List<WindowRow> recomputeHours(Connection conn, Source source, Instant from, Instant to, Reference ref)
            throws SQLException {
        long t0 = System.nanoTime();
        Map<String, RefStats> refs = reference(conn, ref);
        ModelMonitor.trace("  ref " + source.name(), t0);
        delete(conn, source, KpiMaterializer.HOUR, from, to);
        ModelMonitor.trace("  hour delete " + source.name(), t0);
        List<WindowRow> rows = new ArrayList<>();
        try (PreparedStatement ps = statements.prepare(conn, summarySql(source, refs))) {
            for (int i = 0; i < source.columns().size(); i++) {
                Timestamps.bind(ps, 1 + 2 * i, from);
                Timestamps.bind(ps, 2 + 2 * i, to);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant ws = Timestamps.read(rs, 1);
                    Column column = source.columns().get(rs.getInt(2));
                    RefStats r = refs.get(column.feature());
                    FineBins grid = r == null ? null : r.grid();
                    long total = rs.getLong(5);
                    long present = rs.getLong(6);
                    double min = SqlText.doubleOrNaN(rs, 7);
                    double max = SqlText.doubleOrNaN(rs, 8);
                    // The bins come in hash order; they are stored (and added up) in key order, the same
                    // way on every replay.
                    long[][] bins = FineBins.sortedByKey(SqlText.longs(rs, 3), SqlText.longs(rs, 4));
                    long[] keys = bins[0];
                    long[] counts = bins[1];
                    long[][] fine = grid == null || keys.length == 0 ? null : new long[][] {keys, counts};
                    long[] psiCounts = r == null || r.edges() == null || fine == null ? new long[] {present}
                            : grid.coarseCounts(r.edges(), keys, counts);
                    double[] quantiles = fine == null ? null : grid.quantiles(keys, counts, min, max, PROBS);
                    double[] moments = fine == null ? new double[] {Double.NaN, Double.NaN} : grid.moments(keys, counts, min, max);
                    double mean = moments[0];
                    double variance = moments[1];
                    rows.add(new WindowRow(column.feature(), ws, ws.plus(1, ChronoUnit.HOURS), ref.key(), total, total - present,
                            rs.getLong(9), min, max, variance, mean, psiCounts, quantiles, fine));
                }
            }
        }
        ModelMonitor.trace("  hour summary " + source.name(), t0);
        return rows;
    }

    /**
     * Day windows from their hours: the hours under the day's reference give its bins and quantiles.
     * The hours just recomputed (those in [freshFrom, freshTo)) are passed in; only the days' other
     * hours are read back.
     */
    private List<WindowRow> recomputeDays(Connection conn, Source source, Instant from, Instant to, ReferenceResolver resolver,
            List<WindowRow> fresh, Instant freshFrom, Instant freshTo) throws SQLException {
        long t0 = System.nanoTime();
        delete(conn, source, KpiMaterializer.DAY, from, to);
        List<WindowRow> hourRows = new ArrayList<>(fresh);
        try (PreparedStatement ps = statements.prepare(conn, "SELECT feature, window_start, ref_key, rows_total, missing, "
                + "outside_range, min_value, max_value, variance, mean_value, counts, quantiles, fine_bins FROM drift_window "
                + "WHERE model_name = ? AND granularity = 'hour' AND list_contains(?, feature) AND window_start >= ? "
                + "AND window_start < ? AND (window_start < ? OR window_start >= ?)")) {
            ps.setString(1, setup.modelName());
            ps.setObject(2, conn.createArrayOf("VARCHAR", source.columns().stream().map(Column::feature).toArray()));
            Timestamps.bind(ps, 3, from);
            Timestamps.bind(ps, 4, to);
            Timestamps.bind(ps, 5, freshFrom);
            Timestamps.bind(ps, 6, freshTo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant ws = Timestamps.read(rs, 2);
                    byte[] fineBins = rs.getBytes(13);
                    WindowRow hour = new WindowRow(rs.getString(1), ws, ws, rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), SqlText.doubleOrNaN(rs, 7), SqlText.doubleOrNaN(rs, 8), SqlText.doubleOrNaN(rs, 9),
                            SqlText.doubleOrNaN(rs, 10), SqlText.longs(rs, 11), SqlText.doubles(rs, 12),
                            fineBins == null ? null : FineBins.decode(fineBins));
                    hourRows.add(hour);
                }
            }
        }
        hourRows.sort(java.util.Comparator.comparing(WindowRow::feature).thenComparing(WindowRow::start));
        Map<String, List<WindowRow>> groups = new LinkedHashMap<>();
        for (WindowRow hour : hourRows) {
            groups.computeIfAbsent(hour.feature() + "|" + hour.start().truncatedTo(ChronoUnit.DAYS), k -> new ArrayList<>()).add(hour);
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
                refsByKey.put(key, cachedOrStored(conn, key));
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
        return days;
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
        } else {
            appender.append(FineBins.encode(w.fine()[0], w.fine()[1]));
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
    private void insertRows(Connection conn, List<WindowRow> hours, List<WindowRow> days) throws SQLException {
        Map<String, Map<String, RefStats>> refsByKey = new HashMap<>();
        for (List<WindowRow> rows : List.of(hours, days)) {
            for (WindowRow w : rows) {
                if (!refsByKey.containsKey(w.refKey())) {
                    refsByKey.put(w.refKey(), cachedOrStored(conn, w.refKey()));
                }
            }
        }
        try (org.duckdb.DuckDBAppender appender = conn.unwrap(org.duckdb.DuckDBConnection.class)
                .createAppender("main", "drift_window")) {
            for (WindowRow w : hours) {
                append(appender, KpiMaterializer.HOUR, w, refsByKey.get(w.refKey()));
            }
            for (WindowRow w : days) {
                append(appender, KpiMaterializer.DAY, w, refsByKey.get(w.refKey()));
            }
        }
    }

    /**
     * One statement for all of a source's columns (whichever tables they are in), rows (hour, column):
     * the fine-bin keys and counts (two lists in the same, arbitrary, order), rows, present values,
     * min, max, values outside the reference range. Each column is grouped by (hour, fine bin) first, a
     * plain hash aggregate of counts, and those groups are folded per hour (histogram() or FILTER
     * aggregates per row cost several times more). Only counts, min and max: the window's mean and
     * variance are read off its bins, and nothing depends on the order DuckDB adds doubles in.
     * Parameters: from, to for each column in turn.
     */
    private static String summarySql(Source source, Map<String, RefStats> refs) {
        StringBuilder union = new StringBuilder();
        for (int i = 0; i < source.columns().size(); i++) {
            Column col = source.columns().get(i);
            RefStats ref = refs.get(col.feature());
            FineBins grid = ref == null ? null : ref.grid();
            double lo = ref == null ? Double.NEGATIVE_INFINITY : ref.min();
            double hi = ref == null ? Double.POSITIVE_INFINITY : ref.max();
            if (i > 0) {
                union.append(" UNION ALL ");
            }
            union.append("SELECT w, ").append(i).append(" AS f, k, count(*) AS n, count(x) AS present, min(x) AS lo, max(x) AS hi, ")
                    .append("sum(o) AS o FROM (SELECT date_trunc('hour', event_time) AS w, x, (x < ").append(finite(lo, -1e300))
                    .append(" OR x > ").append(finite(hi, 1e300)).append(")::INTEGER AS o, ")
                    .append(grid == null ? "NULL::INTEGER" : grid.keyExpression("x"))
                    .append(" AS k FROM (SELECT event_time, CASE WHEN isnan(").append(col.expression()).append(") THEN NULL ELSE ")
                    .append(col.expression()).append("::DOUBLE END AS x FROM ").append(col.table())
                    .append(" WHERE event_time >= ? AND event_time < ?)) GROUP BY w, k");
        }
        String binned = " FILTER (WHERE k IS NOT NULL), ";
        return "SELECT w, f, list(k)" + binned + "list(n)" + binned + "sum(n), sum(present), min(lo), max(hi), sum(o) FROM ("
                + union + ") GROUP BY w, f ORDER BY w, f";
    }

    private static String finite(double v, double fallback) {
        return SqlText.number(Double.isFinite(v) ? v : fallback);
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
            computeReference(conn, ref, readings(), "event_time >= ? AND event_time < ?", ref.start(), ref.end(), complete);
            ModelMonitor.trace("    ref of readings", t0);
            if (predictionWindow != null) {
                computeReference(conn, ref, predictions(), "event_time >= ? AND event_time < ?"
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
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT max(event_time) FROM " + setup.readings())) {
            rs.next();
            Instant t = Timestamps.read(rs, 1);
            return t == null ? Instant.EPOCH : t;
        }
    }

    /** Predictions have no training-time counterpart: the version's first day of predictions stands in. */
    private Instant[] predictionReferenceWindow(Connection conn, Reference ref) throws SQLException {
        String where = ref.version() == null ? "" : " WHERE model_version = " + ref.version();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT min(event_time) FROM " + setup.predictions() + where)) {
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
     * Summarises every column of the source over the reference window in two statements (not two per
     * column): count, range and spread, which fix each column's {@link FineBins} grid; then the fine-bin
     * counts, from which the quantiles on the {@link #PROBS} grid are read (within a bin width of the
     * exact ones, as the windows' are) and the PSI edges are cut at the deciles, snapped to the grid.
     */
    private void computeReference(Connection conn, Reference ref, Source source, String where, Instant from, Instant to,
            boolean complete) throws SQLException {
        List<Column> columns = source.columns();
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
                        summaries[i] = new RefStats(columns.get(i).feature(), null, null, null, n, 0, rs.getDouble(c + 1),
                                rs.getDouble(c + 2), SqlText.doubleOrNaN(rs, c + 3));
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
                    double[] quantiles = grid.quantiles(keys, counts, r.min(), r.max(), PROBS);
                    double[] deciles = new double[BINS - 1];
                    for (int d = 1; d < BINS; d++) {
                        deciles[d - 1] = quantiles[d * (PROBS.length - 1) / BINS];
                    }
                    double[] edges = grid.snappedEdges(deciles);
                    insertReference(conn, ref, new RefStats(r.feature(), edges, grid.coarseCounts(edges, keys, counts), quantiles,
                            r.n(), 0, r.min(), r.max(), r.std()), from, to, complete);
                }
            }
        }
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

    /** A reference's summaries from the cache, else as stored (never recomputed). */
    private Map<String, RefStats> cachedOrStored(Connection conn, String key) throws SQLException {
        Map<String, RefStats> cached = referenceCache.get(key);
        return cached != null ? cached : loadReference(conn, key);
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
}
