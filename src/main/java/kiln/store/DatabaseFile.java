package kiln.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database file as DuckDB sees it: how Kiln connects to one, the checks a file must pass before
 * it is opened (so a wrong, truncated or newer file is refused untouched), and DuckDB's errors
 * turned into one sentence a user can act on.
 */
final class DatabaseFile {

    private static final Pattern LOCK_PID = Pattern.compile("PID (\\d+)");
    /** DuckDB files carry this magic at byte 8. */
    private static final byte[] DUCKDB_MAGIC = "DUCK".getBytes(StandardCharsets.US_ASCII);
    private static final int DUCKDB_MIN_FILE_BYTES = 3 * 4096;

    private DatabaseFile() {}

    /**
     * A connection with extension auto-install and auto-load off, so Kiln never reaches for the network,
     * and with ART index scans off: Kiln's tables are appended in pid (= time) order, so a pid or time
     * range skips row groups by their min/max at once, whereas DuckDB would otherwise answer a PRIMARY
     * KEY range of up to 0.1 % of the table (10,000 rows at 10 M) through the index row by row, 3-10×
     * slower (decision 0006). Keys are still checked through the index on insert.
     */
    static Connection connect(Path path, boolean readOnly) throws SQLException {
        Properties props = new Properties();
        props.setProperty("autoinstall_known_extensions", "false");
        props.setProperty("autoload_known_extensions", "false");
        props.setProperty("index_scan_max_count", "0");
        props.setProperty("index_scan_percentage", "0");
        if (readOnly) {
            props.setProperty("duckdb.read_only", "true");
        }
        return DriverManager.getConnection("jdbc:duckdb:" + path, props);
    }

    /** Refuses (with a user message) a path that is not a DuckDB file or is truncated. */
    static void checkLooksLikeDuckDb(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        if (Files.isDirectory(path)) {
            throw new StoreException(path + " is a folder, not a database file.");
        }
        try {
            long size = Files.size(path);
            if (size == 0) {
                return; // an empty placeholder (e.g. from mktemp) becomes a new database
            }
            byte[] head = new byte[12];
            int read;
            try (InputStream in = Files.newInputStream(path)) {
                read = in.readNBytes(head, 0, head.length);
            }
            boolean magic = read == 12 && head[8] == DUCKDB_MAGIC[0] && head[9] == DUCKDB_MAGIC[1]
                    && head[10] == DUCKDB_MAGIC[2] && head[11] == DUCKDB_MAGIC[3];
            if (!magic) {
                throw new StoreException(path + " is not a Kiln database (it is not a DuckDB file); it was not changed.");
            }
            if (size < DUCKDB_MIN_FILE_BYTES) {
                throw new StoreException(path + " is truncated (" + size
                        + " bytes); it was not changed. Restore it from a backup or open another file.");
            }
        } catch (IOException e) {
            throw new StoreException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Refuses (with a user message) a file whose schema is newer than this Kiln knows. */
    static void checkSchemaVersion(Path path, Set<Integer> applied) {
        int newest = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
        int known = Migrations.latestVersion();
        if (newest > known) {
            throw new StoreException(path + " has schema version " + newest + ", but this Kiln knows only up to version "
                    + known + ". Open it with a newer Kiln; the file was not changed.");
        }
    }

    /** Turns DuckDB's errors into one sentence a user can act on. */
    static StoreException translate(Path path, Exception e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("Could not set lock") || msg.contains("Conflicting lock")) {
            Matcher m = LOCK_PID.matcher(msg);
            String who = m.find() ? "another process (PID " + m.group(1) + ")" : "another process";
            return new StoreException(path + " is in use by " + who
                    + "; close the other Kiln window or command, or choose another file with --db.", e);
        }
        if (msg.contains("already attached") || msg.contains("Unique file handle conflict")) {
            return new StoreException(path + " is already open in this Kiln.", e);
        }
        if (msg.contains("newer version of DuckDB") || msg.contains("storage version")) {
            return new StoreException(path + " was written by a newer storage format than this Kiln reads; it was not changed.", e);
        }
        if (msg.contains("Could not read enough bytes")) {
            // The file ends before a block its header points to: cut short by a copy, a download or a full disk.
            return new StoreException(path + " is truncated or damaged and cannot be opened (it ends before its data does); "
                    + "it was not changed. Restore it from a backup or open another file.", e);
        }
        if (msg.contains("not a valid DuckDB database") || msg.contains("Corrupt") || msg.contains("corrupt")
                || msg.contains("checksum") || msg.contains("Failed to read")) {
            return new StoreException(path + " is damaged and cannot be opened (" + firstLine(msg) + "); it was not changed.", e);
        }
        return new StoreException("Cannot open " + path + ": " + firstLine(msg), e);
    }

    private static String firstLine(String msg) {
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }
}
