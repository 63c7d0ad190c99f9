package kiln.cli.bench;

import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Random;

import kiln.store.KilnStore;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Seeded products drawn like the glassware scenario's first regime (uniform temperature and
 * duration, normal pressure, sensor noise 0.2, good iff temp 351..359, pressure 8..15 and duration
 * 28..32 on the raw values), appended to {@code sensor_reading} and {@code product_quality}.
 * Benchmarks and tests use it when they need more rows than the scenario has.
 */
public final class GlasswareRows {

    private static final LocalDateTime START = LocalDateTime.of(2019, 7, 1, 0, 0);

    private GlasswareRows() {}

    /** The first process time and the (exclusive) end of the time range {@code rows} products span. */
    public static LocalDateTime start() {
        return START;
    }

    public static LocalDateTime end(int rows) {
        return START.plusSeconds((rows + 2L) * 450);
    }

    /** Appends products {@code 1..rows} (pid 100000+id) on the writer thread. */
    public static void insert(KilnStore store, int rows, long seed) throws SQLException {
        store.write(conn -> {
            Random rng = new Random(seed);
            DuckDBConnection duck = conn.unwrap(DuckDBConnection.class);
            try (DuckDBAppender readings = duck.createAppender("main", "sensor_reading");
                    DuckDBAppender labels = duck.createAppender("main", "product_quality")) {
                for (int id = 1; id <= rows; id++) {
                    LocalDateTime time = START.plusSeconds(id * 450L + Math.round(rng.nextDouble() * 450));
                    double tempRaw = 350 + 10 * rng.nextDouble();
                    double pressureRaw = 12 + 2 * rng.nextGaussian();
                    double durationRaw = 28.5 + 4 * rng.nextDouble();
                    boolean good = tempRaw >= 351 && tempRaw <= 359 && pressureRaw >= 8 && pressureRaw <= 15
                            && durationRaw >= 28 && durationRaw <= 32;
                    long pid = 100_000L + id;
                    readings.beginRow().append(pid).append(1).append(time)
                            .append(tempRaw + 0.2 * rng.nextGaussian())
                            .append(pressureRaw + 0.2 * rng.nextGaussian())
                            .append(durationRaw + 0.2 * rng.nextGaussian())
                            .append((byte) (good ? 1 : 0)).endRow(); // label_code: the label is stored with it
                    labels.beginRow().append(pid).append(time.toLocalDate().plusDays(2).atStartOfDay()).append(good ? 1 : 0).endRow();
                }
            }
            return null;
        });
    }
}
