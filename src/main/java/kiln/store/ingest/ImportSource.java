package kiln.store.ingest;

import static kiln.store.ingest.ImportSql.exec;
import static kiln.store.ingest.ImportSql.literal;
import static kiln.store.ingest.ImportSql.q;
import static kiln.store.ingest.ImportSql.scalar;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import kiln.domain.UserFacingException;

/**
 * The first steps of an import: reads the file as text into {@code kiln_import_src} (malformed CSV lines
 * into {@code kiln_rejects}), then copies it to {@code kiln_import_rows} with each row's line in the file
 * and room for the first problem found in it.
 */
final class ImportSource {

    private ImportSource() {}

    /** Reads the file into {@code kiln_import_src}; returns its columns. Refuses unreadable or empty files. */
    static List<String> load(Connection conn, Path file, boolean parquet, String shown) throws SQLException {
        exec(conn, "DROP TABLE IF EXISTS kiln_import_src");
        exec(conn, "DROP TABLE IF EXISTS kiln_import_rows");
        exec(conn, "DROP TABLE IF EXISTS kiln_rejects");
        exec(conn, "DROP TABLE IF EXISTS kiln_rejects_scan");
        String path = literal(file.toAbsolutePath().toString());
        try {
            if (parquet) {
                exec(conn, "CREATE TEMP TABLE kiln_import_src AS SELECT * FROM read_parquet(" + path + ")");
            } else {
                exec(conn, "CREATE TEMP TABLE kiln_import_src AS SELECT * FROM read_csv(" + path + ", all_varchar = true, header = true, "
                        + "store_rejects = true, rejects_table = 'kiln_rejects', rejects_scan = 'kiln_rejects_scan')");
            }
        } catch (SQLException e) {
            // Damaged, truncated or mis-encoded files fail inside DuckDB's reader: the user's problem, not a bug.
            throw new UserFacingException(shown + ": cannot be read as " + (parquet ? "Parquet" : "CSV") + ": " + ImportService.readerReason(e), e);
        }
        List<String> columns = ImportSql.columnsOf(conn, "kiln_import_src");
        if (!parquet) {
            checkHeaderHasNoDuplicates(conn, path, shown);
        }
        if (scalar(conn, "SELECT count(*) FROM kiln_import_src") == 0
                && (parquet || scalar(conn, "SELECT count(*) FROM kiln_rejects") == 0)) {
            throw new UserFacingException(shown + ": no data rows to import (the file is empty or holds only a header)");
        }
        return columns;
    }

    /** Copies the read rows to {@code kiln_import_rows} as text, with their line in the file and the raw line. */
    static void numberRows(Connection conn, List<String> columns, boolean parquet) throws SQLException {
        // Line numbers: the table keeps file order (rowid order; rowids inside a transaction start at an
        // offset, hence row_number); malformed CSV lines were taken out, so the
        // n-th stored row sits on the n-th line that was not rejected.
        String lineExpr;
        if (parquet) {
            lineExpr = "SELECT row_number() OVER (ORDER BY rowid) - 1 AS idx, row_number() OVER (ORDER BY rowid) AS kiln_line FROM kiln_import_src";
        } else {
            lineExpr = "SELECT row_number() OVER (ORDER BY l) - 1 AS idx, l AS kiln_line FROM range(2, (SELECT count(*) FROM kiln_import_src) "
                    + "+ (SELECT count(DISTINCT line) FROM kiln_rejects) + 2) t(l) WHERE l NOT IN (SELECT line FROM kiln_rejects)";
        }
        StringBuilder sel = new StringBuilder("CREATE TEMP TABLE kiln_import_rows AS SELECT n.kiln_line");
        for (String c : columns) {
            sel.append(", CAST(s.").append(q(c)).append(" AS VARCHAR) AS ").append(q(c));
        }
        sel.append(", concat_ws(',', ").append(columns.stream().map(c -> "coalesce(CAST(s." + q(c) + " AS VARCHAR), '')")
                .collect(Collectors.joining(", "))).append(") AS kiln_raw");
        sel.append(", CAST(NULL AS VARCHAR) AS kiln_bad_column, CAST(NULL AS VARCHAR) AS kiln_reason");
        sel.append(" FROM (SELECT row_number() OVER (ORDER BY rowid) - 1 AS kiln_idx, * FROM kiln_import_src) s JOIN (").append(lineExpr).append(
                ") n ON n.idx = s.kiln_idx");
        exec(conn, sel.toString());
    }

    /** A column named twice would silently lose one of them (DuckDB renames the second to NAME_1). */
    private static void checkHeaderHasNoDuplicates(Connection conn, String path, String shown) throws SQLException {
        List<String> header = new ArrayList<>();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT * FROM read_csv(" + path + ", all_varchar = true, header = false, ignore_errors = true) LIMIT 1")) {
            if (!rs.next()) {
                return;
            }
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                String name = rs.getString(i);
                int first = header.indexOf(name);
                if (name != null && first >= 0) {
                    throw new UserFacingException(shown + ":1: column '" + name + "' appears twice (columns " + (first + 1) + " and " + i
                            + "); rename one of them");
                }
                header.add(name);
            }
        }
    }
}
