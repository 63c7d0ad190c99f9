package kiln.cli.bench;

import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.SplittableRandom;

import kiln.store.KilnStore;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A fleet of glassware-like sensors, each with its own process and quality rule: sensor s runs its
 * temperature around its own set point (340 + s mod 40 °C, ± 8) and its products are good when the
 * temperature is within 4 °C of it and pressure and duration are in the usual bands. One product per
 * sensor every {@value #STEP_SECONDS} s, appended to {@code sensor_reading} (sensor_id = s) and
 * {@code product_quality}; seeded, so the same sizes give the same rows.
 */
final class FleetRows {

    static final LocalDateTime START = LocalDateTime.of(2019, 7, 1, 0, 0);
    static final int STEP_SECONDS = 60;

    private FleetRows() {}

    /** The (exclusive) end of the time range {@code rowsPerSensor} products per sensor span. */
    static LocalDateTime end(int rowsPerSensor) {
        return START.plusSeconds((rowsPerSensor + 1L) * STEP_SECONDS);
    }

    static void insert(KilnStore store, int sensors, int rowsPerSensor, long seed) throws SQLException {
        store.write(conn -> {
            SplittableRandom rng = new SplittableRandom(seed);
            DuckDBConnection duck = conn.unwrap(DuckDBConnection.class);
            try (DuckDBAppender readings = duck.createAppender("main", "sensor_reading");
                    DuckDBAppender labels = duck.createAppender("main", "product_quality")) {
                long pid = 100_000L;
                for (int i = 0; i < rowsPerSensor; i++) {
                    for (int s = 1; s <= sensors; s++) {
                        LocalDateTime time = START.plusSeconds(i * (long) STEP_SECONDS + (s % STEP_SECONDS));
                        double setPoint = 340 + s % 40;
                        double temp = setPoint - 8 + 16 * rng.nextDouble();
                        double pressure = 12 + 2 * gauss(rng);
                        double duration = 28.5 + 4 * rng.nextDouble();
                        boolean good = Math.abs(temp - setPoint) < 4 && pressure >= 8 && pressure <= 15 && duration >= 28 && duration <= 32;
                        pid++;
                        readings.beginRow().append(pid).append(s).append(time).append(temp + 0.2 * gauss(rng))
                                .append(pressure + 0.2 * gauss(rng)).append(duration + 0.2 * gauss(rng)).append((byte) (good ? 1 : 0)).endRow();
                        labels.beginRow().append(pid).append(time.toLocalDate().plusDays(2).atStartOfDay()).append(good ? 1 : 0).endRow();
                    }
                }
            }
            return null;
        });
    }

    private static double gauss(SplittableRandom rng) {
        double u = Math.max(rng.nextDouble(), 1e-12);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
