package kiln.store.ingest;

import static kiln.store.ingest.ImportSql.exec;
import static kiln.store.ingest.ImportSql.literal;
import static kiln.store.ingest.ImportSql.q;
import static kiln.store.ingest.ImportSql.scalar;
import static kiln.store.ingest.ImportSql.update;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.domain.ingest.ImportRequest;
import kiln.domain.ingest.ImportResult;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.catalog.LabelClasses;
import kiln.store.ingest.ImportPlanner.Plan;
import kiln.store.ingest.ImportPlanner.Target;

/**
 * Imports a CSV or Parquet file into a data set. The file is read by DuckDB as text (all_varchar),
 * every value is checked against its column's type, and rows that fail (unparseable number or
 * time, missing id, duplicate id, timestamp going back beyond the tolerance, malformed CSV line)
 * go to {@code import_quarantine} with file, line, column and reason while the good rows are
 * stored. Everything happens in one transaction: a cancelled or failed import leaves the store as
 * it was. Rows whose id is already stored are skipped, so importing a file twice changes nothing.
 *
 * <p>Safe to call from any thread; the work runs on the store's writer thread.
 */
public final class ImportService {

    private static final int STEPS = 7;
    private static final int BAD_ROWS_SHOWN = 10;

    private final KilnStore store;

    public ImportService(KilnStore store) {
        this.store = store;
    }

    public ImportResult importFile(ImportRequest request, ProgressSink sink) {
        Path file = request.file();
        if (!Files.isRegularFile(file)) {
            throw new UserFacingException(file + ": no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean parquet = name.endsWith(".parquet") || name.endsWith(".pq");
        if (!parquet && !name.endsWith(".csv") && !name.endsWith(".csv.gz") && !name.endsWith(".tsv")) {
            throw new UserFacingException(file + ": unknown file type; Kiln imports .csv, .csv.gz, .tsv and .parquet files");
        }
        String dataset = request.dataset() == null ? defaultDatasetName(file) : request.dataset();
        try {
            return store.writeTransaction(conn -> run(conn, request, file, parquet, dataset, sink));
        } catch (SQLException e) {
            throw new DataAccessException("Import of " + file + " failed: " + e.getMessage(), e);
        }
    }

    private ImportResult run(Connection conn, ImportRequest req, Path file, boolean parquet, String dataset, ProgressSink sink)
            throws SQLException {
        String shown = file.toString();
        step(sink, 0, "Reading " + file.getFileName());
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
            throw new UserFacingException(shown + ": cannot be read as " + (parquet ? "Parquet" : "CSV") + ": " + readerReason(e), e);
        }
        List<String> columns = ImportSql.columnsOf(conn, "kiln_import_src");
        if (!parquet) {
            checkHeaderHasNoDuplicates(conn, path, shown);
        }
        if (scalar(conn, "SELECT count(*) FROM kiln_import_src") == 0
                && (parquet || scalar(conn, "SELECT count(*) FROM kiln_rejects") == 0)) {
            throw new UserFacingException(shown + ": no data rows to import (the file is empty or holds only a header)");
        }
        step(sink, 1, "Checking columns");
        Plan plan = new ImportPlanner(conn, req, columns, shown).plan(dataset);

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
        cancelCheck(sink);

        step(sink, 2, "Checking values");
        // The first problem of each row, checked column by column in mapping order.
        StringBuilder col = new StringBuilder("CASE");
        StringBuilder why = new StringBuilder("CASE");
        for (Target t : plan.checked()) {
            if (t.source() == null) {
                continue;
            }
            String v = q(t.source());
            if (t.required()) {
                col.append(" WHEN ").append(v).append(" IS NULL OR trim(").append(v).append(") = '' THEN ").append(literal(t.source()));
                why.append(" WHEN ").append(v).append(" IS NULL OR trim(").append(v).append(") = '' THEN ")
                        .append(literal(t.column().equals(plan.idColumn()) ? "missing id" : "missing value"));
            }
            if (!t.type().equals("VARCHAR")) {
                String present = v + " IS NOT NULL AND trim(" + v + ") <> '' AND ";
                String cast = "TRY_CAST(trim(" + v + ") AS " + t.type() + ")";
                if (t.type().equals("DOUBLE")) {
                    appendCheck(col, why, present + cast + " IS NULL", t.source(), "unparseable number '", v);
                    // NaN and Infinity parse, but would poison every average and drift statistic downstream.
                    appendCheck(col, why, present + "NOT isfinite(" + cast + ")", t.source(), "not a finite number '", v);
                } else if (t.type().equals("TIMESTAMP")) {
                    appendCheck(col, why, present + cast + " IS NULL", t.source(), "unparseable time '", v);
                } else {
                    // DuckDB rounds '0.5' to an integer; a whole-number column takes digits only.
                    appendCheck(col, why, present + "(" + cast + " IS NULL OR NOT regexp_full_match(trim(" + v + "), '[+-]?[0-9]+'))",
                            t.source(), "not a whole number '", v);
                }
            }
        }
        if (col.length() > 4) {
            exec(conn, "UPDATE kiln_import_rows SET kiln_bad_column = " + col + " END, kiln_reason = " + why + " END");
        }
        Target id = plan.id();
        String idCast = id.source() == null ? "kiln_line" : "TRY_CAST(trim(" + q(id.source()) + ") AS " + id.type() + ")";
        exec(conn, "UPDATE kiln_import_rows SET kiln_bad_column = " + literal(id.source() == null ? "line" : id.source())
                + ", kiln_reason = 'duplicate id (first on line ' || d.first_line || ')' FROM (SELECT kiln_line, min(kiln_line) OVER (PARTITION BY "
                + idCast + ") AS first_line FROM kiln_import_rows WHERE kiln_reason IS NULL) d "
                + "WHERE kiln_import_rows.kiln_line = d.kiln_line AND d.kiln_line > d.first_line");
        Target time = plan.columns().stream().filter(t -> t.column().equals(plan.timeColumn()) && t.source() != null).findFirst().orElse(null);
        // A replay plays rows in time order whatever the file's order; otherwise time must not go back
        // within a group (a file may hold one sensor after another).
        if (time != null && req.stageTable() == null) {
            Target group = plan.columns().stream().filter(t -> t.column().equals(plan.groupColumn()) && t.source() != null).findFirst().orElse(null);
            String partition = group == null ? "" : "PARTITION BY " + q(group.source()) + " ";
            long tol = req.timeTolerance() == null ? ImportRequest.DEFAULT_TOLERANCE.toSeconds() : req.timeTolerance().toSeconds();
            String tc = "TRY_CAST(trim(" + q(time.source()) + ") AS TIMESTAMP)";
            exec(conn, "UPDATE kiln_import_rows SET kiln_bad_column = " + literal(time.source())
                    + ", kiln_reason = 'time goes back to ' || d.t || ' after ' || d.prev_max || ' (tolerance " + tol + " s)' FROM "
                    + "(SELECT kiln_line, " + tc + " AS t, max(" + tc + ") OVER (" + partition
                    + "ORDER BY kiln_line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_max "
                    + "FROM kiln_import_rows WHERE kiln_reason IS NULL) d WHERE kiln_import_rows.kiln_line = d.kiln_line "
                    + "AND d.t < d.prev_max - INTERVAL " + tol + " SECOND");
        }
        cancelCheck(sink);

        step(sink, 3, "Preparing tables");
        if (plan.newDataset()) {
            DatasetTables.create(conn, plan, shown);
        }
        long importId = scalar(conn, "SELECT nextval('import_id_seq')");

        step(sink, 4, "Quarantining bad rows");
        update(conn, "INSERT INTO import_quarantine SELECT ?, ?, ?, kiln_line, kiln_bad_column, kiln_reason, kiln_raw FROM kiln_import_rows "
                + "WHERE kiln_reason IS NOT NULL", importId, plan.dataset(), shown);
        if (!parquet) {
            update(conn, "INSERT INTO import_quarantine SELECT ?, ?, ?, line, column_name, 'malformed line: ' || error_message, csv_line "
                    + "FROM kiln_rejects QUALIFY row_number() OVER (PARTITION BY line ORDER BY byte_position) = 1", importId, plan.dataset(), shown);
        }
        cancelCheck(sink);

        step(sink, 5, "Storing good rows");
        long good = scalar(conn, "SELECT count(*) FROM kiln_import_rows WHERE kiln_reason IS NULL");
        long imported = req.stageTable() != null ? stage(conn, plan, req, shown)
                : insertNew(conn, plan.table(), plan.idColumn(), plan.columns());
        if (plan.labelTable() != null && req.stageTable() == null) {
            // Labels in the readings file: a row without one is a reading whose label is not known yet.
            Target labelTime = plan.labelTime().source() == null ? new Target(null, plan.labelTime().column(), "TIMESTAMP", false) : plan.labelTime();
            String timeValue = labelTime.source() == null ? "CAST(now()::TIMESTAMP AS TIMESTAMP) AS " + q(labelTime.column()) : valueExpr(labelTime);
            String cols = plan.labelColumns().stream().map(ImportSql::q).collect(Collectors.joining(", "));
            update(conn, "INSERT INTO " + q(plan.labelTable()) + " (" + cols + ") SELECT " + cols + " FROM (SELECT "
                    + valueExpr(new Target(plan.id().source(), plan.labelColumns().get(0), plan.id().type(), true)) + ", " + timeValue + ", "
                    + valueExpr(plan.label()) + " FROM kiln_import_rows WHERE kiln_reason IS NULL AND nullif(trim(" + q(plan.label().source())
                    + "), '') IS NOT NULL) v WHERE NOT EXISTS (SELECT 1 FROM " + q(plan.labelTable()) + " x WHERE x." + q(plan.labelColumns().get(0))
                    + " = v." + q(plan.labelColumns().get(0)) + ")");
        }
        String note = codeLabels(conn, plan, req, shown);
        long quarantined = scalar(conn, "SELECT count(*) FROM import_quarantine WHERE import_id = ?", importId);
        long read = scalar(conn, "SELECT count(*) FROM kiln_import_rows") + (parquet ? 0 : scalar(conn,
                "SELECT count(DISTINCT line) FROM kiln_rejects"));
        cancelCheck(sink);

        step(sink, 6, "Recording the import");
        update(conn,
                "INSERT INTO import_log (import_id, dataset, file, target_table, rows_read, rows_imported, rows_already_stored, rows_quarantined) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", importId, plan.dataset(), shown, plan.table(), read, imported, good - imported,
                quarantined);
        List<ImportResult.BadRow> bad = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT file, line, column_name, reason FROM import_quarantine "
                + "WHERE import_id = ? ORDER BY line LIMIT " + BAD_ROWS_SHOWN)) {
            ps.setLong(1, importId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bad.add(new ImportResult.BadRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        exec(conn, "DROP TABLE IF EXISTS kiln_import_src");
        exec(conn, "DROP TABLE IF EXISTS kiln_import_rows");
        cancelCheck(sink);
        step(sink, STEPS, "Imported " + imported + " rows");
        return new ImportResult(importId, plan.dataset(), plan.table(), read, imported, good - imported, quarantined, List.copyOf(bad), note);
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
        String values = columns.stream().map(ImportService::valueExpr).collect(Collectors.joining(", "));
        return update(conn, "INSERT INTO " + q(table) + " (" + targetCols + ") SELECT " + targetCols + " FROM (SELECT " + values
                + " FROM kiln_import_rows WHERE kiln_reason IS NULL) v WHERE NOT EXISTS (SELECT 1 FROM " + q(table) + " t WHERE t."
                + q(idColumn) + " = v." + q(idColumn) + ")");
    }

    /**
     * Learns the label classes the file brings (the catalogue fixes them the first time two appear) and
     * codes the labels of the rows just stored, or of every row when the classes were just fixed.
     * Returns a sentence for the user when the classes changed noticeably.
     */
    private static String codeLabels(Connection conn, Plan plan, ImportRequest req, String shown) throws SQLException {
        String note = null;
        boolean recodeAll = false;
        if (plan.label() != null) {
            List<String> seen = ImportSql.strings(conn, "SELECT DISTINCT CAST(" + value(plan.label())
                    + " AS VARCHAR) FROM kiln_import_rows WHERE kiln_reason IS NULL AND nullif(trim(" + q(plan.label().source())
                    + "), '') IS NOT NULL");
            LabelClasses.Learned learned = LabelClasses.learn(conn, plan.dataset(), seen, req.positiveLabel(),
                    shown + ", column '" + plan.label().source() + "'");
            note = learned.note();
            recodeAll = learned.changed();
        } else if (req.positiveLabel() != null) {
            throw new UserFacingException("--positive needs a label column (--label)");
        }
        Optional<LabelCodes.Target> coded = LabelCodes.of(conn, plan.dataset());
        if (coded.isPresent()) {
            if (recodeAll) {
                LabelCodes.syncAll(conn, coded.get());
            } else {
                // readings stored now whose labels were there first, and labels stored now: code their rows
                LabelCodes.syncIds(conn, coded.get(), "SELECT " + value(plan.id()) + " FROM kiln_import_rows WHERE kiln_reason IS NULL");
            }
        }
        return note;
    }

    private static void appendCheck(StringBuilder col, StringBuilder why, String bad, String source, String what, String value) {
        col.append(" WHEN ").append(bad).append(" THEN ").append(literal(source));
        why.append(" WHEN ").append(bad).append(" THEN ").append(literal(what)).append(" || ").append(value).append(" || ''''");
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

    /** DuckDB's reason without its SQL echo, and short (a bad 10 MB line would be quoted in full). */
    static String readerReason(SQLException e) {
        // The first two lines that say what is wrong; DuckDB goes on with the echoed line, the SQL and search spaces.
        String reason = String.valueOf(e.getMessage()).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && l.length() <= 300 && !l.startsWith("Original Line") && !l.startsWith("LINE ") && !l.contains("^^^"))
                .limit(2)
                .map(l -> l.replaceFirst("^(Invalid Input Error|IO Error|Conversion Error|Parser Error): ", ""))
                .collect(Collectors.joining(" "));
        return reason.length() > 300 ? reason.substring(0, 300) + "…" : reason;
    }

    private static String valueExpr(Target t) {
        return value(t) + " AS " + q(t.column());
    }

    /** The typed value of a target in kiln_import_rows (NULL when empty or unparseable; those rows were quarantined). */
    private static String value(Target t) {
        String v;
        if (t.source() == null) {
            v = t.column().equals("imported_at") ? "now()::TIMESTAMP" : t.column().equals("row_id") ? "kiln_line" : "NULL";
        } else {
            v = t.type().equals("VARCHAR") ? "nullif(" + q(t.source()) + ", '')" : "TRY_CAST(trim(" + q(t.source()) + ") AS " + t.type() + ")";
        }
        return "CAST(" + v + " AS " + t.type() + ")";
    }

    /** The table a replay of {@code dataset} stages its file's rows in. */
    public static String replayTable(String dataset) {
        return DatasetTables.tableStem(dataset) + "_replay";
    }

    static String defaultDatasetName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.indexOf('.');
        return DatasetTables.tableStem(dot > 0 ? n.substring(0, dot) : n);
    }

    private static void step(ProgressSink sink, int step, String message) {
        cancelCheck(sink);
        sink.progress(step, STEPS, message);
    }

    private static void cancelCheck(ProgressSink sink) {
        JobCancelledException.throwIfCancelled(sink, "The import");
    }
}
