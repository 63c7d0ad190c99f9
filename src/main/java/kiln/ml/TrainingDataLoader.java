package kiln.ml;

import static kiln.store.KilnStore.quoteIdentifier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import kiln.domain.DatasetSpec;
import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.catalog.Catalog;
import kiln.store.ingest.LabelCodes;

/**
 * Reads a training window (readings joined with their labels) from the store, as the catalogue
 * describes the data set. Labels arrive as class codes (the label's position in the catalogue's
 * class list); rows whose label is not a catalogued class are left out. Categorical features arrive as
 * their {@link CategoryCodes} (computed first, from the window's label counts per category). DuckDB computes the
 * quantile edges and codes every value into its bin, so Java receives small integers; the read uses
 * a streaming connection of its own.
 */
public final class TrainingDataLoader {

    /** The most label classes a window may have: the class code takes six bits of the packed read. */
    public static final int MAX_CLASSES = 64;

    /**
     * Bin codes travel packed: up to six 9-bit codes per BIGINT after six label bits (60 bits in all,
     * the sign bit untouched), so JDBC reads one value per row for up to six features.
     */
    private static final int LABEL_BITS = 6;
    private static final long LABEL_MASK = (1L << LABEL_BITS) - 1;
    private static final int CODE_BITS = 9;
    private static final int CODES_PER_COLUMN = 6;
    private static final long CODE_MASK = (1L << CODE_BITS) - 1;

    private final KilnStore store;

    public TrainingDataLoader(KilnStore store) {
        this.store = store;
    }

    /** Binned rows: quantile edges computed over the window in SQL, values coded in SQL. */
    public TrainingData loadBinned(String dataset, DataWindow window, List<String> chosenFeatures, ProgressSink sink) {
        return load(dataset, window, chosenFeatures, true, sink);
    }

    /** Raw feature values (the unbinned baseline). */
    public TrainingData loadRaw(String dataset, DataWindow window, List<String> chosenFeatures, ProgressSink sink) {
        return load(dataset, window, chosenFeatures, false, sink);
    }

    private TrainingData load(String dataset, DataWindow window, List<String> chosenFeatures, boolean binned, ProgressSink sink) {
        try (Connection conn = store.openReader()) {
            DatasetSpec spec = Catalog.require(conn, dataset);
            List<String> features = features(spec, chosenFeatures);
            List<String> classes = classes(spec);
            Map<String, CategoryCodes> categories = categoryCodes(conn, spec, features, classes, window);
            Binding binding = new Binding(classes, features.stream().filter(categories::containsKey)
                    .map(f -> categories.get(f).sqlValues()).toList(), window);
            String windowSql = windowSql(spec, features, categories);
            Summary summary = summarise(conn, binding, features, categories, windowSql);
            if (summary.rows == 0) {
                throw new UserFacingException("Data set '" + dataset + "' has no labelled rows in the window " + window
                        + " (labels count when they are among its classes: " + String.join(", ", classes) + ")");
            }
            if (Long.bitCount(summary.classMask) < 2) {
                throw new UserFacingException("Data set '" + dataset + "' needs at least two label classes in the window " + window
                        + " to train on; it has only '" + classes.get(Long.numberOfTrailingZeros(summary.classMask)) + "'");
            }
            if (summary.rows > Integer.MAX_VALUE - 8) {
                throw new UserFacingException("The window " + window + " holds " + summary.rows + " rows; choose a shorter window");
            }
            FeatureBins bins = binned ? new FeatureBins(features, summary.edges) : null;
            JobCancelledException.throwIfCancelled(sink, "Loading " + dataset);
            int n = (int) summary.rows;
            double[][] columns = new double[features.size()][n];
            byte[] labels = new byte[n];
            String sql = binned ? binnedSql(features, windowSql) : rawSql(features, windowSql);
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                int i = binding.bind(conn, ps);
                if (binned) {
                    for (int f = 0; f < features.size(); f++) {
                        ps.setString(i++, Arrays.toString(bins.edges(f)));
                    }
                }
                sink.onCancel(() -> cancelQuietly(ps));
                try (ResultSet rs = ps.executeQuery()) {
                    int row = 0;
                    int nf = features.size();
                    int packs = packedColumns(nf);
                    while (rs.next()) {
                        if (row >= n) {
                            throw new IllegalStateException("The window changed while it was read; try again");
                        }
                        if (binned) {
                            for (int k = 0; k < packs; k++) {
                                long packed = rs.getLong(k + 1);
                                if (k == 0) {
                                    labels[row] = (byte) (packed & LABEL_MASK);
                                }
                                for (int j = 0, f = k * CODES_PER_COLUMN; j < CODES_PER_COLUMN && f < nf; j++, f++) {
                                    columns[f][row] = (packed >>> (LABEL_BITS + CODE_BITS * j)) & CODE_MASK;
                                }
                            }
                        } else {
                            labels[row] = (byte) rs.getInt(1);
                            for (int f = 0; f < nf; f++) {
                                double v = rs.getDouble(f + 2);
                                columns[f][row] = rs.wasNull() ? Double.NaN : v;
                            }
                        }
                        row++;
                        if ((row & 0xFFFF) == 0) {
                            sink.progress(row, n, "Reading " + dataset);
                            JobCancelledException.throwIfCancelled(sink, "Loading " + dataset);
                        }
                    }
                    if (row != n) {
                        throw new IllegalStateException("The window changed while it was read; try again");
                    }
                }
            }
            sink.progress(n, n, "Read " + n + " rows of " + dataset);
            return new TrainingData(dataset, window, features, columns, labels, bins, summary.fingerprint, classes, categories);
        } catch (SQLException e) {
            if (sink.isCancelled()) {
                throw new JobCancelledException("Loading " + dataset + " was cancelled");
            }
            throw new DataAccessException("Reading the training window of " + dataset + " failed", e);
        }
    }

    private static int packedColumns(int features) {
        return (features + CODES_PER_COLUMN - 1) / CODES_PER_COLUMN;
    }

    static void cancelQuietly(PreparedStatement ps) {
        try {
            ps.cancel();
        } catch (SQLException ignored) {
            // the statement may already be finished
        }
    }

    /** The chosen features, checked against the catalogue; all features (numeric and categorical) when {@code chosen} is empty. */
    static List<String> features(DatasetSpec spec, List<String> chosen) {
        List<String> all = spec.featureNames();
        if (all.isEmpty()) {
            throw new UserFacingException("Data set '" + spec.name() + "' has no features in dataset_feature");
        }
        if (chosen == null || chosen.isEmpty()) {
            return all;
        }
        for (String f : chosen) {
            if (!all.contains(f)) {
                throw new UserFacingException("Feature '" + f + "' is not a feature of data set '" + spec.name()
                        + "' (it has " + String.join(", ", all) + ")");
            }
        }
        return List.copyOf(chosen);
    }

    /**
     * The codes of each chosen categorical feature, from its categories' label counts over the window
     * (one grouped pass over the window's categorical columns).
     */
    static Map<String, CategoryCodes> categoryCodes(Connection conn, DatasetSpec spec, List<String> features, List<String> classes,
            DataWindow window) throws SQLException {
        List<String> categorical = features.stream().filter(f -> !spec.feature(f).numeric()).toList();
        if (categorical.isEmpty()) {
            return Map.of();
        }
        StringBuilder sql = new StringBuilder("WITH w AS MATERIALIZED (").append(windowSql(spec, categorical, null)).append(") ");
        for (int f = 0; f < categorical.size(); f++) {
            String col = "w." + quoteIdentifier(categorical.get(f));
            sql.append(f == 0 ? "" : " UNION ALL ").append("SELECT ").append(f).append(" AS f, ").append(col).append(
                    " AS v, w.label, count(*) FROM w WHERE ")
                    .append(col).append(" IS NOT NULL GROUP BY ALL");
        }
        List<Map<String, long[]>> counts = new ArrayList<>();
        categorical.forEach(f -> counts.add(new HashMap<>()));
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            new Binding(classes, List.of(), window).bind(conn, ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.get(rs.getInt(1)).computeIfAbsent(rs.getString(2), v -> new long[classes.size()])[rs.getInt(3)] += rs.getLong(4);
                }
            }
        }
        Map<String, CategoryCodes> codes = new LinkedHashMap<>();
        for (int f = 0; f < categorical.size(); f++) {
            codes.put(categorical.get(f), CategoryCodes.fromCounts(counts.get(f), classes.size()));
        }
        return codes;
    }

    static List<String> classes(DatasetSpec spec) {
        List<String> classes = spec.classes();
        if (classes.isEmpty()) {
            throw new UserFacingException("Data set '" + spec.name() + "' lists no label classes in the catalogue (table dataset_class), "
                    + "so its labels cannot be coded for training");
        }
        if (classes.size() > MAX_CLASSES) {
            throw new UserFacingException("Data set '" + spec.name() + "' has " + classes.size() + " label classes; Kiln trains on at most "
                    + MAX_CLASSES);
        }
        return classes;
    }

    /**
     * The window's rows whose label is a catalogued class, as a CTE body: id, t, label (the class code),
     * then the features: numeric ones as DOUBLE, categorical ones as their code in {@code categories}
     * (DOUBLE, NULL when missing), or as text when {@code categories} is null. Parameters: the classes,
     * each coded categorical feature's values in feature order, the window start, the window end.
     */
    private static String windowSql(DatasetSpec s, List<String> features, Map<String, CategoryCodes> categories) {
        return windowSql(s, features, categories, false);
    }

    /** As {@link #windowSql(DatasetSpec, List, Map)}; with {@code withGroup} also the group column's value as text, {@code grp}. */
    static String windowSql(DatasetSpec s, List<String> features, Map<String, CategoryCodes> categories, boolean withGroup) {
        String cols = features.stream().map(f -> featureExpression(s, f, categories) + " AS " + quoteIdentifier(f))
                .collect(Collectors.joining(", "));
        String label = "l." + quoteIdentifier(s.labelColumn());
        return "SELECT * FROM (SELECT r." + quoteIdentifier(s.idColumn()) + " AS id, r." + quoteIdentifier(s.timeColumn()) + " AS t, "
                + LabelCodes.codeExpression(label) + " AS label, "
                + (withGroup ? "CAST(r." + quoteIdentifier(s.groupColumn()) + " AS VARCHAR) AS grp, " : "") + cols
                + " FROM " + quoteIdentifier(s.readingTable()) + " r JOIN " + quoteIdentifier(s.labelTable()) + " l ON l."
                + quoteIdentifier(s.idColumn()) + " = r." + quoteIdentifier(s.idColumn())
                + " WHERE r." + quoteIdentifier(s.timeColumn()) + " >= ? AND r." + quoteIdentifier(s.timeColumn()) + " < ?"
                + " AND " + label + " IS NOT NULL) WHERE label IS NOT NULL";
    }

    private static String featureExpression(DatasetSpec s, String feature, Map<String, CategoryCodes> categories) {
        String col = "r." + quoteIdentifier(feature);
        if (s.feature(feature).numeric()) {
            return "CAST(" + col + " AS DOUBLE)";
        }
        if (categories == null) {
            return "CAST(" + col + " AS VARCHAR)";
        }
        return "CAST(CASE WHEN " + col + " IS NULL THEN NULL ELSE coalesce(list_position(?::VARCHAR[], CAST(" + col + " AS VARCHAR)), "
                + categories.get(feature).otherCode() + ") END AS DOUBLE)";
    }

    /** The window query's parameters, in the order {@link #windowSql} uses them. */
    record Binding(List<String> classes, List<List<String>> categoryValues, DataWindow window) {

        /** Binds them from parameter 1; returns the next free parameter index. */
        int bind(Connection conn, PreparedStatement ps) throws SQLException {
            int i = 1;
            LabelCodes.bindClasses(conn, ps, i++, classes);
            for (List<String> values : categoryValues) {
                ps.setArray(i++, conn.createArrayOf("VARCHAR", values.toArray()));
            }
            ps.setTimestamp(i++, Timestamp.valueOf(window.start()));
            ps.setTimestamp(i++, Timestamp.valueOf(window.end()));
            return i;
        }
    }

    /** @param classMask bit {@code c} set when class code {@code c} occurs in the window */
    private record Summary(long rows, long classMask, String fingerprint, double[][] edges) {
    }

    /**
     * Row count, fingerprint and quantile edges in one query over the window (materialised once).
     * Each feature's edges are the upper ends of the first {@code MAX_BINS - 1} of {@code MAX_BINS}
     * equal-count tiles: exact quantiles from one sort (DuckDB's {@code quantile_cont} with 255
     * fractions is several times slower).
     */
    private static Summary summarise(Connection conn, Binding binding, List<String> features, Map<String, CategoryCodes> categories,
            String windowSql) throws SQLException {
        String hashArgs = features.stream().map(f -> "w." + quoteIdentifier(f)).collect(Collectors.joining(", "));
        // The label enters the hash as INTEGER, the type the 0/1 label had, so binary fingerprints stay what they were.
        StringBuilder sql = new StringBuilder("WITH w AS MATERIALIZED (").append(windowSql).append(") SELECT count(*), ")
                .append("coalesce(bit_or(1::UBIGINT << w.label::UBIGINT), 0)::VARCHAR, ")
                .append("coalesce(bit_xor(hash(w.id, w.t, w.label::INTEGER, ").append(hashArgs).append(")), 0)::VARCHAR");
        for (String f : features) {
            if (categories.containsKey(f)) {
                continue; // a categorical feature's edges come with its codes
            }
            String col = quoteIdentifier(f);
            sql.append(", (SELECT coalesce(list(edge ORDER BY edge), [])::VARCHAR FROM (SELECT max(x) AS edge, tile FROM (SELECT ")
                    .append(col).append(" AS x, ntile(").append(FeatureBins.MAX_BINS).append(") OVER (ORDER BY ").append(col)
                    .append(") AS tile FROM w WHERE ").append(col).append(" IS NOT NULL AND NOT isnan(").append(col)
                    .append(")) GROUP BY tile) WHERE tile < ").append(FeatureBins.MAX_BINS).append(")");
        }
        sql.append(" FROM w");
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            binding.bind(conn, ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long rows = rs.getLong(1);
                long classMask = Long.parseUnsignedLong(rs.getString(2));
                String fingerprint = Long.toHexString(rows) + "-" + Long.toHexString(Long.parseUnsignedLong(rs.getString(3)))
                        + "-" + Integer.toHexString(String.join(",", features).hashCode());
                double[][] edges = new double[features.size()][];
                int column = 4;
                for (int f = 0; f < features.size(); f++) {
                    CategoryCodes codes = categories.get(features.get(f));
                    edges[f] = codes != null ? codes.binEdges() : parseList(rs.getString(column++));
                }
                return new Summary(rows, classMask, fingerprint, edges);
            }
        }
    }

    /** Parses DuckDB's text form of a DOUBLE[] ({@code [1.5, 2.0]}); null (no values) is empty. */
    static double[] parseList(String text) {
        if (text == null) {
            return new double[0];
        }
        String body = text.trim();
        body = body.substring(1, body.length() - 1).trim();
        if (body.isEmpty()) {
            return new double[0];
        }
        return Arrays.stream(body.split(",")).map(String::trim).filter(v -> !v.equalsIgnoreCase("NULL"))
                .mapToDouble(v -> Double.parseDouble(v.toLowerCase(Locale.ROOT).equals("nan") ? "NaN" : v)).toArray();
    }

    /**
     * Codes each feature with an ASOF join against its edge list: the largest edge {@code <=} the
     * value gives its 1-based position, so the bin is {@code 1 + count(edges <= value)} as in
     * {@link FeatureBins#bin}.
     */
    private static String binnedSql(List<String> features, String windowSql) {
        StringBuilder sql = new StringBuilder("WITH w AS (").append(windowSql).append(")");
        for (int f = 0; f < features.size(); f++) {
            sql.append(", e").append(f).append(
                    " AS (SELECT unnest(e) AS edge, unnest(range(1, len(e) + 1)) AS idx FROM (SELECT CAST(? AS DOUBLE[]) AS e))");
        }
        sql.append(" SELECT ");
        for (int k = 0; k < packedColumns(features.size()); k++) {
            sql.append(k == 0 ? "(w.label::BIGINT" : ", (0::BIGINT");
            for (int j = 0, f = k * CODES_PER_COLUMN; j < CODES_PER_COLUMN && f < features.size(); j++, f++) {
                String col = "w." + quoteIdentifier(features.get(f));
                sql.append(" | ((CASE WHEN ").append(col).append(" IS NULL OR isnan(").append(col).append(") THEN 0 ELSE coalesce(e")
                        .append(f).append(".idx, 0) + 1 END)::BIGINT << ").append(LABEL_BITS + CODE_BITS * j).append(")");
            }
            sql.append(")");
        }
        sql.append(" FROM w");
        for (int f = 0; f < features.size(); f++) {
            sql.append(" ASOF LEFT JOIN e").append(f).append(" ON w.").append(quoteIdentifier(features.get(f))).append(" >= e")
                    .append(f).append(".edge");
        }
        return sql.append(" ORDER BY w.t, w.id").toString();
    }

    private static String rawSql(List<String> features, String windowSql) {
        String cols = features.stream().map(f -> "w." + quoteIdentifier(f)).collect(Collectors.joining(", "));
        return "WITH w AS (" + windowSql + ") SELECT w.label, " + cols + " FROM w ORDER BY w.t, w.id";
    }
}
