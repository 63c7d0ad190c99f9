package kiln.cli.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import kiln.cli.ImportCommand;
import kiln.cli.ModelCommand;
import kiln.cli.MonitorCommand;
import kiln.cli.ReplayCommand;
import kiln.cli.ScoreCommand;
import kiln.cli.TrainCommand;
import kiln.store.KilnStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln bench replay}: a generated history (8 numeric and 2 categorical features, a binary label
 * known one day after each reading) replayed at max speed with live scoring and monitoring, against
 * the raw baseline on the same file in the same run: {@code kiln import}, the same training, one
 * {@code kiln score} and one {@code kiln monitor --full}.
 */
@Command(name = "replay", description = "kiln replay --score at max speed vs import + train + score + monitor --full of the same file.")
public final class ReplayBench implements Callable<Integer> {

    private static final String WINDOW = "2024-01-01..2024-01-10";
    private static final String SWEEP = """
            name: bench-replay
            seed: 7
            split: random:0.2
            trainers:
              - trainer: cart
                grid:
                  maxDepth: [6]
            """;

    @Option(names = "--rows", defaultValue = "2000000", description = "Rows in the history (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--days", defaultValue = "60", description = "Days the history spans (default: ${DEFAULT-VALUE}).")
    int days;

    @Mixin
    BenchRun bench;

    @Override
    public Integer call() throws Exception {
        return bench.inTempFolder("kiln-bench-replay", this::measure);
    }

    private BenchReport measure(Path dir) throws Exception {
        BenchReport report = new BenchReport();
        Path file = dir.resolve("history.csv");
        Path sweep = dir.resolve("sweep.yaml");
        Files.writeString(sweep, SWEEP);
        long t0 = System.nanoTime();
        generate(file, rows, days);
        report.put("rows", rows).put("days", days).put("generate_s", seconds(t0));

        // Raw baseline first: JIT warm-up then favours the replay less, not more.
        String raw = dir.resolve("raw.duckdb").toString();
        t0 = System.nanoTime();
        kiln(new ImportCommand(), "--db", raw, file.toString(), "--dataset", "history", "--time", "ts", "--label", "status", "--positive", "bad");
        double importSeconds = seconds(t0);
        String trained = kiln(new TrainCommand(), "--db", raw, "--dataset", "history", "--window", WINDOW, "--sweep", sweep.toString());
        String run = trained.lines().filter(l -> l.startsWith("Best: run ")).findFirst().orElseThrow()
                .substring("Best: run ".length()).split(" ")[0];
        kiln(new ModelCommand(), "register", "--db", raw, "--run", run);
        kiln(new ModelCommand(), "promote", "--db", raw, "--version", "1", "--at", "2024-01-11");
        kiln(new ScoreCommand(), "--db", raw);
        kiln(new MonitorCommand(), "--db", raw, "--full");
        double rawSeconds = seconds(t0);

        String replay = dir.resolve("replay.duckdb").toString();
        t0 = System.nanoTime();
        kiln(new ReplayCommand(), "--db", replay, file.toString(), "--dataset", "history", "--time", "ts", "--label", "status", "--positive", "bad",
                "--label-delay", "1d", "--train-window", WINDOW, "--sweep", sweep.toString(), "--score");
        double replaySeconds = seconds(t0);
        long predictions;
        try (KilnStore store = KilnStore.open(Path.of(replay))) {
            predictions = store.read(conn -> {
                try (Statement st = conn.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM history_prediction")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }
        report.put("replay_s", replaySeconds).put("rows_per_s", Math.round(rows / replaySeconds))
                .put("raw_s", rawSeconds).put("raw_import_s", importSeconds).put("raw_rows_per_s", Math.round(rows / rawSeconds))
                .put("ratio", rawSeconds / replaySeconds).put("predictions", predictions)
                .put("note", "ratio = replay rows/s over raw rows/s (import + train + score + monitor --full of the same file); target >= 0.5");
        return report;
    }

    /**
     * Writes the history with DuckDB: readings evenly spaced over {@code days}, features from a hash of
     * the row number (deterministic), a label from a rule on them that changes half way through.
     */
    static void generate(Path file, int rows, int days) throws Exception {
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:"); Statement st = conn.createStatement()) {
            st.execute("SET threads TO 1"); // rows come out in order with one thread
            List<String> columns = new ArrayList<>();
            for (int f = 1; f <= 8; f++) {
                columns.add(String.format(Locale.ROOT, "round((hash(i, %d) %% 1000000) / 1000000.0 * 10 - 5, 4) AS x%d", f, f));
            }
            columns.add("['north', 'south', 'east', 'west'][1 + (hash(i, 11) % 4)::INTEGER] AS site");
            columns.add("['day', 'night'][1 + (hash(i, 12) % 2)::INTEGER] AS shift");
            String score = "x1 + 0.5 * x2 - 0.3 * x3 + CASE WHEN i > " + rows / 2 + " THEN 0.8 * x4 ELSE 0 END + (hash(i, 13) % 1000) / 500.0 - 1";
            st.execute("COPY (SELECT ts, x1, x2, x3, x4, x5, x6, x7, x8, site, shift, CASE WHEN " + score
                    + " > 0 THEN 'bad' ELSE 'good' END AS status "
                    + "FROM (SELECT i, TIMESTAMP '2024-01-01' + to_microseconds((i::HUGEINT * " + days + " * 86400000000 // " + rows
                    + ")::BIGINT) AS ts, "
                    + String.join(", ", columns) + " FROM range(" + rows + ") t(i)) ORDER BY i) TO '" + file.toAbsolutePath().toString().replace("'",
                            "''")
                    + "' (HEADER true)");
        }
    }

    /** Runs one command in this process, as the CLI would; its output, or an exception naming what failed. */
    private static String kiln(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        if (exit != 0) {
            throw new IllegalStateException(cli.getCommandName() + " " + String.join(" ", args) + " failed (" + exit + "): " + err + out);
        }
        return out.toString();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
