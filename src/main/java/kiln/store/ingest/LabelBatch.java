package kiln.store.ingest;

import java.util.Arrays;

/** A batch of glassware quality labels, column by column. */
public final class LabelBatch {

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
}
