package kiln.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import kiln.app.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AllBenchTest {

    @Test
    void quickShrinksEveryRowCountButNotBatchSizes() {
        CommandLine cli = Main.commandLine();
        CommandLine bench = cli.getSubcommands().get("bench");
        AllBench all = (AllBench) bench.getSubcommands().get("all").getCommandSpec().userObject();
        all.quick = true;
        assertThat(all.argsFor(bench.getSubcommands().get("soak").getCommandSpec())).containsExactly("--json", "--rows", "2000000");
        assertThat(all.argsFor(bench.getSubcommands().get("ingest").getCommandSpec()))
                .contains("--rows", "100000", "--repeat", "1").doesNotContain("--batch-rows");
        all.quick = false;
        assertThat(all.argsFor(bench.getSubcommands().get("eda").getCommandSpec())).containsExactly("--json");
    }
}
