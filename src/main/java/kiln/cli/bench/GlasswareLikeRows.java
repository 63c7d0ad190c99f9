package kiln.cli.bench;

import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;

import kiln.store.KilnStore;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Synthetic readings shaped like the glassware scenario's first regime (temp 350..360, pressure
 * 12 ± 2, duration 28.5..32.5, sensor noise 0.2; good iff raw temp 351..359, pressure 8..15 and
 * duration 28..32), spread evenly over {@link #SPAN_DAYS} days from 2019-07-01 whatever the row count,
 * so per-day views see the scenario's number of days. Labels arrive two days after the reading, so
 * the last two days stay unlabelled. Written through the Appender on the writer thread.
 */
public final class GlasswareLikeRows {

    public static final LocalDateTime START = LocalDateTime.of(2019, 7, 1, 0, 0);
    public static final int SPAN_DAYS = 42;
    private static final long FIRST_PID = 100_001L;

    private GlasswareLikeRows() {}

    /** Appends {@code rows} readings and their known labels; returns how many labels were written. */
    public static long load(KilnStore store, long rows, long seed) throws SQLException {
        return store.write(conn -> {
            DuckDBConnection duck = conn.unwrap(DuckDBConnection.class);
            Random random = new Random(seed);
            long spanMicros = SPAN_DAYS * 86_400_000_000L;
            long stepMicros = Math.max(1, spanMicros / Math.max(1, rows));
            long startMicros = START.toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
            long lastLabelled = START.plusDays(SPAN_DAYS - 2).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
            long labels = 0;
            try (DuckDBAppender readings = duck.createAppender("main", "sensor_reading");
                    DuckDBAppender quality = duck.createAppender("main", "product_quality")) {
                for (long i = 0; i < rows; i++) {
                    long t = startMicros + i * stepMicros + (long) (random.nextDouble() * stepMicros);
                    double tempRaw = 350 + 10 * random.nextDouble();
                    double pressureRaw = 12 + 2 * random.nextGaussian();
                    double durationRaw = 28.5 + 4 * random.nextDouble();
                    long pid = FIRST_PID + i;
                    readings.beginRow();
                    readings.append(pid);
                    readings.append(1 + (int) (i % 4));
                    readings.append(LocalDateTime.ofEpochSecond(Math.floorDiv(t, 1_000_000L), (int) Math.floorMod(t, 1_000_000L) * 1000,
                            ZoneOffset.UTC));
                    readings.append(tempRaw + 0.2 * random.nextGaussian());
                    readings.append(pressureRaw + 0.2 * random.nextGaussian());
                    readings.append(durationRaw + 0.2 * random.nextGaussian());
                    boolean labelled = t < lastLabelled;
                    boolean good = tempRaw >= 351 && tempRaw <= 359 && pressureRaw >= 8 && pressureRaw <= 15
                            && durationRaw >= 28 && durationRaw <= 32;
                    if (labelled) {
                        readings.append((byte) (good ? 1 : 0)); // label_code: the state ingest leaves once the label landed
                    } else {
                        readings.appendNull();
                    }
                    readings.endRow();
                    if (labelled) {
                        LocalDateTime checked = LocalDateTime.ofEpochSecond(Math.floorDiv(t, 1_000_000L), 0, ZoneOffset.UTC)
                                .toLocalDate().plusDays(2).atStartOfDay();
                        quality.beginRow();
                        quality.append(pid);
                        quality.append(checked);
                        quality.append(good ? 1 : 0);
                        quality.endRow();
                        labels++;
                    }
                }
            }
            return labels;
        });
    }
}
