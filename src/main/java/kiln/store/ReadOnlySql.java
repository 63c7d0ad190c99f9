package kiln.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.domain.UserFacingException;

/**
 * Checks that SQL typed by a user only reads Kiln's own tables. DuckDB parses the text
 * ({@code json_serialize_sql} accepts nothing but SELECT statements), and the parse tree is walked:
 * every table must be one of the database's tables or a CTE, table functions must be harmless
 * generators, and nothing may name a file. So no write, no ATTACH, no COPY, no file reads.
 */
public final class ReadOnlySql {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ALLOWED_TABLE_FUNCTIONS = Set.of(
            "range", "generate_series", "unnest", "duckdb_tables", "duckdb_columns", "duckdb_views",
            "duckdb_types", "duckdb_functions", "duckdb_constraints", "duckdb_indexes", "duckdb_schemas");
    private static final String[] FORBIDDEN_FUNCTION_PREFIXES = {
            "read_", "glob", "sniff_csv", "parquet_", "copy", "export", "import", "load", "install", "getenv", "query"
    };

    private ReadOnlySql() {}

    /** Thrown with a message that says what is not allowed. */
    public static final class RejectedSqlException extends UserFacingException {
        private static final long serialVersionUID = 1L;

        public RejectedSqlException(String message) {
            super(message);
        }
    }

    /**
     * Validates {@code sql} against the database behind {@code connection}.
     *
     * @throws RejectedSqlException if the text is not a single read-only query of Kiln's tables
     */
    public static void check(Connection connection, String sql) throws SQLException {
        if (sql == null || sql.isBlank()) {
            throw new RejectedSqlException("The query is empty.");
        }
        String json;
        try (PreparedStatement ps = connection.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            ps.setString(1, sql);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                json = rs.getString(1);
            }
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (IOException e) {
            throw new RejectedSqlException("The query could not be parsed.");
        }
        if (tree.path("error").asBoolean(false)) {
            String message = tree.path("error_message").asText("");
            if (message.contains("Only SELECT statements")) {
                throw new RejectedSqlException("Only SELECT queries are allowed here: Kiln's SQL console never writes, attaches or copies.");
            }
            throw new RejectedSqlException("Syntax error: " + message);
        }
        JsonNode statements = tree.path("statements");
        if (statements.size() != 1) {
            throw new RejectedSqlException("Give exactly one query (found " + statements.size() + ").");
        }
        Set<String> tables = knownTables(connection);
        Set<String> ctes = new HashSet<>();
        collectCteNames(tree, ctes);
        walk(tree, tables, ctes);
    }

    private static Set<String> knownTables(Connection connection) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables")) {
            while (rs.next()) {
                names.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static void collectCteNames(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            JsonNode map = node.path("cte_map").path("map");
            for (JsonNode entry : map) {
                out.add(entry.path("key").asText().toLowerCase(Locale.ROOT));
            }
            for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
                collectCteNames(it.next(), out);
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                collectCteNames(child, out);
            }
        }
    }

    private static void walk(JsonNode node, Set<String> tables, Set<String> ctes) {
        if (node.isObject()) {
            String type = node.path("type").asText("");
            if ("BASE_TABLE".equals(type)) {
                String name = node.path("table_name").asText("");
                String catalog = node.path("catalog_name").asText("");
                String lower = name.toLowerCase(Locale.ROOT);
                if (!catalog.isEmpty() && !"memory".equals(catalog) && !tables.contains(lower)) {
                    throw new RejectedSqlException("Only this database's tables can be read, not " + catalog + "." + name + ".");
                }
                if (!tables.contains(lower) && !ctes.contains(lower)) {
                    if (name.contains(".") || name.contains("/") || name.contains("\\")) {
                        throw new RejectedSqlException("Reading files is not allowed here: '" + name + "'.");
                    }
                    throw new RejectedSqlException("Unknown table '" + name + "'.");
                }
            } else if ("TABLE_FUNCTION".equals(type)) {
                String fn = node.path("function").path("function_name").asText("").toLowerCase(Locale.ROOT);
                if (!ALLOWED_TABLE_FUNCTIONS.contains(fn)) {
                    throw new RejectedSqlException("The table function " + fn + "() is not allowed here; only Kiln's tables can be read.");
                }
            }
            String fn = node.path("function_name").asText("").toLowerCase(Locale.ROOT);
            for (String prefix : FORBIDDEN_FUNCTION_PREFIXES) {
                if (!fn.isEmpty() && fn.startsWith(prefix) && !ALLOWED_TABLE_FUNCTIONS.contains(fn)) {
                    throw new RejectedSqlException("The function " + fn + "() is not allowed here.");
                }
            }
            for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
                walk(it.next(), tables, ctes);
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                walk(child, tables, ctes);
            }
        }
    }
}
