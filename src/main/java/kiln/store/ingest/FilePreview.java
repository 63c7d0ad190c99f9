package kiln.store.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import kiln.domain.UserFacingException;
import kiln.store.KilnStore;

/**
 * The first rows of a CSV or Parquet file and what its columns look like, read by a throw-away
 * in-memory DuckDB (the store is not touched): what an import wizard shows before anything is stored,
 * with a guess of the id, time and label columns and, per column, a few distinct values.
 *
 * @param columns   the file's columns in order
 * @param rows      the first rows as text (null for an empty cell)
 * @param kinds     per column: "number", "time", "whole number" or "text" (what most values parse as)
 * @param distinct  per column: up to {@link #DISTINCT_SHOWN} distinct values, commonest first
 * @param distinctCount per column: how many distinct values the file holds
 */
public record FilePreview(Path file, List<String> columns, List<List<String>> rows, List<String> kinds, List<List<String>> distinct,
        List<Long> distinctCount, long rowCount) {

    public static final int DISTINCT_SHOWN = 60;

    /** Reads {@code maxRows} rows and the column summaries of {@code file}. */
    public static FilePreview read(Path file, int maxRows) {
        if (!Files.isRegularFile(file)) {
            throw new UserFacingException(file + ": no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean parquet = name.endsWith(".parquet") || name.endsWith(".pq");
        String source = parquet ? "read_parquet(" + ImportSql.literal(file.toAbsolutePath().toString()) + ")"
                : "read_csv(" + ImportSql.literal(file.toAbsolutePath().toString()) + ", all_varchar = true, header = true, ignore_errors = true)";
        Properties props = new Properties();
        props.setProperty("autoinstall_known_extensions", "false");
        props.setProperty("autoload_known_extensions", "false");
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:", props); Statement st = conn.createStatement()) {
            st.execute("CREATE TEMP TABLE f AS SELECT * FROM " + source);
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'f' ORDER BY ordinal_position")) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT * FROM f LIMIT " + Math.max(0, maxRows))) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int c = 1; c <= columns.size(); c++) {
                        row.add(rs.getString(c));
                    }
                    rows.add(row);
                }
            }
            long count;
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM f")) {
                rs.next();
                count = rs.getLong(1);
            }
            List<String> kinds = new ArrayList<>();
            List<List<String>> distinct = new ArrayList<>();
            List<Long> distinctCount = new ArrayList<>();
            for (String c : columns) {
                String v = "trim(CAST(" + KilnStore.quoteIdentifier(c) + " AS VARCHAR))";
                try (ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE " + v + " <> ''), "
                        + "count(*) FILTER (WHERE regexp_full_match(" + v + ", '[+-]?[0-9]+')), "
                        + "count(*) FILTER (WHERE TRY_CAST(" + v + " AS DOUBLE) IS NOT NULL), "
                        + "count(*) FILTER (WHERE TRY_CAST(" + v + " AS TIMESTAMP) IS NOT NULL), count(DISTINCT " + v + ") FROM f")) {
                    rs.next();
                    long present = Math.max(1, rs.getLong(1));
                    kinds.add(rs.getLong(2) >= 0.75 * present ? "whole number" : rs.getLong(3) >= 0.75 * present ? "number"
                            : rs.getLong(4) >= 0.75 * present ? "time" : "text");
                    distinctCount.add(rs.getLong(5));
                }
                List<String> values = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT " + v + " AS x FROM f WHERE x <> '' GROUP BY x ORDER BY count(*) DESC, x LIMIT "
                        + DISTINCT_SHOWN)) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
                distinct.add(List.copyOf(values));
            }
            return new FilePreview(file, List.copyOf(columns), List.copyOf(rows), List.copyOf(kinds), List.copyOf(distinct),
                    List.copyOf(distinctCount), count);
        } catch (SQLException e) {
            throw new UserFacingException(file + ": cannot be read as " + (parquet ? "Parquet" : "CSV") + ": " + ImportService.readerReason(e), e);
        }
    }

    /** The column most likely to be the rows' id: named id, whole numbers, all distinct; else null (the line number). */
    public String guessId() {
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).equalsIgnoreCase("id") && distinctCount.get(c) == rowCount) {
                return columns.get(c);
            }
        }
        return null;
    }

    /** The first column whose values are times (or that is named time, timestamp or date), else null. */
    public String guessTime() {
        for (String preferred : List.of("time", "timestamp", "datetime", "date")) {
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).equalsIgnoreCase(preferred) && kinds.get(c).equals("time")) {
                    return columns.get(c);
                }
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            if (kinds.get(c).equals("time")) {
                return columns.get(c);
            }
        }
        return null;
    }

    /** The last column with few distinct values (2..50): files usually end with their label; else null. */
    public String guessLabel() {
        for (int c = columns.size() - 1; c >= 0; c--) {
            long n = distinctCount.get(c);
            if (n >= 2 && n <= 50 && !kinds.get(c).equals("time") && !kinds.get(c).equals("number") && !columns.get(c).equals(guessId())) {
                return columns.get(c);
            }
        }
        return null;
    }

    /**
     * When times repeat (several sensors or sites per instant), the text column with the fewest distinct
     * values (at least two) other than the label: what the rows are grouped by; else null.
     */
    public String guessGroup(String time, String label) {
        int t = columns.indexOf(time);
        if (t < 0 || distinctCount.get(t) >= rowCount) {
            return null;
        }
        String best = null;
        for (int c = 0; c < columns.size(); c++) {
            String name = columns.get(c);
            long n = distinctCount.get(c);
            if (kinds.get(c).equals("text") && n >= 2 && !name.equals(label) && !name.equals(time)
                    && (best == null || n < distinctCount(best))) {
                best = name;
            }
        }
        return best;
    }

    /** Up to {@link #DISTINCT_SHOWN} values of a column, commonest first. */
    public List<String> values(String column) {
        int c = columns.indexOf(column);
        return c < 0 ? List.of() : distinct.get(c);
    }

    public long distinctCount(String column) {
        int c = columns.indexOf(column);
        return c < 0 ? 0 : distinctCount.get(c);
    }
}
