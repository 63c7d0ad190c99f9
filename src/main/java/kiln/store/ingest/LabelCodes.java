package kiln.store.ingest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import kiln.store.KilnStore;

/**
 * Keeps a data set's derived {@code label_code} column (on its reading table, and with the label's time
 * on its prediction table) in step with its label table: 1 for the positive label, 0 for any other,
 * NULL until the label lands (see migrations V007 and V009).
 * Callers run these on the writer connection inside the transaction that stored the rows, so the
 * code can never disagree with a committed label. Each update is bounded to the ids just stored:
 * id ranges let DuckDB's zone maps skip every row group outside them.
 */
public final class LabelCodes {

    /**
     * What one coded data set's tables and label are called. {@code labelTimeColumn} is the label
     * table's time column copied beside the predictions, null when the prediction table carries no codes.
     */
    public record Target(String readingTable, String labelTable, String idColumn, String labelColumn, String positiveLabel,
                         String predictionTable, String labelTimeColumn) {

        /** Whether the prediction table carries label_code and label_time too. */
        public boolean codesPredictions() {
            return labelTimeColumn != null;
        }
    }

    private LabelCodes() {
    }

    /** The data set's target, or empty when its reading table carries no label code (older imports). */
    public static Optional<Target> of(Connection conn, String dataset) throws SQLException {
        try (var ps = conn.prepareStatement("SELECT reading_table, label_table, id_column, label_column, positive_label, prediction_table, "
                + "prediction_label_time FROM dataset "
                + "WHERE name = ? AND label_coded")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Target(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7)))
                        : Optional.empty();
            }
        }
    }

    /** Codes the readings and predictions whose id lies in [lo, hi] (numeric ids); returns the readings changed. */
    public static long syncIdRange(Connection conn, Target t, long lo, long hi) throws SQLException {
        syncPredictionRange(conn, t, lo, hi);
        return update(conn, t, rangeBound(t, lo, hi));
    }

    /**
     * Codes only the readings whose id lies in [lo, hi]: for readings that arrive after their labels,
     * whose predictions cannot exist yet (the scorer scores stored readings).
     */
    public static long syncReadingRange(Connection conn, Target t, long lo, long hi) throws SQLException {
        return update(conn, t, rangeBound(t, lo, hi));
    }

    /** Codes the predictions whose id lies in [lo, hi] (the scorer, after storing them); returns the rows changed. */
    public static long syncPredictionRange(Connection conn, Target t, long lo, long hi) throws SQLException {
        return t.codesPredictions() ? updatePredictions(conn, t, rangeBound(t, lo, hi)) : 0;
    }

    /** Codes the readings and predictions whose id is among {@code idQuery}'s single column (e.g. the ids an import just stored). */
    public static long syncIds(Connection conn, Target t, String idQuery) throws SQLException {
        String bound = "l." + KilnStore.quoteIdentifier(t.idColumn()) + " IN (" + idQuery + ")";
        if (t.codesPredictions()) {
            updatePredictions(conn, t, bound);
        }
        return update(conn, t, bound);
    }

    /** Codes every reading and prediction: for bulk loads written around the ingest path (benchmarks, fixtures). */
    public static long syncAll(Connection conn, Target t) throws SQLException {
        if (t.codesPredictions()) {
            updatePredictions(conn, t, "true");
        }
        return update(conn, t, "true");
    }

    private static String rangeBound(Target t, long lo, long hi) {
        String id = KilnStore.quoteIdentifier(t.idColumn());
        return "l." + id + " BETWEEN " + lo + " AND " + hi + " AND r." + id + " BETWEEN " + lo + " AND " + hi;
    }

    /** The code of a label value (any type) given the data set's positive label. */
    public static String codeOf(String labelExpr, String positiveLabel) {
        return "CASE WHEN CAST(" + labelExpr + " AS VARCHAR) = '" + positiveLabel.replace("'", "''") + "' THEN 1 ELSE 0 END";
    }

    private static long updatePredictions(Connection conn, Target t, String bound) throws SQLException {
        String id = KilnStore.quoteIdentifier(t.idColumn());
        String label = "l." + KilnStore.quoteIdentifier(t.labelColumn());
        String time = "l." + KilnStore.quoteIdentifier(t.labelTimeColumn());
        String code = codeOf(label, t.positiveLabel());
        String sql = "UPDATE " + KilnStore.quoteIdentifier(t.predictionTable()) + " r SET label_code = " + code + ", label_time = " + time
                + " FROM " + KilnStore.quoteIdentifier(t.labelTable()) + " l WHERE r." + id + " = l." + id + " AND " + label
                + " IS NOT NULL AND " + bound + " AND (r.label_code IS DISTINCT FROM " + code + " OR r.label_time IS DISTINCT FROM " + time + ")";
        try (Statement st = conn.createStatement()) {
            return st.executeUpdate(sql);
        }
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
