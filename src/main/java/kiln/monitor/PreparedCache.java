package kiln.monitor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepared statements of the monitor's hot path kept across updates on the store's (single) writer
 * connection: planning the window summaries costs DuckDB more than running them on an hour of rows.
 * {@link #prepare} hands out a view whose close() only clears the parameters, so callers keep their
 * try-with-resources. Only SQL whose text is stable belongs here (no literals that change per call).
 * A statement DuckDB closed (after a failed execute) or one of another connection is prepared anew.
 */
final class PreparedCache implements AutoCloseable {
    private static final int MAX_STATEMENTS = 64;

    private Connection owner;
    private final Map<String, PreparedStatement> bySql = new LinkedHashMap<>(16, 0.75f, true);

    synchronized PreparedStatement prepare(Connection conn, String sql) throws SQLException {
        if (conn != owner) {
            close();
            owner = conn;
        }
        PreparedStatement ps = bySql.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = conn.prepareStatement(sql);
            bySql.put(sql, ps);
            if (bySql.size() > MAX_STATEMENTS) {
                var eldest = bySql.entrySet().iterator().next();
                closeQuietly(eldest.getValue());
                bySql.remove(eldest.getKey());
            }
        }
        return keepOpen(ps, sql);
    }

    private static final boolean TRACE_SQL = "sql".equals(System.getenv("KILN_MONITOR_TRACE"));
    /** With KILN_SQL_FULL set, the traced statements are printed whole, not cut at 90 characters. */
    private static final boolean TRACE_SQL_FULL = System.getenv("KILN_SQL_FULL") != null;
    private static final Logger TRACE_LOG = LoggerFactory.getLogger("kiln.trace.sql");

    private static PreparedStatement keepOpen(PreparedStatement target, String sql) {
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        if (!target.isClosed()) {
                            target.clearParameters();
                        }
                        return null;
                    }
                    try {
                        if (TRACE_SQL && method.getName().startsWith("execute")) {
                            long t0 = System.nanoTime();
                            Object result = method.invoke(target, args);
                            TRACE_LOG.debug(String.format(Locale.ROOT, "sql %6.2f ms %s", (System.nanoTime() - t0) / 1e6,
                                    sql.length() > 90 && !TRACE_SQL_FULL ? sql.substring(0, 90) : sql));
                            return result;
                        }
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public synchronized void close() {
        bySql.values().forEach(PreparedCache::closeQuietly);
        bySql.clear();
        owner = null;
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            // already unusable; nothing to release
        }
    }
}
