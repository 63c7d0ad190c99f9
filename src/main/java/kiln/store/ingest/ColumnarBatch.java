package kiln.store.ingest;

import java.sql.SQLException;

import org.duckdb.DuckDBAppender;

/**
 * A batch of rows held column by column, keyed by pid with a time per row; subclasses add their
 * columns and append them in their table's column order.
 */
public abstract class ColumnarBatch {

    long[] pid;
    long[] timeMicros;
    int size;

    ColumnarBatch(int capacity) {
        int c = Math.max(1, capacity);
        pid = new long[c];
        timeMicros = new long[c];
    }

    public final int size() {
        return size;
    }

    public final long pid(int i) {
        return pid[i];
    }

    public final long timeMicros(int i) {
        return timeMicros[i];
    }

    public final void clear() {
        size = 0;
    }

    /** The pids, valid up to {@link #size()}. */
    final long[] pids() {
        return pid;
    }

    abstract void appendTo(DuckDBAppender appender) throws SQLException;
}
