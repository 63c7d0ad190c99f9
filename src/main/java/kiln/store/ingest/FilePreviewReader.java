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
import kiln.domain.ingest.FilePreview;
import kiln.store.KilnStore;

/** Reads a {@link FilePreview} with a throw-away in-memory DuckDB: the store is not touched. */
public final class FilePreviewReader {

    private FilePreviewReader() {}

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
                        + FilePreview.DISTINCT_SHOWN)) {
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
}
