package kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import kiln.app.Main;
import kiln.store.Migrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

public class CliTest {

    @TempDir
    Path dir;

    /** Output, error text and exit code of one CLI call. */
    public record Result(int exit, String out, String err) {
    }

    public static Result run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void everyCommandAnswersHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(20);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Result r = run(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: kiln");
        }
    }

    private static void collect(picocli.CommandLine cli, List<String> path, List<List<String>> into) {
        into.add(path);
        cli.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return; // picocli's own help command prints the usage of the command it is given
            }
            List<String> deeper = new ArrayList<>(path);
            deeper.add(name);
            collect(sub, deeper, into);
        });
    }

    @Test
    void dbInfoCreatesTheFileAndListsTables() {
        Path db = dir.resolve("k.duckdb");
        Result r = run("--db", db.toString(), "db", "info");
        assertThat(r.exit()).isZero();
        assertThat(db).exists();
        assertThat(r.out()).contains("Schema version: " + Migrations.latestVersion()).contains("sensor_reading").contains("predicted_quality")
                .contains("alert");
    }

    @Test
    void dbOptionIsAcceptedAfterTheSubcommandToo() {
        Path db = dir.resolve("after.duckdb");
        Result r = run("db", "info", "--db", db.toString(), "--json");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"schema_version\":" + Migrations.latestVersion()).contains("\"sensor_reading\":0");
        assertThat(db).exists();
    }

    @Test
    void sqlPrintsZeroForAnEmptyTable() {
        Path db = dir.resolve("s.duckdb");
        Result r = run("sql", "--db", db.toString(), "select count(*) as n from sensor_reading");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines().toList()).containsSubsequence("n", "-", "0");
        Result json = run("sql", "--db", db.toString(), "--json", "select name, reading_table from dataset");
        assertThat(json.out().strip()).isEqualTo("[{\"name\":\"glassware\",\"reading_table\":\"sensor_reading\"}]");
    }

    @Test
    void writingSqlIsRefusedWithAMessage() {
        Path db = dir.resolve("w.duckdb");
        Result r = run("sql", "--db", db.toString(), "delete from sensor_reading");
        assertThat(r.exit()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(r.err()).startsWith("kiln: Only SELECT queries are allowed").doesNotContain("Exception");
    }

    @Test
    void helpListsCommandsAndVersionNamesTheLibraries() {
        Result help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("db").contains("sql").contains("bench").contains("--db");
        Result version = run("--version");
        assertThat(version.out()).contains("Kiln").contains("Java").contains("DuckDB").contains("Tribuo");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Result r = run("frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("frobnicate");
    }
}
