package kiln.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import kiln.domain.ProgressSink;
import kiln.store.KilnStore;
import kiln.store.ingest.ImportRequest;
import kiln.store.ingest.ImportResult;
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
            + "glassware takes files shaped like sample-data/glassware/*.csv with no other option.")
    String dataset;

    @Option(names = "--id", paramLabel = "COL", description = "Id column (default: pid or id if present, else the line number).")
    String id;

    @Option(names = "--time", paramLabel = "COL", description = "Time column (default: process_time, time or timestamp if present).")
    String time;

    @Option(names = "--group", paramLabel = "COL", description = "Group column (sensor, line, ...).")
    String group;

    @Option(names = "--label", paramLabel = "COL", description = "Label column (stored in the data set's label table).")
    String label;

    @Option(names = "--features", split = ",", paramLabel = "A,B,...", description = "Feature columns (default: all other columns).")
    List<String> features;

    @Option(names = "--time-tolerance", paramLabel = "SECONDS", defaultValue = "3600",
            description = "How far time may go back before a row counts as out of order (default ${DEFAULT-VALUE}).")
    long toleranceSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (KilnStore db = store.open()) {
            ImportRequest req = new ImportRequest(file, dataset, id, time, group, label, features, Duration.ofSeconds(toleranceSeconds));
            ImportResult r = new ImportService(db).importFile(req, ProgressSink.NONE);
            out.printf(Locale.ROOT, "Imported %s into data set %s (table %s): %,d rows read, %,d imported, %,d already stored, %,d quarantined.%n",
                    file, r.dataset(), r.targetTable(), r.rowsRead(), r.rowsImported(), r.rowsAlreadyStored(), r.rowsQuarantined());
            if (r.rowsQuarantined() > 0) {
                out.println("First bad rows:");
                r.firstBadRows().forEach(b -> out.println("  " + b));
                out.printf(Locale.ROOT, "All of them: kiln sql \"SELECT * FROM import_quarantine WHERE import_id = %d ORDER BY line\"%n", r.importId());
            }
            out.flush();
        }
        return 0;
    }
}
