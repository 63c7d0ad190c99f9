package kiln.ml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one categorical feature reaches the trees: each category seen in the training window gets an
 * ordinal code, ordered by the category's (smoothed) label rate, so a threshold split on the code is
 * a split of the categories into low-rate and high-rate ones (for a binary label the best split of
 * categories into two groups is always of this form). One code is the "other" bucket: categories too
 * rare to get their own code, and any category the window never had (an unseen category when
 * scoring); it sits in the order at its own rate, or at the window's overall rate when it holds no
 * rows, so an unseen category is treated as an average one. A missing value is NaN, the models'
 * missing bin, as for numeric features. See docs/decisions/0007-categorical-features.md.
 *
 * <p>Codes run 1..{@link #codeCount()}; {@link #values()} lists the category of each code (code
 * {@code i + 1} is {@code values().get(i)}) with null at the other bucket's place, which is also
 * how the model artifact stores it. Instances are immutable.
 */
public final class CategoryCodes {

    /** At most this many categories get their own code (with the other bucket it stays under {@link FeatureBins#MAX_BINS}). */
    public static final int MAX_CATEGORIES = FeatureBins.MAX_BINS - 3;
    /** A category with fewer training rows than this goes to the other bucket: its rate would be mostly noise. */
    public static final long MIN_ROWS = 5;
    /** Rates are smoothed towards the overall rate as if each category had this many more rows at that rate. */
    static final double PRIOR_ROWS = 10;

    private final List<String> values;
    private final Map<String, Integer> codes;
    private final int otherCode;

    private CategoryCodes(List<String> values) {
        this.values = Collections.unmodifiableList(new ArrayList<>(values));
        this.codes = new HashMap<>();
        int other = -1;
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v == null) {
                if (other > 0) {
                    throw new IllegalArgumentException("A category list has one other bucket (null), not several: " + values);
                }
                other = i + 1;
            } else if (codes.put(v, i + 1) != null) {
                throw new IllegalArgumentException("Category '" + v + "' is listed twice");
            }
        }
        if (other < 0) {
            throw new IllegalArgumentException("A category list needs its other bucket (null): " + values);
        }
        this.otherCode = other;
    }

    /** Codes as stored: the category of each code from 1, null at the other bucket. */
    public static CategoryCodes of(List<String> values) {
        return new CategoryCodes(values);
    }

    /**
     * Codes from a training window's counts: {@code counts.get(category)[k]} rows of the category have
     * class code {@code k}. Binary labels order by the rate of class 1; multi-class labels by the share of
     * the class whose share varies most between the categories.
     */
    public static CategoryCodes fromCounts(Map<String, long[]> counts, int classCount) {
        long[] total = new long[classCount];
        long rows = 0;
        for (long[] c : counts.values()) {
            for (int k = 0; k < classCount; k++) {
                total[k] += c[k];
                rows += c[k];
            }
        }
        int target = classCount <= 2 ? 1 : mostVaryingClass(counts, total, rows, classCount);
        double overall = rows == 0 ? 0 : (double) total[target] / rows;
        List<Map.Entry<String, long[]>> byRows = new ArrayList<>(counts.entrySet());
        byRows.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -sum(e.getValue())).thenComparing(Map.Entry::getKey));
        record Slot(String value, double rate) {
        }
        List<Slot> slots = new ArrayList<>();
        long otherRows = 0;
        long otherTarget = 0;
        for (Map.Entry<String, long[]> e : byRows) {
            long n = sum(e.getValue());
            if (slots.size() < MAX_CATEGORIES && n >= MIN_ROWS) {
                slots.add(new Slot(e.getKey(), smoothed(e.getValue()[target], n, overall)));
            } else {
                otherRows += n;
                otherTarget += e.getValue()[target];
            }
        }
        slots.add(new Slot(null, smoothed(otherTarget, otherRows, overall)));
        // Ties keep a fixed order (the other bucket after the categories at the same rate, then by name).
        slots.sort(Comparator.comparingDouble(Slot::rate).thenComparing(s -> s.value() == null)
                .thenComparing(s -> s.value() == null ? "" : s.value()));
        return new CategoryCodes(slots.stream().map(Slot::value).toList());
    }

    private static double smoothed(long hits, long n, double overall) {
        return (hits + PRIOR_ROWS * overall) / (n + PRIOR_ROWS);
    }

    /** The class whose share differs most between categories (row-weighted variance of the shares). */
    private static int mostVaryingClass(Map<String, long[]> counts, long[] total, long rows, int classCount) {
        int best = 0;
        double bestVariance = -1;
        for (int k = 0; k < classCount; k++) {
            double mean = rows == 0 ? 0 : (double) total[k] / rows;
            double variance = 0;
            for (long[] c : counts.values()) {
                long n = sum(c);
                if (n > 0) {
                    double d = (double) c[k] / n - mean;
                    variance += n * d * d;
                }
            }
            if (variance > bestVariance) {
                bestVariance = variance;
                best = k;
            }
        }
        return best;
    }

    private static long sum(long[] c) {
        long n = 0;
        for (long v : c) {
            n += v;
        }
        return n;
    }

    /** The code of a value: NaN when missing, the other bucket's code for a category without its own. */
    public double code(String value) {
        if (value == null) {
            return Double.NaN;
        }
        Integer c = codes.get(value);
        return c == null ? otherCode : c;
    }

    /** Codes of {@code values[0, n)}. */
    public double[] codes(String[] values, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = code(values[i]);
        }
        return out;
    }

    /** Codes run 1..codeCount (the other bucket included). */
    public int codeCount() {
        return values.size();
    }

    public int otherCode() {
        return otherCode;
    }

    /** The category of each code from 1, null at the other bucket. */
    public List<String> values() {
        return values;
    }

    /** Whether {@code value} has a code of its own (was common enough in training). */
    public boolean known(String value) {
        return codes.containsKey(value);
    }

    /** Bin edges that bin code c into bin c (edges halfway between codes), so codes pass through {@link FeatureBins} unchanged. */
    public double[] binEdges() {
        double[] edges = new double[values.size() - 1];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = i + 1.5;
        }
        return edges;
    }

    /**
     * The values for SQL's {@code list_position}: the other bucket's place holds a text no category of
     * this list has (an unseen category that happened to equal it would land in the other bucket anyway).
     */
    public List<String> sqlValues() {
        String placeholder = "(other)";
        while (codes.containsKey(placeholder)) {
            placeholder = "(" + placeholder + ")";
        }
        List<String> out = new ArrayList<>(values);
        out.set(otherCode - 1, placeholder);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoryCodes c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
