package kiln.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.logging.Level;

import kiln.domain.UserFacingException;
import kiln.store.KilnPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/**
 * Plain entry point (a JavaFX Application cannot be the main class of a class-path jar). Parses the
 * command line; with no command the workbench opens, otherwise the headless command runs without
 * ever starting JavaFX.
 */
public final class Main {

    /** Exit code for an error the user can fix (bad input, file in use). */
    public static final int EXIT_USER_ERROR = 1;
    /** Exit code for a bug: the details are in the log file. */
    public static final int EXIT_INTERNAL_ERROR = 70;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs Kiln with {@code args} and returns the exit code. */
    public static int run(String... args) {
        configureLogging();
        return commandLine().execute(args);
    }

    /** The configured command line; tests use it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new KilnCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> reportFailure(ex, cmd.getErr()));
        addHelpEverywhere(cli);
        return cli;
    }

    /**
     * Every subcommand answers {@code -h/--help}. (picocli's inherited standard options would also
     * add {@code --version}, which clashes with the {@code --version N} of score and model commands.)
     */
    private static void addHelpEverywhere(CommandLine cli) {
        CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
        if (spec.optionsMap().get("--help") == null && spec.optionsMap().get("-h") == null) {
            spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        cli.getSubcommands().values().forEach(Main::addHelpEverywhere);
    }

    static int reportFailure(Exception ex, PrintWriter err) {
        Throwable userError = ex;
        while (userError != null && !(userError instanceof UserFacingException)) {
            userError = userError.getCause();
        }
        if (userError != null) {
            err.println("kiln: " + userError.getMessage());
            err.flush();
            return EXIT_USER_ERROR;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        log.error("Command failed", ex);
        err.println("kiln: unexpected error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                + " (details in " + logDir().resolve("kiln.log") + ")");
        err.flush();
        return EXIT_INTERNAL_ERROR;
    }

    private static volatile boolean loggingConfigured;

    /** Points the log file at the user's log folder and routes java.util.logging (Tribuo) into SLF4J. */
    static synchronized void configureLogging() {
        if (loggingConfigured) {
            return;
        }
        loggingConfigured = true;
        if (System.getProperty("kiln.log.dir") == null) {
            System.setProperty("kiln.log.dir", logDir().toString());
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        // Tribuo's bagging trainers log one INFO line per tree.
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
        java.util.logging.Logger.getLogger("").setLevel(Level.INFO);
    }

    static Path logDir() {
        String configured = System.getProperty("kiln.log.dir");
        return configured != null ? Path.of(configured) : KilnPaths.forCurrentUser().logDir();
    }
}
