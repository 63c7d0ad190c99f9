package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kiln.drift.DriftThresholds;
import kiln.drift.QuantileSummary;
import kiln.store.Timestamps;

/**
 * Keeps table drift_window up to date: each hour window is summarised in one SQL pass over its rows
 * ({@link HourSummarySql}: counts on the reference's grid and missing/outside-range/min/max for every
 * column at once); its PSI counts, quantiles, mean and variance are read off the fine counts, and a
 * day is the sum of its hours ({@link WindowMerge#day}, no second pass over the raw rows). The
 * references come from the {@link ReferenceStore}, the verdicts and rows from the
 * {@link DriftWindowWriter}.
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

    private final MonitorSetup setup;
    private final PreparedCache statements;
    private final ReferenceStore references;
    private final DriftWindowWriter writer;

    DriftMaterializer(MonitorSetup setup, DriftThresholds thresholds, PreparedCache statements) {
        this.setup = setup;
        this.statements = statements;
        this.references = new ReferenceStore(setup, readings(), predictions(), statements);
        this.writer = new DriftWindowWriter(setup.modelName(), thresholds);
    }

    Source readings() {
        List<Column> columns = setup.features().stream().map(f -> new Column(f.name(), f.column(), setup.readings())).toList();
        return new Source(columns, "readings");
    }

    Source predictions() {
        return new Source(List.of(new Column(PREDICTION, "probability", setup.predictions())), "predictions");
    }

    void clear(Connection conn) throws SQLException {
        references.clearCache();
        for (String table : List.of("drift_window", "drift_reference")) {
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + table + " WHERE model_name = ?")) {
                ps.setString(1, setup.modelName());
                ps.executeUpdate();
            }
        }
    }

    /** Forgets references that were not final, so the next update recomputes them. */
    void startUpdate(Connection conn) throws SQLException {
        references.startUpdate(conn);
    }

    /** Reference keys recomputed with more data since their windows were; cleared by the call. */
    Map<String, Boolean> takeRefreshed() {
        return references.takeRefreshed();
    }

    /** The summaries of a reference (computed if it is not final yet). */
    Map<String, RefStats> reference(Connection conn, Reference ref) throws SQLException {
        return references.reference(conn, ref);
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
        Map<String, Map<String, RefStats>> refsByKey = new HashMap<>();
        for (List<WindowRow> rows : List.of(hours, days)) {
            for (WindowRow w : rows) {
                if (!refsByKey.containsKey(w.refKey())) {
                    refsByKey.put(w.refKey(), references.cachedOrStored(conn, w.refKey()));
                }
            }
        }
        writer.insert(conn, hours, days, refsByKey); // one appender for the hours and days of every column
        ModelMonitor.trace("  insert " + source.name(), t0);
    }

    private static boolean sameKey(Reference a, Reference b) {
        return a == null ? b == null : b != null && a.key().equals(b.key());
    }

    private List<WindowRow> recomputeHours(Connection conn, Source source, Instant from, Instant to, Reference ref)
            throws SQLException {
        long t0 = System.nanoTime();
        Map<String, RefStats> refs = references.reference(conn, ref);
        ModelMonitor.trace("  ref " + source.name(), t0);
        delete(conn, source, KpiMaterializer.HOUR, from, to);
        ModelMonitor.trace("  hour delete " + source.name(), t0);
        List<WindowRow> rows = new ArrayList<>();
        try (PreparedStatement ps = statements.prepare(conn, HourSummarySql.of(source, refs))) {
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
                    rows.add(new WindowRow(column.feature(), ws, ws.plus(1, ChronoUnit.HOURS), ref.key(), total, total - present,
                            rs.getLong(9), min, max, moments[1], moments[0], psiCounts, quantiles, fine));
                }
            }
        }
        ModelMonitor.trace("  hour summary " + source.name(), t0);
        return rows;
    }

    /**
     * Day windows from their hours under the day's reference. The hours just recomputed (those in
     * [freshFrom, freshTo)) are passed in; only the days' other hours are read back.
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
                    hourRows.add(new WindowRow(rs.getString(1), ws, ws, rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), SqlText.doubleOrNaN(rs, 7), SqlText.doubleOrNaN(rs, 8), SqlText.doubleOrNaN(rs, 9),
                            SqlText.doubleOrNaN(rs, 10), SqlText.longs(rs, 11), SqlText.doubles(rs, 12),
                            fineBins == null ? null : FineBins.decode(fineBins)));
                }
            }
        }
        hourRows.sort(Comparator.comparing(WindowRow::feature).thenComparing(WindowRow::start));
        Map<String, List<WindowRow>> groups = new LinkedHashMap<>();
        for (WindowRow hour : hourRows) {
            groups.computeIfAbsent(hour.feature() + "|" + hour.start().truncatedTo(ChronoUnit.DAYS), k -> new ArrayList<>()).add(hour);
        }
        List<WindowRow> days = new ArrayList<>();
        Map<String, Map<String, RefStats>> refsByKey = new HashMap<>();
        for (List<WindowRow> hours : groups.values()) {
            Reference ref = resolver.at(hours.get(0).start().truncatedTo(ChronoUnit.DAYS));
            String key = ref == null ? hours.get(0).refKey() : ref.key();
            if (!refsByKey.containsKey(key)) {
                refsByKey.put(key, references.cachedOrStored(conn, key));
            }
            days.add(WindowMerge.day(hours, key, refsByKey.get(key).get(hours.get(0).feature())));
        }
        ModelMonitor.trace("  day merge " + source.name(), t0);
        return days;
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
}
