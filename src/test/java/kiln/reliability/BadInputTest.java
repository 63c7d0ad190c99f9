package kiln.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import kiln.app.Main;
import kiln.cli.CliTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed input of the corpus ({@code src/test/resources/bad-input/cases.tsv}, plus the big
 * or binary ones {@link GeneratedBadInputs} writes at test time) goes through its real command. Each
 * must be refused (or, for files whose rows are bad, quarantined) with one plain message that names
 * the file, line or entry and the reason; the process carries on and the database keeps its contents.
 */
@Tag("heavy") // minutes long: the heavy profile (mvn -Pheavy test), which .ci/run also runs
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final int MIN_CORPUS = 40;
    /** Tables an import writes even when every row is refused: its log line and the quarantined rows. */
    private static final List<String> IMPORT_BOOKKEEPING = List.of("import_log", "import_quarantine");

    /** One row of cases.tsv. */
    record Case(String path, String expect, String fragment, String command) {
        @Override
        public String toString() {
            return path;
        }
    }

    private Path db;
    private Path generated;

    @BeforeAll
    void seedStore(@TempDir Path dir) throws Exception {
        db = dir.resolve("kiln.duckdb");
        CliTest.Result seed = CliTest.run("--db", db.toString(), "simulate", "--scenario", "glassware", "--until", "2019-07-04");
        assertThat(seed.exit()).as(seed.toString()).isZero();
        generated = dir.resolve("generated");
        GeneratedBadInputs.writeAll(generated);
    }

    Stream<Case> cases() {
        return readCases().stream();
    }

    @Test
    void theCorpusHoldsAtLeastFortyCommittedFilesAndEveryFileHasACase() throws IOException {
        Path corpus = corpusDir();
        List<String> committed;
        try (Stream<Path> files = Files.walk(corpus)) {
            committed = files.filter(Files::isRegularFile).map(p -> corpus.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("cases.tsv")).sorted().toList();
        }
        assertThat(committed).hasSizeGreaterThanOrEqualTo(MIN_CORPUS);
        assertThat(readCases().stream().map(Case::path).toList()).containsAll(committed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAClearMessageAndTheStoreKeepsItsContents(Case c) throws Exception {
        Path file = Files.exists(corpusDir().resolve(c.path())) ? corpusDir().resolve(c.path()) : generated.resolve(c.path());
        assertThat(file).as("input file").exists();
        Map<String, String> before = StoreFingerprint.of(db);

        List<String> args = new ArrayList<>(List.of("--db", db.toString()));
        for (String token : c.command().split(" ")) {
            args.add(token.replace("{file}", file.toString())
                    .replace("{text}", token.contains("{text}") ? Files.readString(file, StandardCharsets.UTF_8).strip() : ""));
        }
        CliTest.Result r = CliTest.run(args.toArray(String[]::new));
        Map<String, String> after = StoreFingerprint.of(db);

        String message = r.err().strip();
        assertThat(message).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("unexpected error");
        if (c.expect().equals("reject")) {
            assertThat(r.exit()).as(r.toString()).isEqualTo(Main.EXIT_USER_ERROR);
            assertThat(message).as(r.toString()).startsWith("kiln: ");
            assertThat(after).as("store unchanged").isEqualTo(before);
        } else {
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).as(r.toString()).contains("quarantined").containsPattern(":\\d+: ");
            assertThat(withoutImportBookkeeping(after)).as("data tables unchanged").isEqualTo(withoutImportBookkeeping(before));
            message = r.out();
        }
        if (c.command().contains("{file}")) {
            assertThat(message).as("names the file").contains(file.getFileName().toString());
        }
        assertThat(message).as("names the reason").containsIgnoringCase(c.fragment());
    }

    private static Map<String, String> withoutImportBookkeeping(Map<String, String> tables) {
        Map<String, String> data = new TreeMap<>(tables);
        IMPORT_BOOKKEEPING.forEach(data::remove);
        return data;
    }

    private static List<Case> readCases() {
        try {
            List<Case> cases = new ArrayList<>();
            for (String line : Files.readAllLines(corpusDir().resolve("cases.tsv"), StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                cases.add(new Case(f[0], f[1], f[2], f[3]));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path corpusDir() {
        try {
            return Path.of(BadInputTest.class.getResource("/bad-input/cases.tsv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
