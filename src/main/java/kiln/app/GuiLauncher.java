package kiln.app;

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

    private GuiLauncher() {
    }

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

    /** Blocks until the window closes; returns the exit code. */
    public static int launch(Options launchOptions) {
        options = launchOptions;
        exitCode = 0;
        Application.launch(KilnApplication.class);
        return exitCode;
    }
}
