package kiln.scoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A reusable column batch of readings filled from a result set whose columns are id, time as epoch
 * microseconds, (for a family's scoring) the number of the reading's group among the family's groups,
 * then one column per model feature. Numeric values land in {@link #columns} (missing
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
    /**
     * Each row's group as a number (the query's third column; -1 when NULL: a group the family has no
     * member for) when the query has one; else null. A number, not the key's text: reading a string per
     * row cost the family's catch-up more than predicting it.
     */
    final int[] groups;
    private final int firstFeature;
    int size;

    /** @param categorical per feature, whether it is categorical */
    ReadingBatch(int capacity, boolean[] categorical) {
        this(capacity, categorical, false);
    }

    /** @param grouped whether the query's third column is the group's number (the features follow it) */
    ReadingBatch(int capacity, boolean[] categorical, boolean grouped) {
        groups = grouped ? new int[capacity] : null;
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
                int g = rs.getInt(3);
                groups[size] = rs.wasNull() ? -1 : g;
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

    static long toMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }
}
