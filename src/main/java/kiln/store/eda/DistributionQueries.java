package kiln.store.eda;

import static kiln.store.eda.ResultColumns.doubleOrNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kiln.domain.ProgressSink;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.DayBox;
import kiln.domain.eda.EdaResults.Histogram;
import kiln.domain.eda.TimeWindow;
import kiln.store.KilnStore;

/** How each feature's values spread: histograms split by label and per-day box plots. */
final class DistributionQueries {

    /** Values per day behind each box's quartiles: a reservoir this size keeps them within a fraction of a box. */
    static final int DAILY_QUARTILE_SAMPLE = 4_096;

    private final KilnStore store;

    DistributionQueries(KilnStore store) {
        this.store = store;
    }

    /**
     * Histograms of every feature split by label, {@code bins} equal bins between the feature's min
     * and max in the window; one grouped pass for all features (GROUPING SETS), after the min and max
     * (served from column statistics when the window is everything). Both run in one snapshot, so
     * every value falls in a bin; the top edge is folded into the last bin here rather than clamped
     * per row in SQL (clamping costs a third of the query).
     */
    Map<String, Histogram> histograms(EdaDataset ds, TimeWindow window, int bins, ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        List<EdaDataset.Feature> features = ds.features();
        int n = features.size();
        // per feature: one row per label code, then the unlabelled row last (grown for codes the catalogue does not list)
        long[][][] counts = new long[n][ds.classCount() + 1][bins];
        double[][] bounds = CancellableQuery.inOneSnapshot(store, sink, "histograms", snapshot -> {
            double[][] b = snapshot.query(minMaxSql(s, window), rs -> readMinMax(rs, n));
            List<String> binCols = new ArrayList<>();
            List<String> sets = new ArrayList<>();
            StringBuilder bAll = new StringBuilder();
            for (int i = 0; i < n; i++) {
                binCols.add("CAST(floor((" + s.feature(features.get(i).name()) + " - " + EdaSql.num(b[i][0]) + ") * "
                        + EdaSql.num(1 / binWidth(b[i], bins)) + ") AS INTEGER) AS b" + i);
                sets.add("(c, b" + i + ")");
                bAll.append(i == 0 ? "" : ", ").append('b').append(i);
            }
            String sql = "SELECT c, " + bAll + ", grouping(" + bAll + ") AS g, count(*) FROM (SELECT " + s.labelGroup() + " AS c, "
                    + String.join(", ", binCols) + " FROM " + s.joined() + " WHERE " + s.window(window, "r") + ") GROUP BY GROUPING SETS ("
                    + String.join(", ", sets) + ")";
            snapshot.query(sql, rs -> {
                while (rs.next()) {
                    int c = rs.getInt(1);
                    boolean unlabelled = rs.wasNull() || c < 0;
                    if (!unlabelled && c + 1 >= counts[0].length) {
                        for (int i = 0; i < n; i++) {
                            long[][] grown = new long[c + 2][];
                            for (int k = 0; k < grown.length; k++) {
                                grown[k] = k < counts[i].length - 1 ? counts[i][k] : new long[bins];
                            }
                            grown[c + 1] = counts[i][counts[i].length - 1];
                            counts[i] = grown;
                        }
                    }
                    int side = unlabelled ? counts[0].length - 1 : c;
                    long g = rs.getLong(n + 2);
                    // grouping() sets bit (n-1-i) for every feature column NOT grouped; the one grouped has its bit clear
                    for (int i = 0; i < n; i++) {
                        boolean grouped = (g & (1L << (n - 1 - i))) == 0;
                        if (grouped) {
                            int bin = rs.getInt(2 + i);
                            if (!rs.wasNull()) {
                                counts[i][side][Math.max(0, Math.min(bins - 1, bin))] += rs.getLong(n + 3);
                            }
                        }
                    }
                }
                return null;
            });
            return b;
        });
        Map<String, Histogram> result = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            double width = binWidth(bounds[i], bins);
            double[] edges = new double[bins + 1];
            for (int b = 0; b <= bins; b++) {
                edges[b] = bounds[i][0] + b * width;
            }
            int codes = counts[i].length - 1;
            result.put(features.get(i).name(), new Histogram(features.get(i).name(), edges, Arrays.copyOf(counts[i], codes),
                    counts[i][codes]));
        }
        return result;
    }

    private static double binWidth(double[] bound, int bins) {
        double span = bound[1] - bound[0];
        return span > 0 ? span / bins : 1.0 / bins;
    }

    /** Per feature min and max in the window. */
    private static String minMaxSql(EdaSql s, TimeWindow window) {
        List<String> cols = new ArrayList<>();
        for (EdaDataset.Feature f : s.ds.features()) {
            cols.add("min(" + s.feature(f.name()) + "), max(" + s.feature(f.name()) + ")");
        }
        return "SELECT " + String.join(", ", cols) + " FROM " + s.readings + " r WHERE " + s.window(window, "r");
    }

    /** Per feature {min, max}; {0, 1} where a feature has no values. */
    private static double[][] readMinMax(ResultSet rs, int features) throws SQLException {
        rs.next();
        double[][] b = new double[features][];
        for (int i = 0; i < b.length; i++) {
            Double lo = doubleOrNull(rs, 2 * i + 1);
            Double hi = doubleOrNull(rs, 2 * i + 2);
            b[i] = lo == null ? new double[] {0, 1} : new double[] {lo, hi};
        }
        return b;
    }

    /** Box-plot figures (min, quartiles, max) of one feature per day; quartiles from a per-day reservoir, min and max exact. */
    List<DayBox> dailyBoxes(EdaDataset ds, String feature, TimeWindow window, ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        String x = s.feature(ds.feature(feature).name());
        String sql = "SELECT d, n, lo, q[1], q[2], q[3], hi FROM (SELECT CAST(r." + s.time + " AS DATE) AS d, count(" + x + ") AS n, min(" + x
                + ") AS lo, reservoir_quantile(" + x + ", [0.25, 0.5, 0.75], " + DAILY_QUARTILE_SAMPLE + ") AS q, max(" + x + ") AS hi FROM "
                + s.readings + " r WHERE "
                + s.window(window, "r") + " GROUP BY d) WHERE n > 0 ORDER BY d";
        return CancellableQuery.run(store, sink, "daily box plot of " + feature, sql, rs -> {
            List<DayBox> boxes = new ArrayList<>();
            while (rs.next()) {
                boxes.add(new DayBox(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                        rs.getDouble(6), rs.getDouble(7)));
            }
            return boxes;
        });
    }
}
