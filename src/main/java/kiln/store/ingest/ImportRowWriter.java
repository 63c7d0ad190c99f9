package kiln.store.ingest;

import static kiln.store.ingest.ImportSql.exec;
import static kiln.store.ingest.ImportSql.q;
import static kiln.store.ingest.ImportSql.scalar;
import static kiln.store.ingest.ImportSql.update;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import kiln.domain.UserFacingException;
import kiln.domain.ingest.ImportRequest;
import kiln.store.ingest.ImportPlanner.Plan;
import kiln.store.ingest.ImportPlanner.Target;

/**
 * The writing steps of an import: the bad rows of {@code kiln_import_rows} go to {@code import_quarantine},
 * the good ones to the data set's table (and its label table), or to a replay's staging table.
 */
final class ImportRowWriter {

    private ImportRowWriter() {}

    /** Quarantines the rows the checks marked, and the malformed CSV lines the reader took out. */
    static void quarantine(Connection conn, long importId, String dataset, String shown, boolean parquet) throws SQLException {
        update(conn, "INSERT INTO import_quarantine SELECT ?, ?, ?, kiln_line, kiln_bad_column, kiln_reason, kiln_raw FROM kiln_import_rows "
                + "WHERE kiln_reason IS NOT NULL", importId, dataset, shown);
        if (!parquet) {
            update(conn, "INSERT INTO import_quarantine SELECT ?, ?, ?, line, column_name, 'malformed line: ' || error_message, csv_line "
                    + "FROM kiln_rejects QUALIFY row_number() OVER (PARTITION BY line ORDER BY byte_position) = 1", importId, dataset, shown);
        }
    }

    /** Stores the good rows (staged for a replay, else the ones not stored yet, with their labels); returns how many. */
    static long storeGoodRows(Connection conn, Plan plan, ImportRequest req, String shown) throws SQLException {
        long imported = req.stageTable() != null ? stage(conn, plan, req, shown)
                : insertNew(conn, plan.table(), plan.idColumn(), plan.columns());
        if (plan.labelTable() != null && req.stageTable() == null) {
            insertLabels(conn, plan);
        }
        return imported;
    }

    /**
     * Keeps the good rows for a replay in {@code req.stageTable()}, in time order: the reading's columns,
     * kiln_label and kiln_label_time (the label-time column, else time + the label delay, else time).
     * Without an id column, rows are numbered in time order; a given id must grow with time, since the
     * monitor reads rows in id (arrival) order.
     */
    private static long stage(Connection conn, Plan plan, ImportRequest req, String shown) throws SQLException {
        if (!plan.newDataset() || plan.label() == null) {
            throw new UserFacingException(plan.newDataset() ? "A replay needs the label column (--label)"
                    : "Data set '" + plan.dataset() + "' already exists; replay into a new data set name");
        }
        Target time = plan.columns().stream().filter(t -> t.column().equals(plan.timeColumn())).findFirst().orElseThrow();
        if (time.source() == null) {
            throw new UserFacingException(shown + ": a replay needs the time column (--time)");
        }
        String timeValue = value(time);
        String labelTime = plan.labelTime() != null && plan.labelTime().source() != null && !plan.labelTime().source().equals(time.source())
                ? value(plan.labelTime())
                : req.labelDelay() != null ? timeValue + " + INTERVAL (" + req.labelDelay().toSeconds() + ") SECOND" : timeValue;
        List<String> columns = new ArrayList<>();
        for (Target t : plan.columns()) {
            columns.add(t == plan.id() && t.source() == null
                    ? "CAST(row_number() OVER (ORDER BY " + timeValue + ", kiln_line) AS BIGINT) AS " + q(t.column()) : valueExpr(t));
        }
        exec(conn, "CREATE TABLE " + q(req.stageTable()) + " AS SELECT * EXCLUDE (kiln_line) FROM (SELECT " + String.join(", ", columns)
                + ", " + value(plan.label()) + " AS kiln_label, " + labelTime + " AS kiln_label_time, kiln_line FROM kiln_import_rows "
                + "WHERE kiln_reason IS NULL) ORDER BY " + q(plan.timeColumn()) + ", " + q(plan.idColumn()));
        long backwards = scalar(conn, "SELECT count(*) FROM (SELECT " + q(plan.idColumn()) + " < lag(" + q(plan.idColumn()) + ") OVER (ORDER BY "
                + q(plan.timeColumn()) + ", " + q(plan.idColumn()) + ") AS back FROM " + q(req.stageTable()) + ") WHERE back");
        if (backwards > 0) {
            throw new UserFacingException(shown + ": the ids in column '" + plan.id().source() + "' do not grow with time (" + backwards
                    + " rows come before an earlier id); leave out --id and Kiln numbers the rows in time order");
        }
        return scalar(conn, "SELECT count(*) FROM " + q(req.stageTable()));
    }

    /** Inserts the good rows whose id is not stored yet; returns how many. */
    private static long insertNew(Connection conn, String table, String idColumn, List<Target> columns) throws SQLException {
        String targetCols = columns.stream().map(t -> q(t.column())).collect(Collectors.joining(", "));
        String values = columns.stream().map(ImportRowWriter::valueExpr).collect(Collectors.joining(", "));
        return update(conn, "INSERT INTO " + q(table) + " (" + targetCols + ") SELECT " + targetCols + " FROM (SELECT " + values
                + " FROM kiln_import_rows WHERE kiln_reason IS NULL) v WHERE NOT EXISTS (SELECT 1 FROM " + q(table) + " t WHERE t."
                + q(idColumn) + " = v." + q(idColumn) + ")");
    }

    /** Labels in the readings file: a row without one is a reading whose label is not known yet. */
    private static void insertLabels(Connection conn, Plan plan) throws SQLException {
        Target labelTime = plan.labelTime().source() == null ? new Target(null, plan.labelTime().column(), "TIMESTAMP", false) : plan.labelTime();
        String timeValue = labelTime.source() == null ? "CAST(now()::TIMESTAMP AS TIMESTAMP) AS " + q(labelTime.column()) : valueExpr(labelTime);
        String cols = plan.labelColumns().stream().map(ImportSql::q).collect(Collectors.joining(", "));
        update(conn, "INSERT INTO " + q(plan.labelTable()) + " (" + cols + ") SELECT " + cols + " FROM (SELECT "
                + valueExpr(new Target(plan.id().source(), plan.labelColumns().get(0), plan.id().type(), true)) + ", " + timeValue + ", "
                + valueExpr(plan.label()) + " FROM kiln_import_rows WHERE kiln_reason IS NULL AND nullif(trim(" + q(plan.label().source())
                + "), '') IS NOT NULL) v WHERE NOT EXISTS (SELECT 1 FROM " + q(plan.labelTable()) + " x WHERE x." + q(plan.labelColumns().get(0))
                + " = v." + q(plan.labelColumns().get(0)) + ")");
    }

    private static String valueExpr(Target t) {
        return value(t) + " AS " + q(t.column());
    }

    /** The typed value of a target in kiln_import_rows (NULL when empty or unparseable; those rows were quarantined). */
    static String value(Target t) {
        String v;
        if (t.source() == null) {
            v = t.column().equals("imported_at") ? "now()::TIMESTAMP" : t.column().equals("row_id") ? "kiln_line" : "NULL";
        } else {
            v = t.type().equals("VARCHAR") ? "nullif(" + q(t.source()) + ", '')" : "TRY_CAST(trim(" + q(t.source()) + ") AS " + t.type() + ")";
        }
        return "CAST(" + v + " AS " + t.type() + ")";
    }
}
