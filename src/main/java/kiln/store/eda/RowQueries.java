package kiln.store.eda;

import static kiln.store.eda.ResultColumns.doubleOrNull;
import static kiln.store.eda.ResultColumns.time;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kiln.domain.ProgressSink;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.DataRow;
import kiln.domain.eda.EdaResults.RowPage;
import kiln.domain.eda.RowFilter;
import kiln.domain.eda.TimeWindow;
import kiln.store.KilnStore;

/** The raw rows behind a selection, a page at a time. */
final class RowQueries {

    private final KilnStore store;

    RowQueries(KilnStore store) {
        this.store = store;
    }

    /** One page of the rows behind a selection, ordered by time then id, with the total match count. */
    RowPage rows(EdaDataset ds, TimeWindow window, RowFilter filter, long offset, int limit, ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        StringBuilder where = new StringBuilder(s.window(window, "r"));
        if (filter.feature() != null) {
            String x = s.feature(ds.feature(filter.feature()).name());
            if (filter.low() != null) {
                where.append(" AND ").append(x).append(" >= ").append(EdaSql.num(filter.low()));
            }
            if (filter.high() != null) {
                where.append(" AND ").append(x).append(" < ").append(EdaSql.num(filter.high()));
            }
        }
        if (filter.from() != null) {
            where.append(" AND r.").append(s.time).append(" >= ").append(EdaSql.ts(filter.from()));
        }
        if (filter.to() != null) {
            where.append(" AND r.").append(s.time).append(" < ").append(EdaSql.ts(filter.to()));
        }
        if (filter.label() != null) {
            where.append(" AND (").append(s.labelCode()).append(") = ").append(filter.label());
        }
        List<String> names = ds.featureNames();
        List<String> cols = new ArrayList<>();
        for (String f : names) {
            cols.add(s.feature(f));
        }
        String sql = "SELECT r." + s.id + ", r." + s.time + ", " + String.join(", ", cols) + ", " + s.labelCode() + " FROM "
                + s.joined() + " WHERE " + where + " ORDER BY r." + s.time + ", r." + s.id + " LIMIT " + limit + " OFFSET " + offset;
        String countSql = "SELECT count(*) FROM " + s.joined() + " WHERE " + where;
        List<DataRow> rows = CancellableQuery.run(store, sink, "rows", sql, rs -> {
            List<DataRow> page = new ArrayList<>();
            while (rs.next()) {
                Map<String, Double> values = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    values.put(names.get(i), doubleOrNull(rs, 3 + i));
                }
                int code = rs.getInt(3 + names.size());
                page.add(new DataRow(rs.getLong(1), time(rs, 2), values, code < 0 ? null : code));
            }
            return page;
        });
        long total = CancellableQuery.run(store, sink, "row count", countSql, rs -> {
            rs.next();
            return rs.getLong(1);
        });
        return new RowPage(rows, offset, total);
    }
}
