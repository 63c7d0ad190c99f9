package kiln.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KilnStoreTest {

    @TempDir
    Path dir;

    @Test
    void newDatabaseGetsEveryMigrationAndTheContractTables() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("new.duckdb"))) {
            assertThat(store.schemaVersion()).isEqualTo(Migrations.latestVersion());
            assertThat(store.tableRowCounts()).containsKeys("sensor_reading", "product_quality", "predicted_quality",
                    "run", "model_version", "model_event", "alert", "dataset", "dataset_feature");
            List<String> columns = store.read(conn -> {
                List<String> names = new ArrayList<>();
                try (Statement st = conn.createStatement();
                        ResultSet rs = st.executeQuery(
                                "SELECT column_name FROM information_schema.columns WHERE table_name = 'predicted_quality' ORDER BY ordinal_position")) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                return names;
            });
            // the contract's columns, then the label code and time derived from the labels (V009)
            assertThat(columns).containsExactly("pid", "model_version", "process_time", "predicted_quality", "probability", "scored_at",
                    "label_code", "label_time");
        }
    }

    @Test
    void reopeningKeepsDataAndDoesNotRerunMigrations() throws Exception {
        Path file = dir.resolve("k.duckdb");
        try (KilnStore store = KilnStore.open(file)) {
            store.write(conn -> {
                try (Statement st = conn.createStatement()) {
                    return st.executeUpdate("INSERT INTO sensor_reading VALUES (1, 1, TIMESTAMP '2019-07-01 00:07:30', 355, 12, 30, NULL)");
                }
            });
        }
        try (KilnStore store = KilnStore.open(file)) {
            assertThat(store.tableRowCounts()).containsEntry("sensor_reading", 1L).containsEntry("kiln_schema", (long) Migrations.known().size());
        }
    }

    @Test
    void appenderBatchesOnTheWriterThreadAreVisibleToReaders() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("a.duckdb"))) {
            String writerThread = store.write(conn -> {
                try (DuckDBAppender app = conn.unwrap(DuckDBConnection.class).createAppender("main", "product_quality")) {
                    for (int i = 0; i < 10_000; i++) {
                        app.beginRow();
                        app.append((long) i);
                        app.append(LocalDateTime.of(2019, 7, 3, 0, 0));
                        app.append(i % 2);
                        app.endRow();
                    }
                }
                return Thread.currentThread().getName();
            });
            assertThat(writerThread).isEqualTo("kiln-db-writer");
            assertThat(store.tableRowCounts()).containsEntry("product_quality", 10_000L);
        }
    }

    @Test
    void concurrentWritersAreSerialisedAndReadersRunAlongside() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("c.duckdb"))) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 1000;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        int pid = base + i;
                        store.write(conn -> {
                            try (Statement st = conn.createStatement()) {
                                return st.executeUpdate("INSERT INTO product_quality VALUES (" + pid + ", NULL, 1)");
                            }
                        });
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        store.read(conn -> {
                            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM product_quality")) {
                                rs.next();
                                return rs.getLong(1);
                            }
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(store.tableRowCounts()).containsEntry("product_quality", 200L);
        }
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("t.duckdb"))) {
            assertThatThrownBy(() -> store.writeTransaction(conn -> {
                try (Statement st = conn.createStatement()) {
                    st.executeUpdate("INSERT INTO product_quality VALUES (1, NULL, 1)");
                    return st.executeUpdate("INSERT INTO product_quality VALUES (1, NULL, 0)"); // duplicate key
                }
            })).isInstanceOf(SQLException.class);
            assertThat(store.tableRowCounts()).containsEntry("product_quality", 0L);
        }
    }

    @Test
    void aTransactionThatBeginsWithAnAppenderKeepsNoneOfItsRowsWhenItFails() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("ta.duckdb"))) {
            // 5,000 rows: the Appender flushes twice on its own before the failure (every 2,048 rows)
            assertThatThrownBy(() -> store.writeTransaction(conn -> {
                try (DuckDBAppender app = conn.unwrap(DuckDBConnection.class).createAppender("main", "product_quality")) {
                    for (int i = 0; i < 5_000; i++) {
                        app.beginRow().append((long) i).append(LocalDateTime.of(2019, 7, 3, 0, 0)).append(i % 2).endRow();
                    }
                }
                throw new SQLException("failed after the rows were appended");
            })).hasMessage("failed after the rows were appended");
            assertThat(store.tableRowCounts()).containsEntry("product_quality", 0L);
        }
    }

    @Test
    void aNewerSchemaIsRefusedAndTheFileIsUntouched() throws Exception {
        Path file = dir.resolve("future.duckdb");
        try (KilnStore store = KilnStore.open(file)) {
            store.write(conn -> {
                try (Statement st = conn.createStatement()) {
                    return st.executeUpdate("INSERT INTO kiln_schema (version, name) VALUES (999, 'from_the_future')");
                }
            });
        }
        String before = sha256(file);
        assertThatThrownBy(() -> KilnStore.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 999")
                .hasMessageContaining("was not changed");
        assertThat(sha256(file)).isEqualTo(before);
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedAndKept() throws Exception {
        Path file = dir.resolve("notes.duckdb");
        Files.writeString(file, "pid,temp\n1,355\n".repeat(2000));
        String before = sha256(file);
        assertThatThrownBy(() -> KilnStore.open(file)).isInstanceOf(StoreException.class).hasMessageContaining("not a Kiln database");
        assertThat(sha256(file)).isEqualTo(before);
    }

    @Test
    void aTruncatedDatabaseIsRefusedAndKept() throws Exception {
        Path file = dir.resolve("whole.duckdb");
        try (KilnStore store = KilnStore.open(file)) {
            assertThat(store.schemaVersion()).isPositive();
        }
        byte[] head = Arrays.copyOf(Files.readAllBytes(file), 5000);
        Path truncated = dir.resolve("truncated.duckdb");
        Files.write(truncated, head);
        assertThatThrownBy(() -> KilnStore.open(truncated)).isInstanceOf(StoreException.class).hasMessageContaining("truncated");
        assertThat(Files.readAllBytes(truncated)).isEqualTo(head);
    }

    @Test
    void aSecondProcessGetsAOneLineExplanationAndExitsNonZero() throws Exception {
        Path file = dir.resolve("locked.duckdb");
        try (KilnStore store = KilnStore.open(file)) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Dkiln.log.dir=" + dir.resolve("logs"),
                    "kiln.app.Main", "--db", file.toString(), "db", "info")
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes()).strip();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(output.lines().filter(l -> !l.isBlank()).toList())
                    .hasSize(1)
                    .first().asString().contains("is in use by another process (PID");
            assertThat(store.schemaVersion()).isPositive();
        }
    }

    @Test
    void theSameFileCannotBeOpenedTwiceInOneProcess() {
        Path file = dir.resolve("twice.duckdb");
        try (KilnStore store = KilnStore.open(file)) {
            assertThatThrownBy(() -> KilnStore.open(file)).isInstanceOf(StoreException.class);
        }
    }

    @Test
    void splittingMigrationScriptsIgnoresComments() {
        assertThat(Migrations.splitStatements("-- a comment\nCREATE TABLE a (x INT);\n\nINSERT INTO a VALUES (1);\n"))
                .containsExactly("CREATE TABLE a (x INT);", "INSERT INTO a VALUES (1);");
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
