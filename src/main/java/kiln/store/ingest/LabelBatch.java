package kiln.store.ingest;

import java.sql.SQLException;
import java.util.Arrays;

import org.duckdb.DuckDBAppender;

/** A batch of glassware quality labels, column by column. */
public final class LabelBatch extends ColumnarBatch {

    int[] quality;

    public LabelBatch(int capacity) {
        super(capacity);
        int c = pid.length;
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

    /** Appends every row of {@code other}. */
    public void addAll(LabelBatch other) {
        for (int i = 0; i < other.size; i++) {
            add(other.pid[i], other.timeMicros[i], other.quality[i]);
        }
    }

    public int quality(int i) {
        return quality[i];
    }

    /** Columns in product_quality order: pid, qualitycheck_time, quality. */
    @Override
    void appendTo(DuckDBAppender a) throws SQLException {
        for (int i = 0; i < size; i++) {
            a.beginRow();
            a.append(pid[i]);
            a.appendEpochMicros(timeMicros[i]);
            a.append(quality[i]);
            a.endRow();
        }
    }
}
