package kiln.app;

import java.util.concurrent.Callable;

import kiln.cli.AlertsCommand;
import kiln.cli.BackupCommands;
import kiln.cli.DbCommand;
import kiln.cli.ExportCommand;
import kiln.cli.FleetCommand;
import kiln.cli.ImportCommand;
import kiln.cli.ModelCommand;
import kiln.cli.MonitorCommand;
import kiln.cli.ReplayCommand;
import kiln.cli.RunsCommand;
import kiln.cli.ScoreCommand;
import kiln.cli.SimulateCommand;
import kiln.cli.SqlCommand;
import kiln.cli.StoreOptions;
import kiln.cli.TrainCommand;
import kiln.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code kiln} command: with no subcommand it opens the workbench. */
@Command(name = "kiln", mixinStandardHelpOptions = true, versionProvider = KilnCommand.VersionProvider.class,
        description = "Kiln keeps machine-learning models healthy after deployment. With no command, opens the workbench.",
        subcommands = {
                DbCommand.class,
                SqlCommand.class,
                SimulateCommand.class,
                ReplayCommand.class,
                ImportCommand.class,
                ExportCommand.class,
                TrainCommand.class,
                RunsCommand.class,
                ModelCommand.class,
                ScoreCommand.class,
                BackupCommands.Backup.class,
                BackupCommands.Restore.class,
                BenchCommand.class,
                MonitorCommand.class,
                AlertsCommand.class,
                FleetCommand.class,
                CommandLine.HelpCommand.class,
        },
        sortOptions = false)
public final class KilnCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--smoke-test", description = "Start the workbench, open every workspace, and exit 0 (for installers and CI).")
    boolean smokeTest;

    @Option(names = "--demo", description = "Open the workbench straight into the guided glassware demo (on its own demo database, "
            + "recreated each time).")
    boolean demo;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (demo && store.explicitPath() != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--demo opens its own demo database; leave out --db (or open the database without --demo)");
        }
        return GuiLauncher.launch(new GuiLauncher.Options(store.explicitPath(), smokeTest, demo),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** {@code kiln --version}. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return Versions.headless().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toArray(String[]::new);
        }
    }
}
