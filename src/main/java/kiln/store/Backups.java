package kiln.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Consistent copies of a Kiln database. A backup is taken inside the running process on the writer
 * thread with DuckDB's {@code COPY FROM DATABASE} (one transactional snapshot, sequences included),
 * so it works while simulation, scoring or the GUI keep using the store. A restore never overwrites:
 * the current file is kept beside it as {@code NAME.before-restore-<time>}.
 */
public final class Backups {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private Backups() {}

    /** Writes a consistent copy of {@code store} to {@code out}; returns the file written. */
    public static Path backup(KilnStore store, Path out) {
        Path target = out.toAbsolutePath().normalize();
        if (target.equals(store.path())) {
            throw new StoreException("The backup must go to another file than the database itself.");
        }
        if (Files.exists(target)) {
            throw new StoreException(target + " already exists; choose a new file for the backup.");
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(tmp);
            store.write(conn -> {
                String source = currentDatabase(conn);
                try (Statement st = conn.createStatement()) {
                    st.execute("ATTACH " + literal(tmp.toString()) + " AS kiln_backup_target");
                    try {
                        st.execute("COPY FROM DATABASE " + KilnStore.quoteIdentifier(source) + " TO kiln_backup_target");
                    } finally {
                        try (Statement detach = conn.createStatement()) {
                            detach.execute("DETACH kiln_backup_target");
                        }
                    }
                }
                return null;
            });
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + ".wal"));
            return target;
        } catch (SQLException e) {
            deleteQuietly(tmp);
            throw new StoreException("The backup to " + target + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new StoreException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces {@code database} by {@code backup} after checking the backup opens and carries a schema
     * this Kiln reads. The old file is kept; returns where.
     */
    public static Path restore(Path backup, Path database) {
        Path source = backup.toAbsolutePath().normalize();
        Path target = database.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) {
            throw new StoreException("There is no backup file " + source + ".");
        }
        inspectSchemaVersion(source);
        Path kept = null;
        try {
            if (Files.exists(target)) {
                assertNotInUse(target);
                kept = target.resolveSibling(target.getFileName() + ".before-restore-" + LocalDateTime.now().format(STAMP));
                Files.move(target, kept, StandardCopyOption.ATOMIC_MOVE);
                Path wal = target.resolveSibling(target.getFileName() + ".wal");
                if (Files.exists(wal)) {
                    Files.move(wal, kept.resolveSibling(kept.getFileName() + ".wal"), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Path tmp = target.resolveSibling(target.getFileName() + ".restoring");
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StoreException("Restoring " + source + " to " + target + " failed: " + e.getMessage()
                    + (kept != null ? " The previous database is kept at " + kept + "." : ""), e);
        }
        return kept;
    }

    /** Opens {@code file} read-only and returns its schema version, refusing anything Kiln cannot open. */
    public static int inspectSchemaVersion(Path file) {
        DatabaseFile.checkLooksLikeDuckDb(file);
        try (Connection conn = DatabaseFile.connect(file, true)) {
            int version = Migrations.appliedVersions(conn).stream().mapToInt(Integer::intValue).max().orElse(0);
            if (version == 0) {
                throw new StoreException(file + " is a DuckDB file but not a Kiln database (no schema table).");
            }
            if (version > Migrations.latestVersion()) {
                throw new StoreException(file + " has schema version " + version + ", newer than this Kiln reads ("
                        + Migrations.latestVersion() + ").");
            }
            return version;
        } catch (SQLException e) {
            throw DatabaseFile.translate(file, e);
        }
    }

    private static void assertNotInUse(Path file) {
        try (Connection probe = DatabaseFile.connect(file, false)) {
            // opened and closed at once: nobody else holds it
            probe.isValid(1);
        } catch (SQLException e) {
            throw DatabaseFile.translate(file, e);
        }
    }

    private static String currentDatabase(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale partial file is harmless; the next backup replaces it
        }
    }
}
