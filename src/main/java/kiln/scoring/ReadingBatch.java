package kiln.scoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A reusable column batch of readings filled from a result set whose columns are id, time as epoch
 * microseconds, (for a family's scoring) the reading's group key as text, then one column per model feature. Numeric values land in {@link #columns} (missing
 * ones as NaN, the models' own "missing" bin); categorical ones, as text, in {@link #categories}
 * (null when missing), which each model codes with its own categories.
 */
final class ReadingBatch {

    final long[] ids;
    final long[] timeMicros;
    /** Numeric features' values ({@code columns[f][row]}); null at a categorical feature. */
    final double[][] columns;
    /** Categorical features' values ({@code categories[f][row]}); null at a numeric feature. */
    final String[][] categories;
    /** Each row's group key when the query's third column is one; else null. */
    final String[] groups;
    private final int firstFeature;
    int size;

    /** @param categorical per feature, whether it is categorical */
    ReadingBatch(int capacity, boolean[] categorical) {
        this(capacity, categorical, false);
    }

    /** @param grouped whether the query's third column is the group key (the features follow it) */
    ReadingBatch(int capacity, boolean[] categorical, boolean grouped) {
        groups = grouped ? new String[capacity] : null;
        firstFeature = grouped ? 4 : 3;
        ids = new long[capacity];
        timeMicros = new long[capacity];
        columns = new double[categorical.length][];
        categories = new String[categorical.length][];
        for (int f = 0; f < categorical.length; f++) {
            if (categorical[f]) {
                categories[f] = new String[capacity];
            } else {
                columns[f] = new double[capacity];
            }
        }
    }

    /** Reads up to the capacity from {@code rs}; returns false once nothing was left to read. */
    boolean fill(ResultSet rs) throws SQLException {
        size = 0;
        while (size < ids.length && rs.next()) {
            ids[size] = rs.getLong(1);
            timeMicros[size] = rs.getLong(2);
            if (groups != null) {
                groups[size] = rs.getString(3);
            }
            for (int f = 0; f < columns.length; f++) {
                if (categories[f] != null) {
                    categories[f][size] = rs.getString(firstFeature + f);
                } else {
                    double v = rs.getDouble(firstFeature + f);
                    columns[f][size] = rs.wasNull() ? Double.NaN : v;
                }
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
