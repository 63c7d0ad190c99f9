package kiln.cli.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiln bench all}: runs every other {@code kiln bench} command one after the other in this
 * process, each with {@code --json}, and prints one JSON object keyed by bench name. A bench that
 * fails is reported under its name with its exit code and message; the others still run.
 * The fleet's parts ({@code fleet-train}, {@code fleet-score}, {@code fleet-monitor}) run once, inside {@code fleet}.
 * With {@code --quick}, every {@code --*rows} option but batch sizes gets a tenth of its default (and the few
 * benches with other size knobs get small values), for a run of a few minutes.
 */
@Command(name = "all", description = "Run every benchmark (--quick: small sizes) and print one JSON object keyed by bench name.")
public final class AllBench implements Callable<Integer> {

    /** Size knobs that are not row counts, for --quick. */
    private static final Map<String, List<String>> QUICK_EXTRA = Map.of(
            "ingest", List.of("--repeat", "1"),
            "startup", List.of("--runs", "1"),
            "monitor", List.of("--hours", "2"),
            "fleet", List.of("--sensors", "100", "--readings", "900000", "--members", "1000", "--hours", "2", "--pick-groups", "4"));
    /** Benches that {@code kiln bench fleet} runs as its parts: left out here so they do not run twice. */
    private static final List<String> PARTS_OF_FLEET = List.of("fleet-train", "fleet-score", "fleet-monitor");
    private static final int QUICK_DIVISOR = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Small sizes: a tenth of every default row count.")
    boolean quick;

    @Option(names = "--skip", split = ",", paramLabel = "NAME,...", description = "Benches to leave out (e.g. startup where there is no display).")
    List<String> skip = new ArrayList<>();

    @Option(names = "--json", description = "Print the JSON object on one line (default: indented).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter progress = spec.commandLine().getErr();
        Map<String, Object> results = new LinkedHashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        for (Map.Entry<String, CommandLine> e : spec.parent().subcommands().entrySet()) {
            String name = e.getKey();
            if (name.equals(spec.name()) || skip.contains(name) || PARTS_OF_FLEET.contains(name)) {
                continue;
            }
            List<String> args = argsFor(e.getValue().getCommandSpec());
            progress.println("kiln bench " + name + " " + String.join(" ", args));
            progress.flush();
            results.put(name, run(e.getValue(), args, mapper));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? mapper.writeValueAsString(results) : mapper.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        out.flush();
        return results.values().stream().anyMatch(r -> r instanceof Map<?, ?> m && m.containsKey("error")) ? 1 : 0;
    }

    List<String> argsFor(CommandSpec bench) {
        List<String> args = new ArrayList<>(List.of("--json"));
        if (!quick) {
            return args;
        }
        for (OptionSpec o : bench.options()) {
            String longName = o.longestName();
            // Batch sizes shape the figure itself (commit cost); only the amount of data shrinks.
            if (longName.endsWith("rows") && !longName.contains("batch") && o.defaultValue() != null) {
                long value = Long.parseLong(o.defaultValue().replace("_", ""));
                args.add(longName);
                args.add(Long.toString(Math.max(1, value / QUICK_DIVISOR)));
            }
        }
        args.addAll(QUICK_EXTRA.getOrDefault(bench.name(), List.of()));
        return args;
    }

    /** Runs one bench with its output captured; its JSON line parsed, or an error entry. */
    private static Object run(CommandLine bench, List<String> args, ObjectMapper mapper) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter oldOut = bench.getOut();
        PrintWriter oldErr = bench.getErr();
        bench.setOut(new PrintWriter(out, true));
        bench.setErr(new PrintWriter(err, true));
        long t0 = System.nanoTime();
        int exit;
        try {
            exit = bench.execute(args.toArray(String[]::new));
        } finally {
            bench.setOut(oldOut);
            bench.setErr(oldErr);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String jsonLine = out.toString().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
        Map<String, Object> entry = new LinkedHashMap<>();
        if (exit == 0 && jsonLine != null) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> figures = mapper.readValue(jsonLine, Map.class);
                entry.putAll(figures);
            } catch (JsonProcessingException e) {
                entry.put("error", "output is not JSON: " + jsonLine);
            }
        } else {
            entry.put("error", "exit " + exit + ": " + err.toString().strip());
        }
        entry.put("args", String.join(" ", args));
        entry.put("wall_s", Math.round(seconds * 10) / 10.0);
        return entry;
    }
}
