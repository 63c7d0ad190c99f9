package kiln.monitor;

import java.util.Map;

/** The SQL that summarises a source's columns per hour on their references' fine grids. */
final class HourSummarySql {
    private HourSummarySql() {}

    /**
     * One statement for all of a source's columns (whichever tables they are in), rows (hour, column):
     * the fine-bin keys and counts (two lists in the same, arbitrary, order), rows, present values,
     * min, max, values outside the reference range. Each column is grouped by (hour, fine bin) first, a
     * plain hash aggregate of counts, and those groups are folded per hour (histogram() or FILTER
     * aggregates per row cost several times more). Only counts, min and max: the window's mean and
     * variance are read off its bins, and nothing depends on the order DuckDB adds doubles in.
     * Parameters: from, to for each column in turn.
     */
    static String of(DriftMaterializer.Source source, Map<String, RefStats> refs) {
        StringBuilder union = new StringBuilder();
        for (int i = 0; i < source.columns().size(); i++) {
            DriftMaterializer.Column col = source.columns().get(i);
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
}
