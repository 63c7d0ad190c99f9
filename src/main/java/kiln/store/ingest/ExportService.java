package kiln.store.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import kiln.domain.DatasetSpec;
import kiln.domain.UserFacingException;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.catalog.Catalog;

/**
 * Writes a table as Parquet or CSV with DuckDB's COPY, so Spark, pandas or DuckDB read the result
 * as it is. With a partition column the output is a Hive-partitioned folder ({@code col=value/…}).
 */
public final class ExportService {

    public enum Format {
        PARQUET, CSV
    }

    private final KilnStore store;

    public ExportService(KilnStore store) {
        this.store = store;
    }

    /** Exports {@code table} (ordered by its first column, so files are reproducible); returns the row count. */
    public long export(String table, Format format, Path out, String partitionBy) {
        try {
            return store.read(conn -> {
                String firstColumn = null;
                boolean hasPartition = partitionBy == null;
                try (Statement st = conn.createStatement();
                        ResultSet rs = st.executeQuery("SELECT column_name FROM information_schema.columns "
                                + "WHERE table_schema = 'main' AND table_name = " + ImportSql.literal(table) + " ORDER BY ordinal_position")) {
                    while (rs.next()) {
                        if (firstColumn == null) {
                            firstColumn = rs.getString(1);
                        }
                        hasPartition |= rs.getString(1).equals(partitionBy);
                    }
                }
                if (firstColumn == null) {
                    throw new UserFacingException("--table: there is no table '" + table + "' (kiln db info lists them)");
                }
                if (!hasPartition) {
                    throw new UserFacingException("--partition-by: table '" + table + "' has no column '" + partitionBy + "'");
                }
                if (partitionBy == null && Files.isDirectory(out)) {
                    throw new UserFacingException(out + " is a folder; give a file name for --out");
                }
                StringBuilder options = new StringBuilder(format == Format.PARQUET ? "FORMAT parquet" : "FORMAT csv, HEADER true");
                if (partitionBy != null) {
                    options.append(", PARTITION_BY (").append(KilnStore.quoteIdentifier(partitionBy)).append("), OVERWRITE_OR_IGNORE true");
                }
                try (Statement st = conn.createStatement()) {
                    return (long) st.executeUpdate("COPY (SELECT * FROM main." + KilnStore.quoteIdentifier(table) + " ORDER BY "
                            + KilnStore.quoteIdentifier(firstColumn) + ") TO " + ImportSql.literal(out.toAbsolutePath().toString())
                            + " (" + options + ")");
                }
            });
        } catch (SQLException e) {
            throw new DataAccessException("Export of " + table + " to " + out + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes one row per production prediction of {@code dataset} for downstream applications: id, time,
     * group (when the data set has one), model_version, model_scope (when a model family scored the data
     * set: the member's group, or pooled), predicted (the class as the data has it), probability (of the
     * predicted class), label and label_time (empty until the label lands).
     * {@code partitionByGroup} writes a Hive-partitioned folder {@code group=value/…}.
     */
    public long exportPredictions(String dataset, Format format, Path out, boolean partitionByGroup) {
        try {
            return store.read(conn -> {
                DatasetSpec spec = Catalog.require(conn, dataset);
                if (partitionByGroup && !spec.hasGroups()) {
                    throw new UserFacingException("--partition-by group: data set '" + dataset + "' has no group column");
                }
                if (partitionByGroup ? Files.isRegularFile(out) : Files.isDirectory(out)) {
                    throw new UserFacingException(out + (partitionByGroup ? " is a file; give a folder for --out"
                            : " is a folder; give a file name for --out"));
                }
                String id = "p." + q(spec.idColumn());
                boolean scoped;
                try (var ps = conn.prepareStatement("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'main' "
                        + "AND table_name = ? AND column_name = 'model_scope'")) {
                    ps.setString(1, spec.predictionTable());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        scoped = rs.getLong(1) > 0;
                    }
                }
                String probability = spec.binary()
                        ? "CASE WHEN p." + q(spec.predictionCodeColumn()) + " = 1 THEN p.probability ELSE 1 - p.probability END"
                        : "p.probability";
                String select = "SELECT " + id + " AS id, p." + q(spec.timeColumn()) + " AS \"time\", "
                        + (spec.hasGroups() ? "r." + q(spec.groupColumn()) + " AS \"group\", " : "")
                        + "p.model_version, " + (scoped ? "p.model_scope, " : "") + "p." + q(spec.predictionColumn()) + " AS predicted, "
                        + probability + " AS probability, "
                        + "l." + q(spec.labelColumn()) + " AS label, l." + q(spec.labelTimeColumn()) + " AS label_time FROM "
                        + q(spec.predictionTable()) + " p"
                        + (spec.hasGroups() ? " LEFT JOIN " + q(spec.readingTable()) + " r ON r." + q(spec.idColumn()) + " = " + id : "")
                        + " LEFT JOIN " + q(spec.labelTable()) + " l ON l." + q(spec.idColumn()) + " = " + id
                        + " ORDER BY \"time\", id";
                StringBuilder options = new StringBuilder(format == Format.PARQUET ? "FORMAT parquet" : "FORMAT csv, HEADER true");
                if (partitionByGroup) {
                    options.append(", PARTITION_BY (\"group\"), OVERWRITE_OR_IGNORE true");
                }
                try (Statement st = conn.createStatement()) {
                    return (long) st.executeUpdate("COPY (" + select + ") TO " + ImportSql.literal(out.toAbsolutePath().toString())
                            + " (" + options + ")");
                }
            });
        } catch (SQLException e) {
            throw new DataAccessException("Export of the predictions of " + dataset + " to " + out + " failed: " + e.getMessage(), e);
        }
    }

    private static String q(String identifier) {
        return KilnStore.quoteIdentifier(identifier);
    }

    public static Format parseFormat(String s) {
        try {
            return Format.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserFacingException("--format: '" + s + "' is not a format; use parquet or csv");
        }
    }
}
