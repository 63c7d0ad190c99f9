package kiln.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Counts of (actual class, predicted class) over labelled predictions: {@code counts[a][p]}, rows
 * what it was, columns what the model said, both indexed by class code ({@code classes.get(code)}
 * names it). {@code first} and {@code last} are the times of the oldest and newest counted
 * prediction (null when nothing was counted).
 */
public record ConfusionCounts(List<String> classes, long[][] counts, Instant first, Instant last) {

    /** Nothing counted, no classes. */
    public static final ConfusionCounts EMPTY = new ConfusionCounts(List.of(), new long[0][0], null, null);

    public ConfusionCounts {
        classes = List.copyOf(classes);
        if (counts.length != classes.size()) {
            throw new IllegalArgumentException("Need " + classes.size() + " rows of counts, got " + counts.length);
        }
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != classes.size()) {
                throw new IllegalArgumentException("Row " + i + " has " + counts[i].length + " counts, need " + classes.size());
            }
            copy[i] = counts[i].clone();
        }
        counts = copy;
    }

    public int size() {
        return classes.size();
    }

    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** All labelled predictions counted. */
    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    public long correct() {
        long n = 0;
        for (int i = 0; i < counts.length; i++) {
            n += counts[i][i];
        }
        return n;
    }

    /** How many really were of class {@code actual}. */
    public long actualTotal(int actual) {
        long n = 0;
        for (long c : counts[actual]) {
            n += c;
        }
        return n;
    }

    /** How many the model said were of class {@code predicted}. */
    public long predictedTotal(int predicted) {
        long n = 0;
        for (long[] row : counts) {
            n += row[predicted];
        }
        return n;
    }

    /** Share of the class's rows the model got right; NaN when the class never occurred. */
    public double recall(int cls) {
        long n = actualTotal(cls);
        return n == 0 ? Double.NaN : (double) counts[cls][cls] / n;
    }

    /** Share of the model's calls of the class that were right; NaN when it never said that class. */
    public double precision(int cls) {
        long n = predictedTotal(cls);
        return n == 0 ? Double.NaN : (double) counts[cls][cls] / n;
    }

    /** Correct over all counted; NaN when nothing was counted. */
    public double accuracy() {
        long n = total();
        return n == 0 ? Double.NaN : (double) correct() / n;
    }

    public boolean isEmpty() {
        return total() == 0;
    }

    /** The largest single count (for scaling a heat colour). */
    public long maxCount() {
        long m = 0;
        for (long[] row : counts) {
            for (long c : row) {
                m = Math.max(m, c);
            }
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionCounts c && classes.equals(c.classes) && Arrays.deepEquals(counts, c.counts)
                && Objects.equals(first, c.first) && Objects.equals(last, c.last);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classes, Arrays.deepHashCode(counts), first, last);
    }

    @Override
    public String toString() {
        return "ConfusionCounts" + classes + Arrays.deepToString(counts) + " " + first + ".." + last;
    }
}
