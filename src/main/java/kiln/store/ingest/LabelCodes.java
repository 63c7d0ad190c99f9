package kiln.store.ingest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import kiln.domain.DatasetSpec;
import kiln.store.KilnStore;
import kiln.store.catalog.Catalog;

/**
 * Keeps a data set's derived {@code label_code} column (on its reading table, and with the label's time
 * on its prediction table) in step with its label table: the label's class code from the catalogue
 * (for a binary data set 1 for the positive class, 0 for the other), NULL until the label lands
 * (see migrations V007, V009 and V011).
 * Callers run these on the writer connection inside the transaction that stored the rows, so the
 * code can never disagree with a committed label. Each update is bounded to the ids just stored:
 * id ranges let DuckDB's zone maps skip every row group outside them.
 */
public final class LabelCodes {

    /**
     * What one coded data set's tables and label are called. {@code labelTimeColumn} is the label
     * table's time column copied beside the predictions, null when the prediction table carries no codes.
     * {@code classes} are the catalogue's classes in code order.
     */
    public record Target(String readingTable, String labelTable, String idColumn, String labelColumn, List<String> classes,
            String predictionTable, String labelTimeColumn) {

        public Target {
            classes = List.copyOf(classes);
        }

        /** Whether the prediction table carries label_code and label_time too. */
        public boolean codesPredictions() {
            return labelTimeColumn != null;
        }

        static Target of(DatasetSpec spec) {
            return new Target(spec.readingTable(), spec.labelTable(), spec.idColumn(), spec.labelColumn(), spec.classes(),
                    spec.predictionTable(), spec.predictionsCoded() ? spec.labelTimeColumn() : null);
        }
    }

    private LabelCodes() {}

    /** The data set's target, or empty when its reading table carries no label code (older imports). */
    public static Optional<Target> of(Connection conn, String dataset) throws SQLException {
        return Catalog.find(conn, dataset).filter(DatasetSpec::labelCoded).map(Target::of);
    }

    /** Codes the readings and predictions whose id lies in [lo, hi] (numeric ids); returns the readings changed. */
    public static long syncIdRange(Connection conn, Target t, long lo, long hi) throws SQLException {
        syncPredictionRange(conn, t, lo, hi);
        return update(conn, t, false, rangeBound(t), lo, hi);
    }

    /**
     * Codes only the readings whose id lies in [lo, hi]: for readings that arrive after their labels,
     * whose predictions cannot exist yet (the scorer scores stored readings).
     */
    public static long syncReadingRange(Connection conn, Target t, long lo, long hi) throws SQLException {
        return update(conn, t, false, rangeBound(t), lo, hi);
    }

    /** Codes the predictions whose id lies in [lo, hi] (the scorer, after storing them); returns the rows changed. */
    public static long syncPredictionRange(Connection conn, Target t, long lo, long hi) throws SQLException {
        return t.codesPredictions() ? update(conn, t, true, rangeBound(t), lo, hi) : 0;
    }

    /**
     * Codes the readings and predictions whose id is among {@code idQuery}'s single column (e.g. the ids an
     * import just stored); the query is Kiln's own SQL and takes no parameters.
     */
    public static long syncIds(Connection conn, Target t, String idQuery) throws SQLException {
        String bound = "l." + KilnStore.quoteIdentifier(t.idColumn()) + " IN (" + idQuery + ")";
        if (t.codesPredictions()) {
            update(conn, t, true, bound);
        }
        return update(conn, t, false, bound);
    }

    /** Codes every reading and prediction: for bulk loads written around the ingest path, and after the classes changed. */
    public static long syncAll(Connection conn, Target t) throws SQLException {
        if (t.codesPredictions()) {
            update(conn, t, true, "true");
        }
        return update(conn, t, false, "true");
    }

    private static String rangeBound(Target t) {
        String id = KilnStore.quoteIdentifier(t.idColumn());
        return "l." + id + " BETWEEN ? AND ? AND r." + id + " BETWEEN ? AND ?";
    }

    /**
     * The SQL code of a label value: its position in the class list bound as the first parameter
     * (NULL for a value the catalogue does not list).
     */
    public static String codeExpression(String labelExpr) {
        return "CAST(list_position(?::VARCHAR[], CAST(" + labelExpr + " AS VARCHAR)) - 1 AS TINYINT)";
    }

    /** Binds {@code classes} as a VARCHAR[] parameter for {@link #codeExpression}. */
    public static void bindClasses(Connection conn, PreparedStatement ps, int index, List<String> classes) throws SQLException {
        Array array = conn.createArrayOf("VARCHAR", classes.toArray());
        ps.setArray(index, array);
    }

    private static long update(Connection conn, Target t, boolean predictions, String bound, long... range) throws SQLException {
        String id = KilnStore.quoteIdentifier(t.idColumn());
        String label = "l." + KilnStore.quoteIdentifier(t.labelColumn());
        String table = KilnStore.quoteIdentifier(predictions ? t.predictionTable() : t.readingTable());
        String code = codeExpression(label);
        String sql;
        if (predictions) {
            String time = "l." + KilnStore.quoteIdentifier(t.labelTimeColumn());
            sql = "UPDATE " + table + " r SET label_code = " + code + ", label_time = " + time + " FROM " + KilnStore.quoteIdentifier(t.labelTable())
                    + " l WHERE r." + id + " = l." + id + " AND " + label + " IS NOT NULL AND " + bound + " AND (r.label_code IS DISTINCT FROM "
                    + code + " OR r.label_time IS DISTINCT FROM " + time + ")";
        } else {
            sql = "UPDATE " + table + " r SET label_code = " + code + " FROM " + KilnStore.quoteIdentifier(t.labelTable()) + " l WHERE r." + id
                    + " = l." + id + " AND " + label + " IS NOT NULL AND " + bound + " AND r.label_code IS DISTINCT FROM " + code;
        }
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            // parameters in text order: the classes for the SET code, the id range (if any), the classes again
            int k = 1;
            bindClasses(conn, ps, k++, t.classes());
            if (range.length == 2) {
                for (long v : new long[] {range[0], range[1], range[0], range[1]}) {
                    ps.setLong(k++, v);
                }
            }
            bindClasses(conn, ps, k, t.classes());
            return ps.executeUpdate();
        }
    }
}
