package kiln.store.ingest;

import static kiln.store.ingest.ImportSql.exec;
import static kiln.store.ingest.ImportSql.q;
import static kiln.store.ingest.ImportSql.scalar;
import static kiln.store.ingest.ImportSql.update;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    /** The steps of one import, inside the writer transaction. */
    private ImportResult run(Connection conn, ImportRequest req, Path file, boolean parquet, String dataset, ProgressSink sink)
            throws SQLException {
        String shown = file.toString();
        step(sink, 0, "Reading " + file.getFileName());
        List<String> columns = ImportSource.load(conn, file, parquet, shown);

        step(sink, 1, "Checking columns");
        Plan plan = new ImportPlanner(conn, req, columns, shown).plan(dataset);
        ImportSource.numberRows(conn, columns, parquet);
        cancelCheck(sink);

        step(sink, 2, "Checking values");
        RowChecks.markBadRows(conn, plan, req);
        cancelCheck(sink);

        step(sink, 3, "Preparing tables");
        if (plan.newDataset()) {
            DatasetTables.create(conn, plan, shown);
        }
        long importId = scalar(conn, "SELECT nextval('import_id_seq')");

        step(sink, 4, "Quarantining bad rows");
        ImportRowWriter.quarantine(conn, importId, plan.dataset(), shown, parquet);
        cancelCheck(sink);

        step(sink, 5, "Storing good rows");
        long good = scalar(conn, "SELECT count(*) FROM kiln_import_rows WHERE kiln_reason IS NULL");
        long imported = ImportRowWriter.storeGoodRows(conn, plan, req, shown);
        String note = codeLabels(conn, plan, req, shown);
        Tally tally = tally(conn, importId, parquet, good, imported);
        cancelCheck(sink);

        step(sink, 6, "Recording the import");
        List<ImportResult.BadRow> bad = catalogue(conn, importId, plan, shown, tally);
        exec(conn, "DROP TABLE IF EXISTS kiln_import_src");
        exec(conn, "DROP TABLE IF EXISTS kiln_import_rows");
        cancelCheck(sink);
        step(sink, STEPS, "Imported " + imported + " rows");
        return new ImportResult(importId, plan.dataset(), plan.table(), tally.read(), imported, tally.alreadyStored(), tally.quarantined(), bad,
                note);
    }

    /** Rows of the file read, stored now, stored before, and quarantined. */
    private record Tally(long read, long imported, long alreadyStored, long quarantined) {
    }

    private static Tally tally(Connection conn, long importId, boolean parquet, long good, long imported) throws SQLException {
        long quarantined = scalar(conn, "SELECT count(*) FROM import_quarantine WHERE import_id = ?", importId);
        long read = scalar(conn, "SELECT count(*) FROM kiln_import_rows") + (parquet ? 0 : scalar(conn,
                "SELECT count(DISTINCT line) FROM kiln_rejects"));
        return new Tally(read, imported, good - imported, quarantined);
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
            List<String> seen = ImportSql.strings(conn, "SELECT DISTINCT CAST(" + ImportRowWriter.value(plan.label())
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
                LabelCodes.syncIds(conn, coded.get(),
                        "SELECT " + ImportRowWriter.value(plan.id()) + " FROM kiln_import_rows WHERE kiln_reason IS NULL");
            }
        }
        return note;
    }

    /** Writes the import to {@code import_log}; returns the first quarantined rows, to show the user. */
    private static List<ImportResult.BadRow> catalogue(Connection conn, long importId, Plan plan, String shown, Tally tally) throws SQLException {
        update(conn,
                "INSERT INTO import_log (import_id, dataset, file, target_table, rows_read, rows_imported, rows_already_stored, rows_quarantined) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", importId, plan.dataset(), shown, plan.table(), tally.read(), tally.imported(),
                tally.alreadyStored(), tally.quarantined());
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
        return List.copyOf(bad);
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
