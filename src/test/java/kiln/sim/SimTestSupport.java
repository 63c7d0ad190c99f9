package kiln.sim;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import kiln.domain.ProgressSink;
import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioReader;
import kiln.store.KilnStore;

/** Shared helpers for simulator tests: run a scenario into a file, compare tables of two files in SQL. */
public final class SimTestSupport {

    private SimTestSupport() {}

    public static SimulationSummary simulate(Path db, String scenario, long seed, Instant until) throws Exception {
        Scenario s = ScenarioReader.resolve(scenario);
        try (KilnStore store = KilnStore.open(db)) {
            SimulationEngine engine = new SimulationEngine(store, s, seed, SimulationEngine.clockFor(s, SimulationClock.MAX));
            if (until != null) {
                engine.until(until);
            }
            return engine.run(ProgressSink.NONE);
        }
    }

    /** Rows in either table but not in the other (both files closed). 0 means identical contents. */
    public static long differingRows(Path a, Path b, String tableA, String tableB) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("ATTACH '" + a + "' AS a (READ_ONLY)");
            st.execute("ATTACH '" + b + "' AS b (READ_ONLY)");
            String x = "a.main." + tableA;
            String y = "b.main." + tableB;
            try (ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM (SELECT * FROM " + x + " EXCEPT ALL SELECT * FROM " + y
                    + ")) + (SELECT count(*) FROM (SELECT * FROM " + y + " EXCEPT ALL SELECT * FROM " + x + "))")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static long count(KilnStore store, String sql) throws SQLException {
        return store.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    public static double number(KilnStore store, String sql) throws SQLException {
        return store.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getDouble(1);
            }
        });
    }
}
