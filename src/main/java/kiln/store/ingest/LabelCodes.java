package kiln.store.ingest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import kiln.store.KilnStore;

/**
 * Keeps a data set's derived {@code label_code} column (on its reading table) in step with its label
 * table: 1 for the positive label, 0 for any other, NULL until the label lands (see migration V007).
 * Callers run these on the writer connection inside the transaction that stored the rows, so the
 * code can never disagree with a committed label. Each update is bounded to the ids just stored:
 * id ranges let DuckDB's zone maps skip every row group outside them.
 */
public final class LabelCodes {

    /** What one coded data set's tables and label are called. */
    public record Target(String readingTable, String labelTable, String idColumn, String labelColumn, String positiveLabel) {
    }

    private LabelCodes() {
    }

    /** The data set's target, or empty when its reading table carries no label code (older imports). */
    public static Optional<Target> of(Connection conn, String dataset) throws SQLException {
        try (var ps = conn.prepareStatement("SELECT reading_table, label_table, id_column, label_column, positive_label FROM dataset "
                + "WHERE name = ? AND label_coded")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Target(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                        : Optional.empty();
            }
        }
    }

    /** Codes the readings whose id lies in [lo, hi] (numeric ids); returns the rows changed. */
    public static long syncIdRange(Connection conn, Target t, long lo, long hi) throws SQLException {
        String id = KilnStore.quoteIdentifier(t.idColumn());
        return update(conn, t, "l." + id + " BETWEEN " + lo + " AND " + hi + " AND r." + id + " BETWEEN " + lo + " AND " + hi);
    }

    /** Codes the readings whose id is among {@code idQuery}'s single column (e.g. the ids an import just stored). */
    public static long syncIds(Connection conn, Target t, String idQuery) throws SQLException {
        return update(conn, t, "l." + KilnStore.quoteIdentifier(t.idColumn()) + " IN (" + idQuery + ")");
    }

    /** Codes every reading: for bulk loads written around the ingest path (benchmarks, fixtures). */
    public static long syncAll(Connection conn, Target t) throws SQLException {
        return update(conn, t, "true");
    }

    /** The code of a label value (any type) given the data set's positive label. */
    public static String codeOf(String labelExpr, String positiveLabel) {
        return "CASE WHEN CAST(" + labelExpr + " AS VARCHAR) = '" + positiveLabel.replace("'", "''") + "' THEN 1 ELSE 0 END";
    }

    private static long update(Connection conn, Target t, String bound) throws SQLException {
        String id = KilnStore.quoteIdentifier(t.idColumn());
        String label = "l." + KilnStore.quoteIdentifier(t.labelColumn());
        String code = codeOf(label, t.positiveLabel());
        String sql = "UPDATE " + KilnStore.quoteIdentifier(t.readingTable()) + " r SET label_code = " + code + " FROM "
                + KilnStore.quoteIdentifier(t.labelTable()) + " l WHERE r." + id + " = l." + id + " AND " + label + " IS NOT NULL AND "
                + bound + " AND r.label_code IS DISTINCT FROM " + code;
        try (Statement st = conn.createStatement()) {
            return st.executeUpdate(sql);
        }
    }
}
