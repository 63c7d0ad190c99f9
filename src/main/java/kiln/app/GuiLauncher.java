package kiln.app;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;

import javafx.application.Application;

/** Starts the JavaFX workbench from the plain main class. */
public final class GuiLauncher {

    /**
     * What the command line asked the workbench to do.
     *
     * @param demo open straight into the guided demo, on its own fresh demo database
     */
    public record Options(Path database, boolean smokeTest, boolean demo) {
        public Options(Path database, boolean smokeTest) {
            this(database, smokeTest, false);
        }
    }

    // Application.launch builds the Application reflectively, so its options travel through here.
    private static volatile Options options = new Options(null, false, false);
    private static volatile int exitCode;
    // The command line's own writers: the smoke test and the startup probe answer their caller there.
    private static volatile PrintWriter out = new PrintWriter(Writer.nullWriter());
    private static volatile PrintWriter err = new PrintWriter(Writer.nullWriter());

    private GuiLauncher() {}

    /** Sets the options without launching; for tests that start the application through TestFX. */
    static void prepare(Options launchOptions) {
        options = launchOptions;
        exitCode = 0;
    }

    static int exitCode() {
        return exitCode;
    }

    static Options options() {
        return options;
    }

    static void setExitCode(int code) {
        exitCode = code;
    }

    /** Prints one line to the command line's output (the smoke test's and startup probe's answers). */
    static void printOut(String line) {
        out.println(line);
        out.flush();
    }

    /** Prints one line to the command line's error output. */
    static void printErr(String line) {
        err.println(line);
        err.flush();
    }

    /** Blocks until the window closes; returns the exit code. Tests' launches ({@link #prepare}) print nowhere. */
    public static int launch(Options launchOptions, PrintWriter console, PrintWriter errors) {
        options = launchOptions;
        out = console;
        err = errors;
        exitCode = 0;
        Application.launch(KilnApplication.class);
        return exitCode;
    }
}
