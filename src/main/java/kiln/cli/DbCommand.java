package kiln.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.store.KilnStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiln db …}: facts about the database file. */
@Command(name = "db", description = "Inspect the database file.", subcommands = {DbCommand.Info.class})
public final class DbCommand {

    /** {@code kiln db info}. */
    @Command(name = "info", description = "Show the database path, schema version and row counts per table (creates the file if missing).")
    public static final class Info implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws SQLException, IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (KilnStore db = store.open()) {
                Map<String, Long> counts = db.tableRowCounts();
                counts.remove("kiln_schema");
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("path", db.path().toString());
                    o.put("schema_version", db.schemaVersion());
                    o.put("duckdb", db.duckDbVersion());
                    o.put("tables", counts);
                    out.println(new ObjectMapper().writeValueAsString(o));
                } else {
                    out.println("Database:       " + db.path());
                    out.println("Schema version: " + db.schemaVersion());
                    out.println("DuckDB:         " + db.duckDbVersion());
                    out.println("File size:      " + humanBytes(Files.size(db.path())));
                    out.println();
                    int w = counts.keySet().stream().mapToInt(String::length).max().orElse(5);
                    out.println(String.format("%-" + w + "s  %12s", "table", "rows"));
                    out.println("-".repeat(w) + "  " + "-".repeat(12));
                    counts.forEach((t, n) -> out.println(String.format("%-" + w + "s  %,12d", t, n)));
                }
                out.flush();
            }
            return 0;
        }
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
