package kiln.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import kiln.store.KilnStore;
import kiln.store.ingest.ExportService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiln export}: a table to Parquet or CSV. */
@Command(name = "export", description = "Export a table as Parquet or CSV (Hive-partitioned with --partition-by).")
public final class ExportCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Spec
    CommandSpec spec;

    @Option(names = "--table", required = true, paramLabel = "T", description = "Table to export (e.g. sensor_reading, import_quarantine).")
    String table;

    @Option(names = "--format", defaultValue = "parquet", paramLabel = "parquet|csv", description = "Output format (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "Output file, or folder with --partition-by.")
    Path out;

    @Option(names = "--partition-by", paramLabel = "COL", description = "Write a Hive-partitioned folder COL=value/...")
    String partitionBy;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        try (KilnStore db = store.open()) {
            long rows = new ExportService(db).export(table, ExportService.parseFormat(format), out, partitionBy);
            w.printf(Locale.ROOT, "Exported %,d rows of %s to %s%n", rows, table, out);
            w.flush();
        }
        return 0;
    }
}
