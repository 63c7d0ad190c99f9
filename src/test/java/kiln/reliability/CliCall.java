package kiln.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;

import kiln.app.Main;
import picocli.CommandLine;

/** One in-process CLI call through {@link Main#commandLine()}: exit code, output and error text. */
record CliCall(int exit, String out, String err) {

    static CliCall run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliCall(exit, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
