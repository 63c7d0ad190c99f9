package kiln.store.eda;

import static kiln.store.eda.ResultColumns.nanIfNull;

import java.util.ArrayList;
import java.util.List;

import kiln.domain.ProgressSink;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.CorrelationMatrix;
import kiln.domain.eda.EdaResults.ScatterSample;
import kiln.domain.eda.TimeWindow;
import kiln.store.KilnStore;

/** How features go together: a labelled scatter sample and the correlation matrix. */
final class RelationshipQueries {

    private final KilnStore store;
    private final TimeSeriesQueries timeSeries;

    RelationshipQueries(KilnStore store, TimeSeriesQueries timeSeries) {
        this.store = store;
        this.timeSeries = timeSeries;
    }

    /** A reproducible random sample of at most {@code size} rows with their labels, and the window's row count. */
    ScatterSample scatterSample(EdaDataset ds, TimeWindow window, int size, ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        List<String> names = ds.featureNames();
        List<String> cols = new ArrayList<>();
        for (String f : names) {
            cols.add(s.feature(f) + " AS " + EdaSql.q(f));
        }
        List<String> picked = new ArrayList<>();
        for (String f : names) {
            picked.add("r." + EdaSql.q(f));
        }
        // Sample the window first (USING SAMPLE applies before WHERE), then join the few sampled ids to their labels.
        String code = ds.labelCoded() ? ", r.label_code" : "";
        String labelled = ds.labelCoded() ? " r" : " r LEFT JOIN " + s.labels + " l ON r." + s.id + " = l." + s.id;
        String sql = "SELECT " + String.join(", ", picked) + ", " + s.labelCode() + " FROM (SELECT * FROM (SELECT r." + s.id + ", "
                + String.join(", ", cols) + code + " FROM " + s.readings + " r WHERE " + s.window(window, "r") + ") USING SAMPLE reservoir("
                + size + " ROWS) REPEATABLE (42))" + labelled;
        long windowRows = timeSeries.timeBounds(ds, window, sink).rows();
        return CancellableQuery.run(store, sink, "scatter sample", sql, rs -> {
            List<double[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            while (rs.next()) {
                double[] v = new double[names.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = nanIfNull(rs, i + 1);
                }
                rows.add(v);
                labels.add(rs.getInt(names.size() + 1));
            }
            double[][] values = new double[names.size()][rows.size()];
            int[] label = new int[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                for (int i = 0; i < names.size(); i++) {
                    values[i][r] = rows.get(r)[i];
                }
                label[r] = labels.get(r);
            }
            return new ScatterSample(names, values, label, windowRows);
        });
    }

    /**
     * Pearson correlation of every feature pair over the window, in one scan of plain sums (2-3x
     * faster than DuckDB's corr(), whose per-row update is costlier). Values are shifted by the
     * feature's expected minimum so the sums stay well conditioned; {@code x + 0 * y} is NULL when
     * y is, so each pair's sums cover exactly the rows where both are present, as corr() does.
     */
    CorrelationMatrix correlation(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        List<EdaDataset.Feature> features = ds.features();
        List<String> names = ds.featureNames();
        int n = names.size();
        List<String> shifted = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shifted.add(s.feature(names.get(i)) + " - " + EdaSql.num(EdaSql.shift(features.get(i))) + " AS v" + i);
        }
        List<String> sums = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                String x = "v" + i;
                String y = "v" + j;
                sums.add("count(" + x + " * " + y + "), sum(" + x + " + 0 * " + y + "), sum(" + y + " + 0 * " + x + "), sum(" + x + " * " + x
                        + " + 0 * " + y + "), sum(" + y + " * " + y + " + 0 * " + x + "), sum(" + x + " * " + y + ")");
            }
        }
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) {
            r[i][i] = 1.0;
        }
        if (sums.isEmpty()) {
            return new CorrelationMatrix(names, r);
        }
        String sql = "SELECT " + String.join(", ", sums) + " FROM (SELECT " + String.join(", ", shifted) + " FROM " + s.readings + " r WHERE "
                + s.window(window, "r") + ")";
        return CancellableQuery.run(store, sink, "correlation", sql, rs -> {
            rs.next();
            int col = 1;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double count = rs.getDouble(col);
                    double sx = rs.getDouble(col + 1);
                    double sy = rs.getDouble(col + 2);
                    double sxx = rs.getDouble(col + 3);
                    double syy = rs.getDouble(col + 4);
                    double sxy = rs.getDouble(col + 5);
                    col += 6;
                    double cov = count * sxy - sx * sy;
                    double varX = count * sxx - sx * sx;
                    double varY = count * syy - sy * sy;
                    double v = count < 2 || varX <= 0 || varY <= 0 ? Double.NaN : Math.max(-1, Math.min(1, cov / Math.sqrt(varX * varY)));
                    r[i][j] = v;
                    r[j][i] = v;
                }
            }
            return new CorrelationMatrix(names, r);
        });
    }
}
