package kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import kiln.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DataCommandsTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run kiln(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void simulateTwiceThenDbInfoShowsEveryRowOnce() {
        String db = dir.resolve("s.duckdb").toString();
        Run first = kiln("simulate", "--scenario", "glassware", "--speed", "max", "--db", db);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("Finished at simulated 2019-08-13T00:00:00Z: 7,999 readings written (0 already stored)");
        Run second = kiln("simulate", "--scenario", "glassware", "--db", db);
        assertThat(second.out()).contains("0 readings written (7,999 already stored)");
        Run info = kiln("db", "info", "--db", db);
        assertThat(info.out()).containsPattern("product_quality\\s+7,999").containsPattern("sensor_reading\\s+7,999");
    }

    @Test
    void badScenarioFileAndBadSpeedAreUserErrors() throws Exception {
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "name: x\nstart: 2019-07-01\nproducts: ten\n");
        Run r = kiln("simulate", "--scenario", yaml.toString(), "--db", dir.resolve("b.duckdb").toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(r.err()).isEqualTo("kiln: " + yaml + ":3: field 'products': 'ten' is not a whole number" + System.lineSeparator());
        Run s = kiln("simulate", "--scenario", "glassware", "--speed", "fast", "--db", dir.resolve("b.duckdb").toString());
        assertThat(s.err()).contains("--speed: 'fast' is not a speed");
    }

    @Test
    void importPrintsSummaryAndFirstBadLinesAndExportWritesFiles() throws Exception {
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv,
                "id,t,x\n1,2024-01-01 00:00:00,1.5\n2,2024-01-01 00:01:00,oops\n3,2024-01-01 00:02:00,2.5\n4,2024-01-01 00:03:00,3.5\n");
        String db = dir.resolve("i.duckdb").toString();
        Run r = kiln("import", csv.toString(), "--dataset", "m", "--time", "t", "--db", db);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("4 rows read, 3 imported, 0 already stored, 1 quarantined")
                .contains(csv + ":3: column 'x': unparseable number 'oops'");
        Run sql = kiln("sql", "--db", db, "SELECT line, column_name FROM import_quarantine");
        assertThat(sql.out()).contains("x");
        Path out = dir.resolve("m.parquet");
        Run e = kiln("export", "--table", "m_reading", "--format", "parquet", "--out", out.toString(), "--db", db);
        assertThat(e.out()).contains("Exported 3 rows of m_reading");
        assertThat(out).exists();
        Path parts = dir.resolve("q");
        Run p = kiln("export", "--table", "import_quarantine", "--format", "csv", "--out", parts.toString(), "--partition-by", "dataset", "--db", db);
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(parts.resolve("dataset=m")).isDirectory();
    }
}
