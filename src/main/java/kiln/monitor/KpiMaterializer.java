package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import kiln.store.Timestamps;

/**
 * Writes table {@code kpi}: per window the prediction/label counts and confidence sums of one series.
 * Hour windows are aggregated from the rows; day windows are summed from hour windows (every column is
 * additive); "n500" windows are blocks of {@value #BLOCK} consecutive predictions in row_id (arrival)
 * order. The production series reads each prediction's label code and time off the prediction table
 * itself (migration V009, kept by LabelCodes), so a window is one scan of one table; counterfactual
 * series (small rescored tables) and prediction tables without codes left-join the labels that have
 * arrived, the label side filtered to the predictions' row_id range. Labels are class codes: for a binary
 * label the positive-class counts (tp, fp, fn) are kept and "correct" follows from them; for a
 * multi-class label "correct" is counted directly.
 */
final class KpiMaterializer {
    static final int BLOCK = 500;
    static final String HOUR = "hour";
    static final String DAY = "day";
    static final String N500 = "n500";
    /** Fixed-point unit of the confidence sums: 2^32 per 1 (an hour's or block's sum stays exact in a DOUBLE). */
    private static final String Q_UNIT = "4294967296::DOUBLE";
    /** A day's confidence sum from its hours', added as integers in the same unit. */
    private static final String DAY_Q = "(sum(round(est_sum_q * " + Q_UNIT + ")::HUGEINT) / " + Q_UNIT + ")";

    private final MonitorSetup setup;
    private final String qExpression;
    private final PreparedCache statements;

    KpiMaterializer(MonitorSetup setup, String qExpression, PreparedCache statements) {
        this.setup = setup;
        this.qExpression = qExpression;
        this.statements = statements;
    }

    /** The prediction rows of a series as a subquery with row_id, event_time, model_version, predicted_code, probability. */
    String source(String series) {
        String cols = "row_id, event_time, model_version, predicted_code, probability";
        if (KpiSeries.PRODUCTION.equals(series)) {
            return "(SELECT " + cols + " FROM " + setup.predictions() + ")";
        }
        return "(SELECT " + cols + " FROM rescored_prediction WHERE model_name = ? AND model_version = " + KpiSeries.version(series) + ")";
    }

    /** Binds the model name a counterfactual {@link #source} filters on at {@code i}; returns the next parameter's index. */
    private int bindSource(PreparedStatement ps, int i, String series) throws SQLException {
        if (KpiSeries.PRODUCTION.equals(series)) {
            return i;
        }
        ps.setString(i, setup.modelName());
        return i + 1;
    }

    /**
     * The prediction rows of a series with their label as label_code (the class code, NULL not yet
     * labelled) and label_time. When {@link #joinsLabels} the text holds four placeholders, the row_id range
     * the label side and the readings' codes are cut to, which come before any the caller appends.
     */
    String labelledSource(String series) {
        if (!joinsLabels(series)) {
            return "(SELECT row_id, event_time, model_version, predicted_code, probability, label_code, label_time FROM "
                    + setup.predictions() + ")";
        }
        // A counterfactual's rows carry no codes: the label's code comes from its reading, its time from the label.
        return "(SELECT p.*, r.label_code, CASE WHEN r.label_code IS NOT NULL THEN l.labelled_at END AS label_time FROM "
                + source(series) + " p LEFT JOIN (SELECT row_id, labelled_at FROM " + setup.labels() + " WHERE row_id BETWEEN ? AND ?) l "
                + "ON l.row_id = p.row_id LEFT JOIN (SELECT row_id, label_code FROM " + setup.readings()
                + " WHERE row_id BETWEEN ? AND ?) r ON r.row_id = p.row_id)";
    }

    private boolean joinsLabels(String series) {
        return !(KpiSeries.PRODUCTION.equals(series) && setup.predictionsCoded());
    }

    /**
     * Recomputes every window of the series overlapping the span: its hours and the blocks from the
     * one holding span.pidFrom to the one holding span.pidTo (or the end) in one scan and one insert
     * (GROUPING SETS over an hour key and a block key), then the days those hours belong to.
     */
    void recompute(Connection conn, String series, Span span) throws SQLException {
        long t0 = System.nanoTime();
        Instant hourFrom = span.timeFrom().truncatedTo(ChronoUnit.HOURS);
        Instant hourTo = span.timeTo().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        long[] hours = {1, 0}; // the hours' row_id range; empty while no prediction lies in them
        long blockLo = -(1L << 62);
        long blockHi = 1L << 62;
        try (PreparedStatement ps = statements.prepare(conn, "SELECT h.lo, h.hi, (SELECT max(pid_lo) FROM kpi WHERE model_name = ? "
                + "AND granularity = 'n500' AND series = ? AND pid_lo <= ?), (SELECT min(pid_hi) FROM kpi WHERE "
                + "model_name = ? AND granularity = 'n500' AND series = ? AND pid_hi >= ? AND predictions = " + BLOCK + ") "
                + "FROM (SELECT min(row_id) lo, max(row_id) hi FROM " + source(series) + " p WHERE p.event_time >= ? AND p.event_time < ?) h")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, series);
            ps.setLong(3, span.pidFrom());
            ps.setString(4, setup.modelName());
            ps.setString(5, series);
            ps.setLong(6, span.pidTo());
            int i = bindSource(ps, 7, series);
            Timestamps.bind(ps, i, hourFrom);
            Timestamps.bind(ps, i + 1, hourTo);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getObject(1) != null) {
                    hours = new long[] {rs.getLong(1), rs.getLong(2)};
                }
                if (rs.getObject(3) != null) {
                    blockLo = rs.getLong(3);
                }
                if (rs.getObject(4) != null) {
                    blockHi = rs.getLong(4);
                }
            }
        }
        ModelMonitor.trace("  kpi ranges", t0);
        // Dense pids (no gaps) give the block by arithmetic; otherwise number the block range's rows (a sort).
        String block = "(row_number() OVER (PARTITION BY p.row_id BETWEEN ? AND ? ORDER BY p.row_id) - 1) // " + BLOCK;
        Object[] blockParams = {blockLo, blockHi, blockLo, blockHi};
        try (PreparedStatement ps = statements.prepare(conn, "SELECT min(row_id), max(row_id), count(*) FROM " + source(series)
                + " p WHERE p.row_id BETWEEN ? AND ?")) {
            int i = bindSource(ps, 1, series);
            ps.setLong(i, blockLo);
            ps.setLong(i + 1, blockHi);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getObject(1) != null && rs.getLong(2) - rs.getLong(1) + 1 == rs.getLong(3)) {
                    block = "(p.row_id - ?) // " + BLOCK;
                    blockParams = new Object[] {blockLo, blockHi, rs.getLong(1)};
                }
            }
        }
        ModelMonitor.trace("  kpi dense check", t0);
        try (PreparedStatement ps = statements.prepare(conn, "DELETE FROM kpi WHERE model_name = ? AND series = ? AND ("
                + "(granularity = 'hour' AND window_start >= ? AND window_start < ?) "
                + "OR (granularity = 'n500' AND pid_lo >= ? AND pid_lo <= ?))")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, series);
            Timestamps.bind(ps, 3, hourFrom);
            Timestamps.bind(ps, 4, hourTo);
            ps.setLong(5, blockLo);
            ps.setLong(6, blockHi);
            ps.executeUpdate();
        }
        ModelMonitor.trace("  kpi delete", t0);
        long[] scan = hours[0] > hours[1] ? new long[] {blockLo, blockHi}
                : new long[] {Math.min(hours[0], blockLo), Math.max(hours[1], blockHi)};
        insertHoursAndBlocks(conn, series, block, new Object[] {hourFrom, hourTo, hours[0], hours[1]}, blockParams, scan);
        ModelMonitor.trace("  kpi hours and blocks", t0);
        Instant dayFrom = span.timeFrom().truncatedTo(ChronoUnit.DAYS);
        Instant dayTo = span.timeTo().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        updateDays(conn, "DELETE FROM kpi WHERE model_name = ? AND granularity = 'day' "
                + "AND series = ? AND window_start >= ? AND window_start < ?", series, dayFrom, dayTo);
        updateDays(conn, "INSERT INTO kpi SELECT model_name, 'day', series, "
                + "date_trunc('day', window_start) AS ws, ws + INTERVAL 1 DAY, min(pid_lo), max(pid_hi), max(model_version), "
                + "sum(predictions), sum(labelled), sum(correct), sum(tp), sum(fp), sum(fn), sum(positives), "
                // The hours' confidence sums are added as fixed-point integers, like the rows' (see
                // insertHoursAndBlocks): the sum does not depend on the hours' physical order.
                + "sum(predicted_good), " + DAY_Q + ", " + DAY_Q.replace("est_sum_q", "est_sum_var") + ", max(label_max_time), "
                + "CASE WHEN sum(labelled) > 0 THEN sum(correct) / sum(labelled) END, "
                + "CASE WHEN sum(predictions) > 0 THEN " + DAY_Q + " / sum(predictions) END "
                + "FROM kpi WHERE model_name = ? AND granularity = 'hour' AND series = ? "
                + "AND window_start >= ? AND window_start < ? GROUP BY model_name, series, ws", series, dayFrom, dayTo);
        ModelMonitor.trace("  kpi days", t0);
    }

    /** Runs a day-window statement whose parameters are model, series and the days' time range. */
    private void updateDays(Connection conn, String sql, String series, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = statements.prepare(conn, sql)) {
            ps.setString(1, setup.modelName());
            ps.setString(2, series);
            Timestamps.bind(ps, 3, from);
            Timestamps.bind(ps, 4, to);
            ps.executeUpdate();
        }
    }

    /**
     * One scan of the predictions in {@code scan} (row_id range), grouped by (hour, block) where the hour
     * is set for the rows in the hours' time and row_id range and the block for the rows in the block
     * range (hourParams: from, to, row_id from, row_id to; blockParams: the block range, then the block
     * expression's own). Hours and blocks nest in time order, so there are about as many groups as
     * blocks; each window is then the sum of its groups, in the same statement.
     */
    private void insertHoursAndBlocks(Connection conn, String series, String block, Object[] hourParams, Object[] blockParams,
            long[] scan) throws SQLException {
        int pos = setup.positiveLabel();
        // Counts are sums of 0/1 terms (label_code is 1, 0 or NULL; NULL drops out of every sum), several
        // times faster in DuckDB than one FILTER aggregate per count; per group only tp, the labelled
        // predicted positives pl and the positives, from which fp, fn and correct follow. The confidence
        // sums are exact fixed-point integers (units of 2^-32): no DOUBLE is added in an order that
        // depends on threads or on when a window was rewritten, so a replay gives the same bits.
        String tp = "sum(tp)";
        String fp = "(sum(pl) - " + tp + ")";
        String fn = "(sum(positives) - " + tp + ")";
        // Binary: correct follows from the counts; multi-class: counted (tp, fp, fn and positives stay 0).
        String correct = setup.binary() ? "(sum(labelled) - " + fp + " - " + fn + ")" : "sum(ok)";
        String sq = "(sum(sq) / " + Q_UNIT + ")";
        String sums = "min(pid_lo), max(pid_hi), max(mv), sum(n), sum(labelled), " + correct + ", " + tp + ", " + fp + ", " + fn
                + ", sum(positives), sum(pg), " + sq + ", (sum(sv) / " + Q_UNIT + "), max(lmax), "
                + "CASE WHEN sum(labelled) > 0 THEN " + correct + " / sum(labelled) END, CASE WHEN sum(n) > 0 THEN " + sq + " / sum(n) END";
        String sql = "INSERT INTO kpi WITH g AS MATERIALIZED (SELECT hk, bk, min(event_time) tmin, max(event_time) tmax, "
                + "min(row_id) pid_lo, max(row_id) pid_hi, max(model_version) mv, count(*) n, count(label_code) labelled, "
                // pp + 0 * label_code is NULL for an unlabelled row: pl counts predicted positives among the labelled.
                + "coalesce(sum(label_code * pp), 0) tp, coalesce(sum(pp + 0 * label_code), 0) pl, "
                + (setup.binary() ? "coalesce(sum(label_code), 0) positives, "
                        : "0 positives, coalesce(sum((predicted_code = label_code)::INTEGER), 0) ok, ")
                + "coalesce(sum(pp), 0) pg, "
                + "coalesce(sum(round(q * " + Q_UNIT + ")::BIGINT), 0) sq, coalesce(sum(round(q * (1 - q) * " + Q_UNIT + ")::BIGINT), 0) sv, "
                + "max(label_time) lmax FROM (SELECT p.row_id, p.event_time, p.model_version, p.label_code, p.label_time, "
                + (setup.binary() ? "" : "p.predicted_code, ")
                + "(p.predicted_code = " + pos + ")::INTEGER AS pp, " + qExpression + " AS q, "
                + "CASE WHEN p.event_time >= ? AND p.event_time < ? AND p.row_id BETWEEN ? AND ? "
                + "THEN date_trunc('hour', p.event_time) END AS hk, "
                + "CASE WHEN p.row_id BETWEEN ? AND ? THEN " + block + " END AS bk "
                + "FROM (SELECT * FROM " + labelledSource(series) + " p WHERE p.row_id BETWEEN ? AND ?) p) GROUP BY hk, bk) "
                + "SELECT ?, '" + HOUR + "', ?, hk, hk + INTERVAL 1 HOUR, " + sums + " FROM g WHERE hk IS NOT NULL GROUP BY hk "
                + "UNION ALL SELECT ?, '" + N500 + "', ?, min(tmin), max(tmax), " + sums + " FROM g WHERE bk IS NOT NULL GROUP BY bk";
        // Bound values, not literals, so the statement is planned once (DuckDB still prunes row groups by them).
        try (PreparedStatement ps = statements.prepare(conn, sql)) {
            // In text order: the hour key's, the block key's, the label side's cut, the scanned range, then
            // model and series for the hours and for the blocks.
            int i = bind(ps, 1, hourParams);
            i = bind(ps, i, blockParams);
            i = bindSource(ps, i, series);
            if (joinsLabels(series)) {
                for (int side = 0; side < 2; side++) {
                    ps.setLong(i++, scan[0]);
                    ps.setLong(i++, scan[1]);
                }
            }
            ps.setLong(i++, scan[0]);
            ps.setLong(i++, scan[1]);
            for (int set = 0; set < 2; set++) {
                ps.setString(i++, setup.modelName());
                ps.setString(i++, series);
            }
            ps.executeUpdate();
        }
    }

    private static int bind(PreparedStatement ps, int first, Object[] values) throws SQLException {
        int i = first;
        for (Object v : values) {
            if (v instanceof Instant t) {
                Timestamps.bind(ps, i++, t);
            } else {
                ps.setLong(i++, (Long) v);
            }
        }
        return i;
    }

    /** Drops every KPI row of the model (before a full recompute). */
    void clear(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM kpi WHERE model_name = ?")) {
            ps.setString(1, setup.modelName());
            ps.executeUpdate();
        }
    }
}
