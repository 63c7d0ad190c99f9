package kiln.cli;

import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;

import kiln.domain.UserFacingException;
import kiln.store.KilnStore;
import kiln.store.ReadOnlySql;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiln sql "<query>"}: a read-only query over Kiln's tables. */
@Command(name = "sql", description = "Run a read-only SQL query (SELECT only; no writes, attaches or file access).")
public final class SqlCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The SELECT query.")
    String query;

    @Option(names = "--json", description = "Print the rows as a JSON array of objects.")
    boolean json;

    @Option(names = "--limit", defaultValue = "1000", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
    int limit;

    @Spec
    CommandSpec spec;

    /** A query the user typed that DuckDB rejects (unknown column, type error) is the user's to fix. */
    private static ResultSet executeUserQuery(Statement st, String sql) {
        try {
            return st.executeQuery(sql);
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            int nl = message.indexOf('\n');
            throw new UserFacingException("The query failed: " + (nl < 0 ? message : message.substring(0, nl)), e);
        }
    }

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        try (KilnStore db = store.open()) {
            return db.read(conn -> {
                ReadOnlySql.check(conn, query);
                try (Statement st = conn.createStatement()) {
                    st.setMaxRows(limit + 1);
                    try (ResultSet rs = executeUserQuery(st, query)) {
                        TablePrinter.Table table = TablePrinter.read(rs, limit);
                        if (json) {
                            TablePrinter.printJson(table, out);
                        } else {
                            TablePrinter.printText(table, out);
                        }
                    }
                }
                return 0;
            });
        }
    }
}
