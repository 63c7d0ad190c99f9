package kiln.store.ingest;

import static kiln.store.ingest.ImportSql.exec;
import static kiln.store.ingest.ImportSql.q;
import static kiln.store.ingest.ImportSql.scalar;
import static kiln.store.ingest.ImportSql.update;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import kiln.domain.DatasetSpec;
import kiln.domain.UserFacingException;

/**
 * Creates a new data set's tables and its catalogue entry. Readings keep the file's column names; the
 * label table is (id, label_time, label); predictions are (id, model_version, time, predicted,
 * probability, scored_at, predicted_code, label_code, label_time), the last three derived for the monitor.
 */
final class DatasetTables {

    private DatasetTables() {}

    static void create(Connection conn, ImportPlanner.Plan plan, String shown) throws SQLException {
        String base = tableStem(plan.dataset());
        for (String suffix : List.of("_reading", "_label", "_prediction")) {
            if (scalar(conn, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?", base + suffix) > 0) {
                throw new UserFacingException("Data set '" + plan.dataset() + "' would need table " + base + suffix + ", which already exists; "
                        + "choose another --dataset name");
            }
        }
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + q(plan.table()) + " (");
        for (int i = 0; i < plan.columns().size(); i++) {
            ImportPlanner.Target t = plan.columns().get(i);
            ddl.append(i == 0 ? "" : ", ").append(q(t.column())).append(' ').append(t.type()).append(i == 0 ? " PRIMARY KEY" : "");
        }
        exec(conn, ddl.append(", label_code TINYINT)").toString()); // derived, see LabelCodes
        String idType = plan.id().type();
        List<String> labelColumns = plan.labelColumns();
        exec(conn, "CREATE TABLE " + q(base + "_label") + " (" + q(plan.idColumn()) + " " + idType + " PRIMARY KEY, "
                + q(labelColumns.get(1)) + " TIMESTAMP, " + q(labelColumns.get(2)) + " VARCHAR)");
        exec(conn, "CREATE TABLE " + q(base + "_prediction") + " (" + q(plan.idColumn()) + " " + idType + " PRIMARY KEY, model_version INTEGER, "
                + q(plan.timeColumn()) + " TIMESTAMP, predicted VARCHAR, probability DOUBLE, scored_at TIMESTAMP, predicted_code SMALLINT, "
                + "label_code TINYINT, label_time TIMESTAMP)");
        update(conn, "INSERT INTO dataset (name, reading_table, label_table, prediction_table, id_column, time_column, group_column, label_column, "
                + "positive_label, label_coded, prediction_label_time, label_time_column, prediction_column, prediction_code_column, source, "
                + "description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', true, ?, ?, 'predicted', 'predicted_code', ?, ?)",
                plan.dataset(), plan.table(), base + "_label", base + "_prediction", plan.idColumn(), plan.timeColumn(), plan.groupColumn(),
                labelColumns.get(2), labelColumns.get(1), labelColumns.get(1), "import " + shown, "Imported from " + shown);
        int pos = 1;
        for (ImportPlanner.Target f : plan.features()) {
            boolean numeric = f.type().equals("DOUBLE");
            String v = "TRY_CAST(trim(" + q(f.source()) + ") AS DOUBLE)";
            String range = numeric ? "(SELECT min(" + v + ") FROM kiln_import_rows WHERE kiln_reason IS NULL), "
                    + "(SELECT max(" + v + ") FROM kiln_import_rows WHERE kiln_reason IS NULL)" : "NULL, NULL";
            update(conn, "INSERT INTO dataset_feature (dataset, name, position, kind, expected_min, expected_max) VALUES (?, ?, ?, ?, " + range + ")",
                    plan.dataset(), f.column(), pos++, numeric ? DatasetSpec.NUMERIC : DatasetSpec.CATEGORICAL);
        }
    }

    /** A safe lower-case table-name stem for a data set name. */
    static String tableStem(String dataset) {
        String s = dataset.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "ds_" + s : s;
    }
}
