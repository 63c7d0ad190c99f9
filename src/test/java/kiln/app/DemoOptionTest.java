package kiln.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code kiln --demo}: the option is on the top-level command and does not mix with --db. */
class DemoOptionTest {

    @Test
    void demoIsATopLevelOptionListedInTheHelp() {
        CommandLine cli = Main.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs("--demo");
        assertThat(parsed.hasMatchedOption("--demo")).isTrue();
        assertThat(((KilnCommand) cli.getCommand()).demo).isTrue();
        assertThat(cli.getUsageMessage()).contains("--demo").contains("guided glassware demo");
    }

    @Test
    void demoWithADatabaseIsAUsageError() {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("--demo", "--db", "elsewhere.duckdb")).isEqualTo(2);
        assertThat(err.toString()).contains("--demo opens its own demo database");
    }
}
