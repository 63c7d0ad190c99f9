package kiln.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupsTest {

    @TempDir
    Path dir;

    @Test
    void aBackupTakenWhileWritesContinueIsConsistentAndRestores() throws Exception {
        Path dbFile = dir.resolve("live.duckdb");
        Path backupFile = dir.resolve("backups/live-1.duckdb");
        try (KilnStore store = KilnStore.open(dbFile)) {
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                int pid = 0;
                while (!stop.get()) {
                    int first = pid;
                    try {
                        // each transaction writes a reading and its label together
                        store.writeTransaction(conn -> {
                            try (Statement st = conn.createStatement()) {
                                st.executeUpdate("INSERT INTO sensor_reading (pid, temp) VALUES (" + first + ", 355)");
                                return st.executeUpdate("INSERT INTO product_quality (pid, quality) VALUES (" + first + ", 1)");
                            }
                        });
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    pid++;
                }
            });
            Thread.sleep(200);
            Backups.backup(store, backupFile);
            stop.set(true);
            writer.get();
            store.write(conn -> conn.createStatement().executeUpdate("INSERT INTO run (trainer, status) VALUES ('after-backup', 'finished')"));
        }
        assertThat(Backups.inspectSchemaVersion(backupFile)).isEqualTo(Migrations.latestVersion());
        Path kept = Backups.restore(backupFile, dbFile);
        assertThat(kept).exists();
        try (KilnStore restored = KilnStore.open(dbFile)) {
            var counts = restored.tableRowCounts();
            assertThat(counts.get("sensor_reading")).isPositive().isEqualTo(counts.get("product_quality"));
            assertThat(counts).containsEntry("run", 0L);
        }
        try (KilnStore old = KilnStore.open(kept)) {
            assertThat(old.tableRowCounts()).containsEntry("run", 1L);
        }
    }

    @Test
    void badBackupsAreRefusedAndTheDatabaseIsKept() throws Exception {
        Path dbFile = dir.resolve("keep.duckdb");
        try (KilnStore store = KilnStore.open(dbFile)) {
            assertThatThrownBy(() -> Backups.backup(store, dbFile)).hasMessageContaining("another file");
        }
        Path junk = dir.resolve("junk.duckdb");
        Files.writeString(junk, "not a database at all".repeat(1000));
        byte[] before = Files.readAllBytes(dbFile);
        assertThatThrownBy(() -> Backups.restore(junk, dbFile)).isInstanceOf(StoreException.class).hasMessageContaining("not a Kiln database");
        assertThatThrownBy(() -> Backups.restore(dir.resolve("missing.duckdb"), dbFile)).hasMessageContaining("no backup file");
        assertThat(Files.readAllBytes(dbFile)).isEqualTo(before);
    }
}
