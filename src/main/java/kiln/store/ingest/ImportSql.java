package kiln.store.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import kiln.store.KilnStore;

/** Small JDBC helpers shared by the import steps: statements on the writer connection, quoting, typing guesses. */
final class ImportSql {

    private ImportSql() {}

    static void exec(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    static long update(Connection conn, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(conn, sql, params)) {
            return ps.executeUpdate();
        }
    }

    static long scalar(Connection conn, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(conn, sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> strings(Connection conn, String sql, Object... params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(conn, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static PreparedStatement prepare(Connection conn, String sql, Object... params) throws SQLException {
        PreparedStatement ps = conn.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }

    /** Numeric when at least 75 % of the non-empty values parse; the rest are then bad rows. */
    static boolean mostlyCastable(Connection conn, String column, String type) throws SQLException {
        String v = "trim(CAST(" + q(column) + " AS VARCHAR))";
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE " + v + " <> ''), count(*) FILTER "
                        + "(WHERE TRY_CAST(" + v + " AS " + type + ") IS NOT NULL) FROM kiln_import_src")) {
            rs.next();
            long nonEmpty = rs.getLong(1);
            return nonEmpty > 0 && rs.getLong(2) >= 0.75 * nonEmpty;
        }
    }

    /** The first non-empty value of {@code column} in the file that does not cast to {@code type} (null if every one does). */
    static String firstNotCastable(Connection conn, String column, String type) throws SQLException {
        String v = "trim(CAST(" + q(column) + " AS VARCHAR))";
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + v + " FROM kiln_import_src WHERE " + v + " <> '' AND TRY_CAST(" + v + " AS " + type
                        + ") IS NULL LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static List<String> columnsOf(Connection conn, String table) throws SQLException {
        return strings(conn, "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", table);
    }

    static String q(String identifier) {
        return KilnStore.quoteIdentifier(identifier);
    }

    /** A SQL string literal: only for text DuckDB takes no parameter for (table-function arguments such as file paths). */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
