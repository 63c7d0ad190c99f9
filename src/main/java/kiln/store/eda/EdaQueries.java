package kiln.store.eda;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kiln.domain.ProgressSink;
import kiln.store.KilnStore;
import kiln.store.eda.EdaResults.CorrelationMatrix;
import kiln.store.eda.EdaResults.DataRow;
import kiln.store.eda.EdaResults.DayBox;
import kiln.store.eda.EdaResults.DayCount;
import kiln.store.eda.EdaResults.Envelope;
import kiln.store.eda.EdaResults.FeatureProfile;
import kiln.store.eda.EdaResults.Histogram;
import kiln.store.eda.EdaResults.LabelBalance;
import kiln.store.eda.EdaResults.RowPage;
import kiln.store.eda.EdaResults.RunWindow;
import kiln.store.eda.EdaResults.ScatterSample;
import kiln.store.eda.EdaResults.TimeBounds;

/**
 * The exploratory-analysis queries behind the Data workspace. Every figure is aggregated in DuckDB
 * so a screen receives at most a few thousand values however many rows the window holds. Each
 * method runs one or two cancellable statements: cancelling the job's {@link ProgressSink}
 * interrupts the query. Failures are unchecked ({@link kiln.store.DataAccessException}).
 */
public final class EdaQueries {

    /**
     * Quantiles come from a reservoir sample of this many values per feature (exact below it): the
     * t-digest and exact quantiles cost ~20x a plain scan on 10 million rows, the reservoir ~0.5x.
     */
    public static final int QUANTILE_SAMPLE = 65_536;

    private final KilnStore store;

    public EdaQueries(KilnStore store) {
        this.store = store;
    }

    /** Names of the data sets in the catalog, in name order. */
    public List<String> datasetNames(ProgressSink sink) {
        return CancellableQuery.run(store, sink, "data sets", "SELECT name FROM dataset ORDER BY name", rs -> {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        });
    }

    /**
     * The data set a newcomer most likely wants to look at first: the one whose model was registered
     * last, else the one imported last, else the first by name; null when there is none.
     */
    public String preferredDataset(ProgressSink sink) {
        return CancellableQuery.run(store, sink, "the data set to show first", "SELECT d.name FROM dataset d ORDER BY "
                + "(SELECT max(m.created_at) FROM registered_model m WHERE m.dataset = d.name) DESC NULLS LAST, "
                + "(SELECT max(i.imported_at) FROM import_log i WHERE i.dataset = d.name) DESC NULLS LAST, d.name LIMIT 1",
                rs -> rs.next() ? rs.getString(1) : null);
    }

    /** The catalog entry of one data set with its features in position order. */
    public EdaDataset dataset(String name, ProgressSink sink) {
        String sql = "SELECT d.reading_table, d.label_table, d.id_column, d.time_column, d.label_column, d.positive_label, "
                + "f.name, f.unit, f.expected_min, f.expected_max, coalesce(d.label_coded, false) FROM dataset d LEFT JOIN dataset_feature f "
                + "ON f.dataset = d.name AND f.kind = 'numeric' WHERE d.name = " + EdaSql.str(name) + " ORDER BY f.position";
        return CancellableQuery.run(store, sink, "data set " + name, sql, rs -> {
            String[] head = null;
            boolean coded = false;
            List<EdaDataset.Feature> features = new ArrayList<>();
            while (rs.next()) {
                if (head == null) {
                    head = new String[6];
                    for (int i = 0; i < 6; i++) {
                        head[i] = rs.getString(i + 1);
                    }
                    coded = rs.getBoolean(11);
                }
                if (rs.getString(7) != null) {
                    features.add(new EdaDataset.Feature(rs.getString(7), rs.getString(8), doubleOrNull(rs, 9), doubleOrNull(rs, 10)));
                }
            }
            if (head == null) {
                throw new IllegalArgumentException("There is no data set named " + name);
            }
            return new EdaDataset(name, head[0], head[1], head[2], head[3], head[4], head[5], coded, features);
        });
    }

    /** Training windows of the runs on this data set, newest first. */
    public List<RunWindow> runWindows(String dataset, ProgressSink sink) {
        String sql = "SELECT run_id, trainer, window_start, window_end FROM run WHERE dataset = " + EdaSql.str(dataset)
                + " AND (window_start IS NOT NULL OR window_end IS NOT NULL) ORDER BY run_id DESC";
        return CancellableQuery.run(store, sink, "run windows", sql, rs -> {
            List<RunWindow> runs = new ArrayList<>();
            while (rs.next()) {
                runs.add(new RunWindow(rs.getInt(1), rs.getString(2), time(rs, 3), time(rs, 4)));
            }
            return runs;
        });
    }

    /** First and last reading time and the row count inside the window. */
    public TimeBounds timeBounds(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        String sql = "SELECT min(r." + s.time + "), max(r." + s.time + "), count(*) FROM " + s.readings + " r WHERE " + s.window(window, "r");
        return CancellableQuery.run(store, sink, "time bounds", sql, rs -> {
            rs.next();
            return new TimeBounds(time(rs, 1), time(rs, 2), rs.getLong(3));
        });
    }

    /** Count, missing, moments, quantiles, distinct and out-of-range count per feature, in one scan. */
    public List<FeatureProfile> profile(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        List<String> inner = new ArrayList<>();
        List<String> outer = new ArrayList<>();
        int i = 0;
        for (EdaDataset.Feature f : ds.features()) {
            String x = s.feature(f.name());
            String p = "f" + i++ + "_";
            String range = rangeViolation(x, f);
            inner.add("count(" + x + ") AS " + p + "n");
            // mean and std from shifted sums: one multiply-add per row instead of Welford's update
            // (2-3x faster); shifting by the expected minimum keeps the sums well conditioned
            String d = "(" + x + " - " + EdaSql.num(shift(f)) + ")";
            inner.add("sum(" + d + ") AS " + p + "s1");
            inner.add("sum(" + d + " * " + d + ") AS " + p + "s2");
            inner.add("min(" + x + ") AS " + p + "min");
            inner.add("max(" + x + ") AS " + p + "max");
            inner.add("reservoir_quantile(" + x + ", [0.01, 0.25, 0.5, 0.75, 0.99], " + QUANTILE_SAMPLE + ") AS " + p + "q");
            inner.add("approx_count_distinct(" + x + ") AS " + p + "distinct");
            inner.add("count(*) FILTER (WHERE " + range + ") AS " + p + "out");
            String n = p + "n";
            String mean = EdaSql.num(shift(f)) + " + " + p + "s1 / nullif(" + n + ", 0)";
            String std = "sqrt(greatest(0, (" + p + "s2 - " + p + "s1 * " + p + "s1 / " + n + ") / nullif(" + n + " - 1, 0)))";
            outer.add(n + ", " + mean + ", " + std + ", " + p + "min, " + p + "q[1], " + p + "q[2], " + p + "q[3], "
                    + p + "q[4], " + p + "q[5], " + p + "max, " + p + "distinct, " + p + "out");
        }
        inner.add("count(*) AS total");
        String sql = "SELECT total, " + String.join(", ", outer) + " FROM (SELECT " + String.join(", ", inner)
                + " FROM " + s.readings + " r WHERE " + s.window(window, "r") + ")";
        return CancellableQuery.run(store, sink, "profile", sql, rs -> {
            rs.next();
            long total = rs.getLong(1);
            List<FeatureProfile> profiles = new ArrayList<>();
            int col = 2;
            for (EdaDataset.Feature f : ds.features()) {
                long n = rs.getLong(col);
                profiles.add(new FeatureProfile(f.name(), f.unit(), n, total - n, doubleOrNull(rs, col + 1), doubleOrNull(rs, col + 2),
                        doubleOrNull(rs, col + 3), doubleOrNull(rs, col + 4), doubleOrNull(rs, col + 5), doubleOrNull(rs, col + 6),
                        doubleOrNull(rs, col + 7), doubleOrNull(rs, col + 8), doubleOrNull(rs, col + 9),
                        Math.min(rs.getLong(col + 10), n),   // a HyperLogLog estimate can overshoot; never more than the values
                        rs.getLong(col + 11)));
                col += 12;
            }
            return profiles;
        });
    }

    private static double shift(EdaDataset.Feature f) {
        return f.expectedMin() != null ? f.expectedMin() : 0.0;
    }

    private static String rangeViolation(String x, EdaDataset.Feature f) {
        List<String> parts = new ArrayList<>();
        if (f.expectedMin() != null) {
            parts.add(x + " < " + EdaSql.num(f.expectedMin()));
        }
        if (f.expectedMax() != null) {
            parts.add(x + " > " + EdaSql.num(f.expectedMax()));
        }
        return parts.isEmpty() ? "false" : String.join(" OR ", parts);
    }

    /** Good, bad and unlabelled readings in the window. */
    public LabelBalance labelBalance(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        String code = s.labelCode();
        String sql = "SELECT count(*) FILTER (WHERE c = 1), count(*) FILTER (WHERE c = 0), count(*) FILTER (WHERE c = -1) FROM (SELECT "
                + code + " AS c FROM " + s.joined() + " WHERE " + s.window(window, "r") + ")";
        return CancellableQuery.run(store, sink, "label balance", sql, rs -> {
            rs.next();
            return new LabelBalance(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        });
    }

    /** Readings per calendar day (UTC) in the window. */
    public List<DayCount> readingsPerDay(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        String sql = "SELECT CAST(r." + s.time + " AS DATE) AS d, count(*) FROM " + s.readings + " r WHERE " + s.window(window, "r")
                + " GROUP BY d ORDER BY d";
        return CancellableQuery.run(store, sink, "readings per day", sql, rs -> {
            List<DayCount> days = new ArrayList<>();
            while (rs.next()) {
                days.add(new DayCount(rs.getObject(1, LocalDate.class), rs.getLong(2)));
            }
            return days;
        });
    }

    /**
     * Histograms of every feature split by label, {@code bins} equal bins between the feature's min
     * and max in the window; one grouped pass for all features (GROUPING SETS), after the min and max
     * (served from column statistics when the window is everything). Both run in one snapshot, so
     * every value falls in a bin; the top edge is folded into the last bin here rather than clamped
     * per row in SQL (clamping costs a third of the query).
     */
    public Map<String, Histogram> histograms(EdaDataset ds, TimeWindow window, int bins, ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        List<EdaDataset.Feature> features = ds.features();
        int n = features.size();
        long[][][] counts = new long[n][3][bins];
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
                    int side = rs.wasNull() || c < 0 ? 2 : c == 1 ? 0 : 1;
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
            result.put(features.get(i).name(), new Histogram(features.get(i).name(), edges, counts[i][0], counts[i][1], counts[i][2]));
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

    /**
     * Min, max and mean of one feature per time bucket ({@code buckets} equal spans over the window's
     * readings), so a chart of any number of rows draws the same envelope as the raw data. With
     * {@code withLabels} also the bad share per bucket (needs the label join, so it costs more).
     */
    public Envelope envelope(EdaDataset ds, String feature, TimeWindow window, int buckets, boolean withLabels, ProgressSink sink) {
        return envelope(ds, feature, window, null, buckets, withLabels, sink);
    }

    /**
     * As above, with the data set's first and last reading time already known (a screen keeps them),
     * which saves a scan: the buckets span their overlap with the window.
     */
    public Envelope envelope(EdaDataset ds, String feature, TimeWindow window, TimeBounds datasetBounds, int buckets, boolean withLabels,
                             ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        TimeBounds tb = datasetBounds == null ? timeBounds(ds, window, sink) : clip(datasetBounds, window);
        if (tb.first() == null) {
            return new Envelope(feature, 1, new long[0], new double[0], new double[0], new double[0], new long[0], new double[0], 0);
        }
        long lo = millis(tb.first());
        long span = millis(tb.last()) - lo + 1;
        long width = Math.max(1, (span + buckets - 1) / buckets);
        String x = s.feature(ds.feature(feature).name());
        String badShare = withLabels ? "avg(CASE WHEN (" + s.labelCode() + ") = 0 THEN 1.0 ELSE 0.0 END) FILTER (WHERE " + s.labelled() + ")"
                : "NULL";
        String source = withLabels ? s.joined() : s.readings + " r";
        // An INTEGER bucket number from the raw microseconds groups ~2x faster than a BIGINT from epoch_ms.
        String sql = "SELECT CAST((epoch_us(r." + s.time + ") - " + lo * 1000 + ") // " + width * 1000 + " AS INTEGER) AS b, min(" + x
                + "), max(" + x + "), avg(" + x
                + "), count(" + x + "), " + badShare + " FROM " + source + " WHERE " + s.window(window, "r") + " GROUP BY b ORDER BY b";
        return CancellableQuery.run(store, sink, "time series of " + feature, sql, rs -> {
            List<double[]> rows = new ArrayList<>();
            long total = 0;
            while (rs.next()) {
                double share = rs.getDouble(6);
                share = rs.wasNull() ? Double.NaN : share;
                long count = rs.getLong(5);
                total += count;
                rows.add(new double[] {rs.getLong(1), nanIfNull(rs, 2), nanIfNull(rs, 3), nanIfNull(rs, 4), count, share});
            }
            int m = rows.size();
            long[] start = new long[m];
            double[] min = new double[m];
            double[] max = new double[m];
            double[] mean = new double[m];
            long[] cnt = new long[m];
            double[] bad = new double[m];
            for (int i = 0; i < m; i++) {
                double[] r = rows.get(i);
                start[i] = lo + (long) r[0] * width;
                min[i] = r[1];
                max[i] = r[2];
                mean[i] = r[3];
                cnt[i] = (long) r[4];
                bad[i] = r[5];
            }
            return new Envelope(feature, width, start, min, max, mean, cnt, bad, total);
        });
    }

    private static TimeBounds clip(TimeBounds b, TimeWindow w) {
        if (b.first() == null) {
            return b;
        }
        LocalDateTime first = w.from() != null && w.from().isAfter(b.first()) ? w.from() : b.first();
        LocalDateTime last = w.to() != null && w.to().isBefore(b.last()) ? w.to() : b.last();
        return last.isBefore(first) ? new TimeBounds(null, null, 0) : new TimeBounds(first, last, -1);
    }

    /** A reproducible random sample of at most {@code size} rows with their labels, and the window's row count. */
    public ScatterSample scatterSample(EdaDataset ds, TimeWindow window, int size, ProgressSink sink) {
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
        long windowRows = timeBounds(ds, window, sink).rows();
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
    public CorrelationMatrix correlation(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        List<EdaDataset.Feature> features = ds.features();
        List<String> names = ds.featureNames();
        int n = names.size();
        List<String> shifted = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shifted.add(s.feature(names.get(i)) + " - " + EdaSql.num(shift(features.get(i))) + " AS v" + i);
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

    /** Values per day behind each box's quartiles: a reservoir this size keeps them within a fraction of a box. */
    static final int DAILY_QUARTILE_SAMPLE = 4_096;

    /** Box-plot figures (min, quartiles, max) of one feature per day; quartiles from a per-day reservoir, min and max exact. */
    public List<DayBox> dailyBoxes(EdaDataset ds, String feature, TimeWindow window, ProgressSink sink) {
        EdaSql s = new EdaSql(ds);
        String x = s.feature(ds.feature(feature).name());
        String sql = "SELECT d, n, lo, q[1], q[2], q[3], hi FROM (SELECT CAST(r." + s.time + " AS DATE) AS d, count(" + x + ") AS n, min(" + x
                + ") AS lo, reservoir_quantile(" + x + ", [0.25, 0.5, 0.75], " + DAILY_QUARTILE_SAMPLE + ") AS q, max(" + x + ") AS hi FROM " + s.readings + " r WHERE "
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

    /** One page of the rows behind a selection, ordered by time then id, with the total match count. */
    public RowPage rows(EdaDataset ds, TimeWindow window, RowFilter filter, long offset, int limit, ProgressSink sink) {
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

    static long millis(LocalDateTime t) {
        return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static LocalDateTime time(ResultSet rs, int col) throws SQLException {
        return rs.getObject(col, LocalDateTime.class);
    }

    private static Double doubleOrNull(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    private static double nanIfNull(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? Double.NaN : v;
    }
}
