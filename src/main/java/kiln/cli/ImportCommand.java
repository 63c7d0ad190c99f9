package kiln.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import kiln.domain.ProgressSink;
import kiln.domain.ingest.ImportRequest;
import kiln.domain.ingest.ImportResult;
import kiln.store.KilnStore;
import kiln.store.ingest.ImportService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiln import FILE}: a CSV or Parquet file into a data set; bad rows go to import_quarantine. */
@Command(name = "import", description = "Import a CSV or Parquet file into a data set. Bad rows are listed and kept in the "
        + "import_quarantine table; good rows are stored. Importing the same file again adds nothing.")
public final class ImportCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .csv, .csv.gz, .tsv or .parquet file.")
    Path file;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Data set to import into (default: the file name). "
            + "Into a data set that exists, columns are matched by its catalogue names (e.g. sample-data/glassware/*.csv).")
    String dataset;

    @Option(names = "--id", paramLabel = "COL",
            description = "Id column (default: the data set's id column, or id if present, else the line number).")
    String id;

    @Option(names = "--time", paramLabel = "COL",
            description = "Time column (default: the data set's time column, or time, timestamp, datetime or date if present).")
    String time;

    @Option(names = "--group", paramLabel = "COL", description = "Group column (sensor, line, ...).")
    String group;

    @Option(names = "--label", paramLabel = "COL", description = "Label column (stored in the data set's label table).")
    String label;

    @Option(names = "--positive", paramLabel = "VALUE", description = "For a two-valued label: the positive class "
            + "(default: the value that reads as 1, true, yes, good, up, pass or ok).")
    String positive;

    @Option(names = "--labels", description = "The file holds labels only (--id, --label, optionally --label-time) for readings "
            + "imported before: inspection results that arrive later.")
    boolean labelsOnly;

    @Option(names = "--label-time", paramLabel = "COL", description = "When each label became known (default: the reading's time; "
            + "for --labels files without it, the import time).")
    String labelTime;

    @Option(names = "--features", split = ",", paramLabel = "A,B,...", description = "Feature columns (default: all other columns).")
    List<String> features;

    @Option(names = "--time-tolerance", paramLabel = "SECONDS", defaultValue = "3600",
            description = "How far time may go back before a row counts as out of order (default ${DEFAULT-VALUE}).")
    long toleranceSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (KilnStore db = store.open()) {
            ImportRequest req = new ImportRequest(file, dataset, id, time, group, label, features, Duration.ofSeconds(toleranceSeconds),
                    positive, labelsOnly, labelTime);
            ImportResult r = new ImportService(db).importFile(req, ProgressSink.NONE);
            out.printf(Locale.ROOT, "Imported %s into data set %s (table %s): %,d rows read, %,d imported, %,d already stored, %,d quarantined.%n",
                    file, r.dataset(), r.targetTable(), r.rowsRead(), r.rowsImported(), r.rowsAlreadyStored(), r.rowsQuarantined());
            if (r.note() != null) {
                out.println(r.note());
            }
            if (r.rowsQuarantined() > 0) {
                out.println("First bad rows:");
                r.firstBadRows().forEach(b -> out.println("  " + b));
                out.printf(Locale.ROOT, "All of them: kiln sql \"SELECT * FROM import_quarantine WHERE import_id = %d ORDER BY line\"%n", r
                        .importId());
            }
            out.flush();
        }
        return 0;
    }
}
