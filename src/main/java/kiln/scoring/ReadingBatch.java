package kiln.scoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A reusable column batch of readings filled from a result set whose columns are id, time as epoch
 * microseconds, then one column per model feature. Missing values become NaN (the models' own
 * "missing" bin).
 */
final class ReadingBatch {

    final long[] ids;
    final long[] timeMicros;
    final double[][] columns;
    int size;

    ReadingBatch(int capacity, int features) {
        ids = new long[capacity];
        timeMicros = new long[capacity];
        columns = new double[features][capacity];
    }

    /** Reads up to the capacity from {@code rs}; returns false once nothing was left to read. */
    boolean fill(ResultSet rs) throws SQLException {
        size = 0;
        while (size < ids.length && rs.next()) {
            ids[size] = rs.getLong(1);
            timeMicros[size] = rs.getLong(2);
            for (int f = 0; f < columns.length; f++) {
                double v = rs.getDouble(3 + f);
                columns[f][size] = rs.wasNull() ? Double.NaN : v;
            }
            size++;
        }
        return size > 0;
    }

    LocalDateTime time(int row) {
        return toTime(timeMicros[row]);
    }

    static LocalDateTime toTime(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    static long toMicros(java.time.Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }
}
