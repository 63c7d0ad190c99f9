package kiln.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the bench commands share, mixed into each ({@code @Mixin BenchRun bench}): the {@code --json}
 * option, the command's output, and the usual run: measure into a report in a temporary folder,
 * print the report with the machine facts, delete the folder.
 */
public final class BenchRun {

    @Option(names = "--json", description = "Print one JSON line.")
    boolean json;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** One measurement: fills a report, using the folder for its databases and files. */
    @FunctionalInterface
    interface Measure {
        BenchReport into(Path folder) throws Exception;
    }

    /** Measures in a new folder in the system's temporary folder; exit code 0. */
    int inTempFolder(String prefix, Measure measure) throws Exception {
        return inFolder(Files.createTempDirectory(prefix), measure);
    }

    /** Measures in a new folder inside {@code parent}; exit code 0. */
    int inTempFolder(Path parent, String prefix, Measure measure) throws Exception {
        return inFolder(Files.createTempDirectory(parent, prefix), measure);
    }

    private int inFolder(Path folder, Measure measure) throws Exception {
        try {
            return print(measure.into(folder));
        } finally {
            TempFolders.delete(folder);
        }
    }

    /** Prints the report with the machine facts, as JSON with {@code --json}; exit code 0. */
    int print(BenchReport report) {
        report.withMachine().print(out(), json);
        return 0;
    }

    CommandLine commandLine() {
        return spec.commandLine();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
