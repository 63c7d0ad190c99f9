package kiln.store.ingest;

import java.sql.SQLException;
import java.util.Arrays;

import org.duckdb.DuckDBAppender;

/** A batch of glassware quality labels, column by column. */
public final class LabelBatch implements AppendableRows {

    long[] pid;
    long[] timeMicros;
    int[] quality;
    int size;

    public LabelBatch(int capacity) {
        int c = Math.max(1, capacity);
        pid = new long[c];
        timeMicros = new long[c];
        quality = new int[c];
    }

    public void add(long pid, long qualitycheckTimeMicros, int quality) {
        if (size == this.pid.length) {
            int c = this.pid.length * 2;
            this.pid = Arrays.copyOf(this.pid, c);
            timeMicros = Arrays.copyOf(timeMicros, c);
            this.quality = Arrays.copyOf(this.quality, c);
        }
        this.pid[size] = pid;
        timeMicros[size] = qualitycheckTimeMicros;
        this.quality[size] = quality;
        size++;
    }

    public int size() {
        return size;
    }

    public long pid(int i) {
        return pid[i];
    }

    public int quality(int i) {
        return quality[i];
    }

    public long timeMicros(int i) {
        return timeMicros[i];
    }

    public void clear() {
        size = 0;
    }

    @Override
    public long[] pids() {
        return pid;
    }

    /** Columns in product_quality order: pid, qualitycheck_time, quality. */
    @Override
    public void appendTo(DuckDBAppender a) throws SQLException {
        for (int i = 0; i < size; i++) {
            a.beginRow();
            a.append(pid[i]);
            a.appendEpochMicros(timeMicros[i]);
            a.append(quality[i]);
            a.endRow();
        }
    }
}
