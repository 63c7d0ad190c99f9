package kiln.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versioned schema migrations: {@code kiln/store/migrations/V<NNN>__<name>.sql} on the class path,
 * listed in {@code index.txt}. Each migration runs once, in its own transaction, and is recorded in
 * {@code kiln_schema}. The schema version is the highest applied number.
 */
public final class Migrations {

    private static final String DIR = "/kiln/store/migrations/";
    private static final Pattern NAME = Pattern.compile("V(\\d{3})__([A-Za-z0-9_]+)\\.sql");

    /** One migration script. */
    public record Migration(int version, String name, String sql) {
    }

    private Migrations() {}

    /** Every migration this build knows, in version order. */
    public static List<Migration> known() {
        List<Migration> result = new ArrayList<>();
        for (String file : readResource("index.txt").lines().map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("#")).toList()) {
            Matcher m = NAME.matcher(file);
            if (!m.matches()) {
                throw new IllegalStateException("Bad migration file name in index.txt: " + file);
            }
            result.add(new Migration(Integer.parseInt(m.group(1)), m.group(2), readResource(file)));
        }
        result.sort((a, b) -> Integer.compare(a.version(), b.version()));
        return List.copyOf(result);
    }

    /** The newest schema version this build can read and write. */
    public static int latestVersion() {
        List<Migration> all = known();
        return all.isEmpty() ? 0 : all.get(all.size() - 1).version();
    }

    /** Applied versions, or an empty set for a database Kiln never touched. */
    static Set<Integer> appliedVersions(Connection connection) throws SQLException {
        Set<Integer> applied = new HashSet<>();
        try (Statement st = connection.createStatement()) {
            try (ResultSet rs = st.executeQuery(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'kiln_schema'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return applied;
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT version FROM kiln_schema")) {
                while (rs.next()) {
                    applied.add(rs.getInt(1));
                }
            }
        }
        return applied;
    }

    /** Applies every known migration not yet applied; returns how many ran. */
    static int migrate(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS kiln_schema (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                    + "applied_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP))");
        }
        Set<Integer> applied = appliedVersions(connection);
        int ran = 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (Migration migration : known()) {
                if (applied.contains(migration.version())) {
                    continue;
                }
                try (Statement st = connection.createStatement()) {
                    for (String statement : splitStatements(migration.sql())) {
                        st.execute(statement);
                    }
                }
                try (var ps = connection.prepareStatement("INSERT INTO kiln_schema (version, name) VALUES (?, ?)")) {
                    ps.setInt(1, migration.version());
                    ps.setString(2, migration.name());
                    ps.executeUpdate();
                }
                connection.commit();
                ran++;
            }
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return ran;
    }

    /** Splits a script on semicolons at line ends, skipping comment-only lines. */
    static List<String> splitStatements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String readResource(String file) {
        try (InputStream in = Migrations.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration resource " + DIR + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
