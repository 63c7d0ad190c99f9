package kiln.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every stage takes its table and column names from the data-set catalogue, so no code outside the
 * demo's own producers names the glassware data set or its columns. Comments may (they explain);
 * code, SQL text and FXML may not. The producers of the demo's data (the simulator and its scenarios,
 * the benches' generated histories, the guided demo's script) are the exceptions, listed with why.
 */
class NoDemoNamesTest {

    /** Glassware's own tables and columns; the monitor reads every data set through generic aliases. */
    private static final Pattern DEMO_COLUMNS = Pattern.compile(
            "\\b(sensor_reading|product_quality|predicted_quality|process_time|qualitycheck_time|pid|temp|pressure)\\b");
    /** Column names that are also plain words ("data quality", "run duration"): banned in SQL text only. */
    private static final Pattern DEMO_WORD_COLUMNS = Pattern.compile("\\b(quality|duration)\\b");
    private static final Pattern SQL = Pattern.compile("\\b(SELECT|FROM|WHERE|JOIN|INSERT|UPDATE|GROUP BY)\\b");
    private static final Pattern DEMO_NAME = Pattern.compile("glassware", Pattern.CASE_INSENSITIVE);
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    /** Code that produces the demo's data, so it writes the demo's own names. */
    private static final List<String> DEMO_PRODUCERS = List.of(
            "kiln/sim/", // the simulator and its scenarios generate glassware readings
            "kiln/cli/bench/", // benches generate glassware-like histories to time against
            "kiln/store/ingest/GlasswareIngestor.java", // the simulator's batch writer for its own tables
            "kiln/store/ingest/GlasswareReadingBatch.java", // ... and its column batches
            "kiln/store/ingest/LabelBatch.java",
            "kiln/store/ingest/ColumnarBatch.java",
            "kiln/monitor/SyntheticHistory.java", // a synthetic glassware history for benches and tests
            "kiln/app/bench/", // benches that need the workbench
            "kiln/ops/GuidedDemo.java"); // the guided demo's script plays the glassware scenario

    /** Code that may say the demo's name to the user: the demo itself, the scenario picker, help and examples. */
    private static final List<String> DEMO_MENTIONS = List.of(
            "kiln/ui/demo/", "kiln/ui/simulator/", "kiln/ui/shell/HelpView.java", "kiln/ui/welcome/",
            "kiln/app/KilnApplication.java", "kiln/app/KilnCommand.java",
            "kiln/cli/SimulateCommand.java", "kiln/cli/ImportCommand.java", "kiln/cli/TrainCommand.java");

    @Test
    void noCodeOutsideTheDemoProducersNamesTheDemoOrItsColumns() throws IOException {
        List<String> found = new ArrayList<>();
        Path root = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String rel = root.relativize(file).toString().replace('\\', '/');
                if (DEMO_PRODUCERS.stream().anyMatch(rel::startsWith)) {
                    continue;
                }
                boolean mayMention = DEMO_MENTIONS.stream().anyMatch(rel::startsWith);
                check(rel, withoutComments(Files.readString(file)), mayMention, found);
            }
        }
        try (Stream<Path> files = Files.walk(Path.of("fxml"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".fxml")).sorted().toList()) {
                String name = file.toString().replace('\\', '/');
                check(name, Files.readString(file), name.contains("/demo/") || name.contains("/welcome/"), found);
            }
        }
        assertThat(found).as("names of the demo data set outside its producers (read them from the catalogue)").isEmpty();
    }

    @Test
    void theCheckSeesSqlAndCodeButNotComments() {
        List<String> found = new ArrayList<>();
        check("A.java", withoutComments("""
                // process_time in a comment is fine
                /* so is pid */
                String a = "SELECT quality FROM t";
                String b = "data quality";
                long pid = 1;
                """), false, found);
        assertThat(found).hasSize(2).anyMatch(s -> s.contains("quality")).anyMatch(s -> s.contains("pid"));
        found.clear();
        check("B.java", "String s = \"the glassware demo\";", false, found);
        check("C.java", "String s = \"the glassware demo\";", true, found);
        assertThat(found).hasSize(1).allMatch(s -> s.startsWith("B.java"));
    }

    private static void check(String file, String code, boolean mayMention, List<String> found) {
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher columns = DEMO_COLUMNS.matcher(line);
            while (columns.find()) {
                found.add(file + ":" + (i + 1) + " names " + columns.group(1) + ": " + line.strip());
            }
            Matcher strings = STRING.matcher(line);
            while (strings.find()) {
                String literal = strings.group();
                Matcher words = DEMO_WORD_COLUMNS.matcher(literal);
                if (SQL.matcher(literal).find() && words.find()) {
                    found.add(file + ":" + (i + 1) + " names " + words.group(1) + " in SQL: " + line.strip());
                }
            }
            if (!mayMention && DEMO_NAME.matcher(line).find()) {
                found.add(file + ":" + (i + 1) + " names the demo: " + line.strip());
            }
        }
    }

    /** The source with comments blanked (line breaks kept, so line numbers stay right); strings kept. */
    static String withoutComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                int end = literalEnd(source, i);
                out.append(source, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index just past a string, text block or char literal starting at {@code start}. */
    private static int literalEnd(String s, int start) {
        char quote = s.charAt(start);
        if (quote == '"' && s.startsWith("\"\"\"", start)) {
            int end = s.indexOf("\"\"\"", start + 3);
            return end < 0 ? s.length() : end + 3;
        }
        int i = start + 1;
        while (i < s.length() && s.charAt(i) != quote && s.charAt(i) != '\n') {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(s.length(), i + 1);
    }
}
