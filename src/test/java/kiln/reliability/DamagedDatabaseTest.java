package kiln.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import kiln.app.Main;
import kiln.cli.CliTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kiln db info} on truncated, corrupt, foreign and newer-version files: one clear line, exit
 * 1, and the file byte for byte as it was (no WAL left beside it either).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DamagedDatabaseTest {

    private Path dir;
    private byte[] healthy;

    @BeforeAll
    void makeAHealthyDatabase(@TempDir Path tmp) throws Exception {
        dir = tmp;
        Path db = dir.resolve("healthy.duckdb");
        CliTest.Result seed = CliTest.run("--db", db.toString(), "simulate", "--scenario", "glassware", "--until", "2019-07-05");
        assertThat(seed.exit()).as(seed.toString()).isZero();
        healthy = Files.readAllBytes(db);
    }

    Stream<Arguments> damagedFiles() {
        return Stream.of(
                damage("text file", "not a Kiln database", bytes -> "name,value\nx,1\n".getBytes(StandardCharsets.UTF_8)),
                damage("random bytes", "not a Kiln database", bytes -> randomBytes(64 * 1024)),
                damage("truncated to the headers", "truncated", bytes -> Arrays.copyOf(bytes, 8192)),
                damage("truncated inside the first block", "truncated or damaged", bytes -> Arrays.copyOf(bytes, 12288 + 1000)),
                damage("database headers overwritten", "damaged", bytes -> overwrite(bytes, 4096, 8192)),
                damage("data blocks overwritten", "damaged", bytes -> overwrite(bytes, 12288, bytes.length - 12288)),
                damage("newer storage version", "newer", bytes -> storageVersion(bytes, 9999)));
    }

    private static Arguments damage(String name, String reason, Function<byte[], byte[]> how) {
        return Arguments.of(name, reason, how);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedFiles")
    void dbInfoSaysWhatIsWrongInOneLineAndLeavesTheFileAlone(String name, String reason, Function<byte[], byte[]> how) throws Exception {
        Path file = dir.resolve(name.replace(' ', '-') + ".duckdb");
        Files.write(file, how.apply(healthy.clone()));
        assertOneClearLineAndUntouched(file, reason);
    }

    @Test
    void aDatabaseFromANewerKilnIsRefusedUntouched() throws Exception {
        Path file = dir.resolve("newer-schema.duckdb");
        Files.write(file, healthy);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement()) {
            st.execute("INSERT INTO kiln_schema (version, name) VALUES (999, 'V999__from_the_future.sql')");
        }
        assertOneClearLineAndUntouched(file, "schema version 999");
    }

    private static void assertOneClearLineAndUntouched(Path file, String reason) throws Exception {
        String before = sha256(file);
        List<String> siblingsBefore = siblings(file);
        CliTest.Result r = CliTest.run("--db", file.toString(), "db", "info");
        assertThat(r.exit()).as(r.toString()).isEqualTo(Main.EXIT_USER_ERROR);
        String message = r.err().strip();
        assertThat(message).as(r.toString()).startsWith("kiln: ").doesNotContain("\n").doesNotContain("Exception")
                .contains(file.toString()).containsIgnoringCase(reason);
        assertThat(r.out()).isEmpty();
        assertThat(sha256(file)).as("file unchanged").isEqualTo(before);
        assertThat(siblings(file)).as("no WAL or other file left beside it").isEqualTo(siblingsBefore);
    }

    private static byte[] overwrite(byte[] bytes, int from, int length) {
        byte[] noise = randomBytes(length);
        System.arraycopy(noise, 0, bytes, from, length);
        return bytes;
    }

    /** DuckDB's main header: magic "DUCK" at 8, then the storage version as a little-endian u64. */
    private static byte[] storageVersion(byte[] bytes, long version) {
        for (int i = 0; i < 8; i++) {
            bytes[12 + i] = (byte) (version >>> (8 * i));
        }
        return bytes;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static List<String> siblings(Path file) throws IOException {
        try (Stream<Path> s = Files.list(file.getParent())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(file.getFileName().toString())).sorted().toList();
        }
    }
}
