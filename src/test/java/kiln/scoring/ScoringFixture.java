package kiln.scoring;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import kiln.cli.bench.GlasswareRows;
import kiln.domain.ProgressSink;
import kiln.ml.DataWindow;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.sweep.SweepResult;
import kiln.ml.sweep.SweepRunner;
import kiln.ml.sweep.SweepSpec;
import kiln.store.KilnStore;

/**
 * Seeded glassware rows, two trained CART runs (depth 2 and depth 6) on the first four days, and the
 * readings moved to a staging table so a test can feed them back in batches like a live stream.
 */
public final class ScoringFixture {

    public static final int ROWS = 4000;
    public static final LocalDateTime START = GlasswareRows.start();

    private ScoringFixture() {}

    /** Returns the run ids of the shallow and the deep tree. */
    public static long[] trainTwoRuns(KilnStore store) throws Exception {
        GlasswareRows.insert(store, ROWS, 11);
        SweepSpec spec = SweepSpec.parse("""
                name: scoring-test
                seed: 5
                split: random:0.2
                trainers:
                  - trainer: cart
                    grid:
                      maxDepth: [2, 6]
                """, "scoring-test.yaml");
        SweepResult result = new SweepRunner(store).run(new SweepRequest(spec, "glassware",
                new DataWindow(START, START.plusDays(4)), List.of(), 1), ProgressSink.NONE, SweepListener.NONE);
        return result.outcomes().stream().mapToLong(o -> o.run().runId()).toArray();
    }

    /** Moves every reading to {@code staged_reading}, leaving {@code sensor_reading} empty. */
    public static void stageReadings(KilnStore store) throws Exception {
        store.write(conn -> {
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE staged_reading AS SELECT * FROM sensor_reading");
                st.execute("DELETE FROM sensor_reading");
            }
            return null;
        });
    }

    /** Streams in the staged readings with process_time before {@code until} that are not in yet. */
    public static long arriveUntil(KilnStore store, LocalDateTime until) throws Exception {
        return store.write(conn -> {
            try (var ps = conn.prepareStatement("INSERT INTO sensor_reading SELECT s.* FROM staged_reading s "
                    + "WHERE s.process_time < ? AND s.pid NOT IN (SELECT pid FROM sensor_reading) ORDER BY s.process_time")) {
                ps.setObject(1, until);
                return (long) ps.executeUpdate();
            }
        });
    }

    public static Instant instant(LocalDateTime t) {
        return t.toInstant(ZoneOffset.UTC);
    }

    public static long count(KilnStore store, String sql) throws Exception {
        return store.read(conn -> {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
