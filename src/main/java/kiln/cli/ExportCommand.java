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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kiln export}: a table, or a data set's production predictions, to Parquet or CSV. */
@Command(name = "export", description = {"Export a table, or a data set's production predictions, as Parquet or CSV "
        + "(Hive-partitioned with --partition-by).",
        "  kiln export --table plant_reading --format parquet --out readings.parquet",
        "  kiln export --dataset plant --predictions --format csv --out predictions.csv [--partition-by group]"})
public final class ExportCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Spec
    CommandSpec spec;

    @Option(names = "--table", paramLabel = "T",
            description = "Table to export (e.g. plant_reading, alert, import_quarantine; `kiln db info` lists them).")
    String table;

    @Option(names = "--dataset", paramLabel = "D", description = "With --predictions: the data set whose predictions to export.")
    String dataset;

    @Option(names = "--predictions", description = "Export the data set's production predictions: id, time, group, model_version, "
            + "model_scope (when a model family scored them), predicted, probability (of the predicted class), label, label_time.")
    boolean predictions;

    @Option(names = "--format", defaultValue = "parquet", paramLabel = "parquet|csv", description = "Output format (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "Output file, or folder with --partition-by.")
    Path out;

    @Option(names = "--partition-by", paramLabel = "COL", description = "Write a Hive-partitioned folder COL=value/... "
            + "(with --predictions: group).")
    String partitionBy;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        if (predictions == (table != null) || predictions != (dataset != null)) {
            throw new ParameterException(spec.commandLine(), "Give either --table T, or --dataset D --predictions");
        }
        if (predictions && partitionBy != null && !partitionBy.equals("group")) {
            throw new ParameterException(spec.commandLine(), "--partition-by: predictions are partitioned by group only");
        }
        try (KilnStore db = store.open()) {
            ExportService.Format f = ExportService.parseFormat(format);
            long rows = predictions ? new ExportService(db).exportPredictions(dataset, f, out, partitionBy != null)
                    : new ExportService(db).export(table, f, out, partitionBy);
            w.printf(Locale.ROOT, "Exported %,d rows of %s to %s%n", rows, predictions ? "the predictions of " + dataset : table, out);
            w.flush();
        }
        return 0;
    }
}
