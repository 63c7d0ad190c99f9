package kiln.store.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;

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

    /** Target column: where a source column goes and as which SQL type. */
    private record Target(String source, String column, String type, boolean required) {
    }

    /** The resolved mapping of one import. */
    private record Plan(String dataset, String table, String idColumn, List<Target> columns, boolean newDataset,
                        String labelTable, String labelColumn, String timeColumn, String groupColumn, List<Target> features) {
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
        List<String> columns = columnsOf(conn, "kiln_import_src");
        if (!parquet) {
            checkHeaderHasNoDuplicates(conn, path, shown);
        }
        if (scalar(conn, "SELECT count(*) FROM kiln_import_src") == 0
                && (parquet || scalar(conn, "SELECT count(*) FROM kiln_rejects") == 0)) {
            throw new UserFacingException(shown + ": no data rows to import (the file is empty or holds only a header)");
        }
        step(sink, 1, "Checking columns");
        Plan plan = plan(conn, req, dataset, columns, shown);

        // Line numbers: the table keeps file order (rowid order; rowids inside a transaction start at an
        // offset, hence row_number); malformed CSV lines were taken out, so the
        // n-th stored row sits on the n-th line that was not rejected.
        String lineExpr;
        if (parquet) {
            lineExpr = "SELECT row_number() OVER (ORDER BY rowid) - 1 AS idx, row_number() OVER (ORDER BY rowid) AS line FROM kiln_import_src";
        } else {
            lineExpr = "SELECT row_number() OVER (ORDER BY l) - 1 AS idx, l AS line FROM range(2, (SELECT count(*) FROM kiln_import_src) "
                    + "+ (SELECT count(DISTINCT line) FROM kiln_rejects) + 2) t(l) WHERE l NOT IN (SELECT line FROM kiln_rejects)";
        }
        StringBuilder sel = new StringBuilder("CREATE TEMP TABLE kiln_import_rows AS SELECT n.line");
        for (String c : columns) {
            sel.append(", CAST(s.").append(q(c)).append(" AS VARCHAR) AS ").append(q(c));
        }
        sel.append(", concat_ws(',', ").append(columns.stream().map(c -> "coalesce(CAST(s." + q(c) + " AS VARCHAR), '')")
                .collect(Collectors.joining(", "))).append(") AS kiln_raw");
        sel.append(", CAST(NULL AS VARCHAR) AS kiln_bad_column, CAST(NULL AS VARCHAR) AS kiln_reason");
        sel.append(" FROM (SELECT row_number() OVER (ORDER BY rowid) - 1 AS kiln_idx, * FROM kiln_import_src) s JOIN (").append(lineExpr).append(") n ON n.idx = s.kiln_idx");
        exec(conn, sel.toString());
        cancelCheck(sink);

        step(sink, 2, "Checking values");
        // The first problem of each row, checked column by column in mapping order.
        StringBuilder col = new StringBuilder("CASE");
        StringBuilder why = new StringBuilder("CASE");
        for (Target t : plan.columns()) {
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
        Target id = plan.columns().get(0);
        String idCast = id.source() == null ? "line" : "TRY_CAST(trim(" + q(id.source()) + ") AS " + id.type() + ")";
        exec(conn, "UPDATE kiln_import_rows SET kiln_bad_column = " + literal(id.source() == null ? "line" : id.source())
                + ", kiln_reason = 'duplicate id (first on line ' || d.first_line || ')' FROM (SELECT line, min(line) OVER (PARTITION BY "
                + idCast + ") AS first_line FROM kiln_import_rows WHERE kiln_reason IS NULL) d "
                + "WHERE kiln_import_rows.line = d.line AND d.line > d.first_line");
        Target time = plan.columns().stream().filter(t -> t.column().equals(plan.timeColumn()) && t.source() != null).findFirst().orElse(null);
        if (time != null) {
            long tol = req.timeTolerance() == null ? ImportRequest.DEFAULT_TOLERANCE.toSeconds() : req.timeTolerance().toSeconds();
            String tc = "TRY_CAST(trim(" + q(time.source()) + ") AS TIMESTAMP)";
            exec(conn, "UPDATE kiln_import_rows SET kiln_bad_column = " + literal(time.source())
                    + ", kiln_reason = 'time goes back to ' || d.t || ' after ' || d.prev_max || ' (tolerance " + tol + " s)' FROM "
                    + "(SELECT line, " + tc + " AS t, max(" + tc + ") OVER (ORDER BY line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_max "
                    + "FROM kiln_import_rows WHERE kiln_reason IS NULL) d WHERE kiln_import_rows.line = d.line "
                    + "AND d.t < d.prev_max - INTERVAL " + tol + " SECOND");
        }
        cancelCheck(sink);

        step(sink, 3, "Preparing tables");
        if (plan.newDataset()) {
            createDataset(conn, plan, shown);
        }
        long importId = scalar(conn, "SELECT nextval('import_id_seq')");

        step(sink, 4, "Quarantining bad rows");
        exec(conn, "INSERT INTO import_quarantine SELECT " + importId + ", " + literal(plan.dataset()) + ", " + literal(shown)
                + ", line, kiln_bad_column, kiln_reason, kiln_raw FROM kiln_import_rows WHERE kiln_reason IS NOT NULL");
        if (!parquet) {
            exec(conn, "INSERT INTO import_quarantine SELECT " + importId + ", " + literal(plan.dataset()) + ", " + literal(shown)
                    + ", line, column_name, 'malformed line: ' || error_message, csv_line FROM kiln_rejects "
                    + "QUALIFY row_number() OVER (PARTITION BY line ORDER BY byte_position) = 1");
        }
        cancelCheck(sink);

        step(sink, 5, "Storing good rows");
        String targetCols = plan.columns().stream().map(t -> q(t.column())).collect(Collectors.joining(", "));
        String values = plan.columns().stream().map(this::valueExpr).collect(Collectors.joining(", "));
        long good = scalar(conn, "SELECT count(*) FROM kiln_import_rows WHERE kiln_reason IS NULL");
        long imported = update(conn, "INSERT INTO " + q(plan.table()) + " (" + targetCols + ") SELECT " + targetCols + " FROM (SELECT "
                + values + " FROM kiln_import_rows WHERE kiln_reason IS NULL) v WHERE NOT EXISTS (SELECT 1 FROM " + q(plan.table())
                + " t WHERE t." + q(plan.idColumn()) + " = v." + q(plan.idColumn()) + ")");
        if (plan.labelTable() != null) {
            Target idT = plan.columns().get(0);
            String timeVal = time == null ? "now()::TIMESTAMP" : valueExpr(time);
            exec(conn, "INSERT INTO " + q(plan.labelTable()) + " SELECT * FROM (SELECT " + valueExpr(idT) + ", " + timeVal + ", CAST("
                    + q(req.labelColumn()) + " AS VARCHAR) FROM kiln_import_rows WHERE kiln_reason IS NULL AND " + q(req.labelColumn())
                    + " IS NOT NULL) v(i, t, l) WHERE NOT EXISTS (SELECT 1 FROM " + q(plan.labelTable()) + " x WHERE x." + q(plan.idColumn()) + " = v.i)");
        }
        Optional<LabelCodes.Target> coded = LabelCodes.of(conn, plan.dataset());
        if (coded.isPresent()) {
            // readings stored now whose labels were there first, and labels stored now: code their readings
            LabelCodes.syncIds(conn, coded.get(), "SELECT " + valueExpr(plan.columns().get(0)) + " FROM kiln_import_rows WHERE kiln_reason IS NULL");
        }
        long quarantined = scalar(conn, "SELECT count(*) FROM import_quarantine WHERE import_id = " + importId);
        long read = scalar(conn, "SELECT count(*) FROM kiln_import_rows") + (parquet ? 0 : scalar(conn, "SELECT count(DISTINCT line) FROM kiln_rejects"));
        cancelCheck(sink);

        step(sink, 6, "Recording the import");
        exec(conn, "INSERT INTO import_log (import_id, dataset, file, target_table, rows_read, rows_imported, rows_already_stored, rows_quarantined) VALUES ("
                + importId + ", " + literal(plan.dataset()) + ", " + literal(shown) + ", " + literal(plan.table()) + ", " + read + ", "
                + imported + ", " + (good - imported) + ", " + quarantined + ")");
        List<ImportResult.BadRow> bad = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT file, line, column_name, reason FROM import_quarantine "
                + "WHERE import_id = " + importId + " ORDER BY line LIMIT " + BAD_ROWS_SHOWN)) {
            while (rs.next()) {
                bad.add(new ImportResult.BadRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
            }
        }
        exec(conn, "DROP TABLE IF EXISTS kiln_import_src");
        exec(conn, "DROP TABLE IF EXISTS kiln_import_rows");
        cancelCheck(sink);
        step(sink, STEPS, "Imported " + imported + " rows");
        return new ImportResult(importId, plan.dataset(), plan.table(), read, imported, good - imported, quarantined, List.copyOf(bad));
    }

    private static void appendCheck(StringBuilder col, StringBuilder why, String bad, String source, String what, String value) {
        col.append(" WHEN ").append(bad).append(" THEN ").append(literal(source));
        why.append(" WHEN ").append(bad).append(" THEN ").append(literal(what)).append(" || ").append(value).append(" || ''''");
    }

    /** A column named twice would silently lose one of them (DuckDB renames the second to NAME_1). */
    private static void checkHeaderHasNoDuplicates(Connection conn, String path, String shown) throws SQLException {
        List<String> header = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(
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

    private String valueExpr(Target t) {
        String v;
        if (t.source() == null) {
            v = t.column().equals("imported_at") ? "now()::TIMESTAMP" : t.column().equals("row_id") ? "line" : "NULL";
        } else {
            v = t.type().equals("VARCHAR") ? "nullif(" + q(t.source()) + ", '')" : "TRY_CAST(trim(" + q(t.source()) + ") AS " + t.type() + ")";
        }
        return "CAST(" + v + " AS " + t.type() + ") AS " + q(t.column());
    }

    private Plan plan(Connection conn, ImportRequest req, String dataset, List<String> columns, String shown) throws SQLException {
        if (dataset.equals("glassware")) {
            return glasswarePlan(columns, shown);
        }
        Map<String, String> existing = catalogEntry(conn, dataset);
        String idCol = pick(req.idColumn(), columns, shown, "--id", "pid", "id");
        String timeCol = pick(req.timeColumn(), columns, shown, "--time", "process_time", "time", "timestamp");
        String groupCol = req.groupColumn() == null ? null : pick(req.groupColumn(), columns, shown, "--group");
        String labelCol = req.labelColumn() == null ? null : pick(req.labelColumn(), columns, shown, "--label");
        List<String> featureCols = new ArrayList<>();
        if (req.features() != null && !req.features().isEmpty()) {
            for (String f : req.features()) {
                featureCols.add(pick(f, columns, shown, "--features"));
            }
        } else {
            for (String c : columns) {
                if (!c.equals(idCol) && !c.equals(timeCol) && !c.equals(groupCol) && !c.equals(labelCol)) {
                    featureCols.add(c);
                }
            }
        }
        String table = existing != null ? existing.get("reading_table") : tableName(dataset) + "_reading";
        String idType = idCol == null ? "BIGINT" : mostlyCastable(conn, idCol, "BIGINT") ? "BIGINT" : "VARCHAR";
        List<Target> targets = new ArrayList<>();
        String idTarget = idCol == null ? "row_id" : idCol;
        targets.add(new Target(idCol, idTarget, idType, true));
        String timeTarget = timeCol == null ? "imported_at" : timeCol;
        targets.add(new Target(timeCol, timeTarget, "TIMESTAMP", timeCol != null));
        if (groupCol != null) {
            targets.add(new Target(groupCol, groupCol, "VARCHAR", false));
        }
        List<Target> features = new ArrayList<>();
        for (String f : featureCols) {
            String kind = existing != null ? existingKind(conn, dataset, f) : null;
            boolean numeric = kind != null ? kind.equals("numeric") : mostlyCastable(conn, f, "DOUBLE");
            Target t = new Target(f, f, numeric ? "DOUBLE" : "VARCHAR", false);
            features.add(t);
            targets.add(t);
        }
        if (existing != null) {
            idTarget = existing.get("id_column");
        }
        String labelTable = labelCol == null ? null : existing != null ? existing.get("label_table") : tableName(dataset) + "_label";
        return new Plan(dataset, table, idTarget, targets, existing == null, labelTable, labelCol, timeTarget, groupCol, features);
    }

    private static Plan glasswarePlan(List<String> columns, String shown) {
        boolean labels = columns.contains("quality");
        List<String> need = labels ? List.of("pid", "qualitycheck_time", "quality") : List.of("pid", "process_time", "temp", "pressure", "duration");
        for (String c : need) {
            if (!columns.contains(c)) {
                throw new UserFacingException(shown + ":1: column '" + c + "' is missing; glassware " + (labels ? "labels" : "readings")
                        + " need " + String.join(", ", need));
            }
        }
        List<Target> t = new ArrayList<>();
        t.add(new Target("pid", "pid", "BIGINT", true));
        if (labels) {
            t.add(new Target("qualitycheck_time", "qualitycheck_time", "TIMESTAMP", true));
            t.add(new Target("quality", "quality", "INTEGER", true));
            return new Plan("glassware", "product_quality", "pid", t, false, null, null, "qualitycheck_time", null, List.of());
        }
        t.add(new Target(columns.contains("sensor_id") ? "sensor_id" : null, "sensor_id", "INTEGER", false));
        t.add(new Target("process_time", "process_time", "TIMESTAMP", true));
        for (String f : List.of("temp", "pressure", "duration")) {
            t.add(new Target(f, f, "DOUBLE", false));
        }
        return new Plan("glassware", "sensor_reading", "pid", t, false, null, null, "process_time", "sensor_id", t.subList(3, 6));
    }

    private void createDataset(Connection conn, Plan plan, String shown) throws SQLException {
        String base = tableName(plan.dataset());
        for (String suffix : List.of("_reading", "_label", "_prediction")) {
            if (scalar(conn, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = "
                    + literal(base + suffix)) > 0) {
                throw new UserFacingException("Data set '" + plan.dataset() + "' would need table " + base + suffix + ", which already exists; "
                        + "choose another --dataset name");
            }
        }
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + q(plan.table()) + " (");
        for (int i = 0; i < plan.columns().size(); i++) {
            Target t = plan.columns().get(i);
            ddl.append(i == 0 ? "" : ", ").append(q(t.column())).append(' ').append(t.type()).append(i == 0 ? " PRIMARY KEY" : "");
        }
        exec(conn, ddl.append(", label_code TINYINT)").toString());   // derived, see LabelCodes
        String idType = plan.columns().get(0).type();
        String label = plan.labelColumn() == null ? "label" : plan.labelColumn();
        exec(conn, "CREATE TABLE " + q(base + "_label") + " (" + q(plan.idColumn()) + " " + idType + " PRIMARY KEY, label_time TIMESTAMP, "
                + q(label) + " VARCHAR)");
        exec(conn, "CREATE TABLE " + q(base + "_prediction") + " (" + q(plan.idColumn()) + " " + idType + " PRIMARY KEY, model_version INTEGER, "
                + q(plan.timeColumn()) + " TIMESTAMP, predicted VARCHAR, probability DOUBLE, scored_at TIMESTAMP)");
        exec(conn, "INSERT INTO dataset (name, reading_table, label_table, prediction_table, id_column, time_column, group_column, label_column, "
                + "positive_label, label_coded, source, description) VALUES (" + literal(plan.dataset()) + ", " + literal(plan.table()) + ", "
                + literal(base + "_label") + ", " + literal(base + "_prediction") + ", " + literal(plan.idColumn()) + ", "
                + literal(plan.timeColumn()) + ", " + (plan.groupColumn() == null ? "NULL" : literal(plan.groupColumn())) + ", "
                + literal(label) + ", '1', true, " + literal("import " + shown) + ", " + literal("Imported from " + shown) + ")");
        int pos = 1;
        for (Target f : plan.features()) {
            boolean numeric = f.type().equals("DOUBLE");
            String range = numeric ? "(SELECT min(TRY_CAST(trim(" + q(f.source()) + ") AS DOUBLE)) FROM kiln_import_rows WHERE kiln_reason IS NULL), "
                    + "(SELECT max(TRY_CAST(trim(" + q(f.source()) + ") AS DOUBLE)) FROM kiln_import_rows WHERE kiln_reason IS NULL)" : "NULL, NULL";
            exec(conn, "INSERT INTO dataset_feature (dataset, name, position, kind, expected_min, expected_max) VALUES ("
                    + literal(plan.dataset()) + ", " + literal(f.column()) + ", " + pos++ + ", " + literal(numeric ? "numeric" : "categorical")
                    + ", " + range + ")");
        }
    }

    /** Numeric when at least 75 % of the non-empty values parse; the rest are then bad rows. */
    private static boolean mostlyCastable(Connection conn, String column, String type) throws SQLException {
        String v = "trim(CAST(" + q(column) + " AS VARCHAR))";
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE " + v + " <> ''), count(*) FILTER "
                + "(WHERE TRY_CAST(" + v + " AS " + type + ") IS NOT NULL) FROM kiln_import_src")) {
            rs.next();
            long nonEmpty = rs.getLong(1);
            return nonEmpty > 0 && rs.getLong(2) >= 0.75 * nonEmpty;
        }
    }

    private static Map<String, String> catalogEntry(Connection conn, String dataset) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT reading_table, label_table, id_column FROM dataset WHERE name = " + literal(dataset))) {
            if (!rs.next()) {
                return null;
            }
            Map<String, String> m = new LinkedHashMap<>();
            m.put("reading_table", rs.getString(1));
            m.put("label_table", rs.getString(2));
            m.put("id_column", rs.getString(3));
            return m;
        }
    }

    private static String existingKind(Connection conn, String dataset, String feature) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT kind FROM dataset_feature WHERE dataset = "
                + literal(dataset) + " AND name = " + literal(feature))) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String pick(String requested, List<String> columns, String shown, String option, String... defaults) {
        if (requested != null) {
            if (!columns.contains(requested)) {
                throw new UserFacingException(shown + ":1: " + option + " names column '" + requested + "', which the file does not have "
                        + "(columns: " + String.join(", ", columns) + ")");
            }
            return requested;
        }
        for (String d : defaults) {
            if (columns.contains(d)) {
                return d;
            }
        }
        return null;
    }

    static String defaultDatasetName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.indexOf('.');
        return tableName(dot > 0 ? n.substring(0, dot) : n);
    }

    /** A safe lower-case table-name stem for a data set name. */
    static String tableName(String dataset) {
        String s = dataset.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "ds_" + s : s;
    }

    private static List<String> columnsOf(Connection conn, String table) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT column_name FROM information_schema.columns "
                + "WHERE table_name = " + literal(table) + " ORDER BY ordinal_position")) {
            while (rs.next()) {
                cols.add(rs.getString(1));
            }
        }
        return cols;
    }

    private static void step(ProgressSink sink, int step, String message) {
        cancelCheck(sink);
        sink.progress(step, STEPS, message);
    }

    private static void cancelCheck(ProgressSink sink) {
        JobCancelledException.throwIfCancelled(sink, "The import");
    }

    private static void exec(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    private static long update(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            return st.executeUpdate(sql);
        }
    }

    private static long scalar(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String q(String identifier) {
        return KilnStore.quoteIdentifier(identifier);
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
