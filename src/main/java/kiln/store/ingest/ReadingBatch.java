package kiln.store.ingest;

import java.util.Arrays;

/**
 * A batch of glassware sensor readings held column by column (no object per row, so millions of
 * rows cost little). A NaN feature value is stored as NULL (a sensor that sent nothing).
 */
public final class ReadingBatch {

    long[] pid;
    int[] sensorId;
    long[] timeMicros;
    double[] temp;
    double[] pressure;
    double[] duration;
    int size;

    public ReadingBatch(int capacity) {
        int c = Math.max(1, capacity);
        pid = new long[c];
        sensorId = new int[c];
        timeMicros = new long[c];
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

    private void grow() {
        int c = pid.length * 2;
        pid = Arrays.copyOf(pid, c);
        sensorId = Arrays.copyOf(sensorId, c);
        timeMicros = Arrays.copyOf(timeMicros, c);
        temp = Arrays.copyOf(temp, c);
        pressure = Arrays.copyOf(pressure, c);
        duration = Arrays.copyOf(duration, c);
    }

    public int size() {
        return size;
    }

    public long pid(int i) {
        return pid[i];
    }

    public long timeMicros(int i) {
        return timeMicros[i];
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

    public void clear() {
        size = 0;
    }
}
