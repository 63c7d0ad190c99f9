package kiln.store.ingest;

import java.sql.SQLException;
import java.util.Arrays;

import org.duckdb.DuckDBAppender;

/**
 * A batch of glassware sensor readings held column by column (no object per row, so millions of
 * rows cost little). A NaN feature value is stored as NULL (a sensor that sent nothing).
 */
public final class GlasswareReadingBatch extends ColumnarBatch {

    int[] sensorId;
    double[] temp;
    double[] pressure;
    double[] duration;

    public GlasswareReadingBatch(int capacity) {
        super(capacity);
        int c = pid.length;
        sensorId = new int[c];
        temp = new double[c];
        pressure = new double[c];
        duration = new double[c];
    }

    public void add(long pid, int sensorId, long timeMicros, double temp, double pressure, double duration) {
        if (size == this.pid.length) {
            grow();
        }
        this.pid[size] = pid;
        this.sensorId[size] = sensorId;
        this.timeMicros[size] = timeMicros;
        this.temp[size] = temp;
        this.pressure[size] = pressure;
        this.duration[size] = duration;
        size++;
    }

    /** Appends every row of {@code other}. */
    public void addAll(GlasswareReadingBatch other) {
        for (int i = 0; i < other.size; i++) {
            add(other.pid[i], other.sensorId[i], other.timeMicros[i], other.temp[i], other.pressure[i], other.duration[i]);
        }
    }

    private void grow() {
        int c = pid.length * 2;
        pid = Arrays.copyOf(pid, c);
        sensorId = Arrays.copyOf(sensorId, c);
        timeMicros = Arrays.copyOf(timeMicros, c);
        temp = Arrays.copyOf(temp, c);
        pressure = Arrays.copyOf(pressure, c);
        duration = Arrays.copyOf(duration, c);
    }

    public double temp(int i) {
        return temp[i];
    }

    public double pressure(int i) {
        return pressure[i];
    }

    public double duration(int i) {
        return duration[i];
    }

    /**
     * Columns in sensor_reading order: pid, sensor_id, process_time, temp, pressure, duration, and
     * label_code NULL (a label lands later and codes the row; see {@link LabelCodes}).
     */
    @Override
    void appendTo(DuckDBAppender a) throws SQLException {
        for (int i = 0; i < size; i++) {
            a.beginRow();
            a.append(pid[i]);
            a.append(sensorId[i]);
            a.appendEpochMicros(timeMicros[i]);
            appendNullable(a, temp[i]);
            appendNullable(a, pressure[i]);
            appendNullable(a, duration[i]);
            a.appendNull();
            a.endRow();
        }
    }

    private static void appendNullable(DuckDBAppender a, double v) throws SQLException {
        if (Double.isNaN(v)) {
            a.appendNull();
        } else {
            a.append(v);
        }
    }
}
