package kiln.drift;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Multiple-testing corrections for the per-feature p-values: with 40 features tested at 1 % each,
 * about one in three stable windows would otherwise flag some feature by chance.
 *
 * <p>Bonferroni controls the chance of any false flag (adjusted p = min(1, m·p)); Benjamini–Hochberg
 * controls the expected share of false flags among the flagged (adjusted p(i) = min over j >= i of
 * m·p(j)/j, with p sorted ascending) and so keeps more power when many features really drift.
 */
public enum MultipleTesting {
    BONFERRONI, BENJAMINI_HOCHBERG, NONE;

    /** Adjusted p-values in the input order (NaN inputs, i.e. untested features, stay NaN and do not count). */
    public double[] adjust(double[] pValues) {
        int[] tested = IntStream.range(0, pValues.length).filter(i -> !Double.isNaN(pValues[i])).toArray();
        int m = tested.length;
        double[] adjusted = new double[pValues.length];
        Arrays.fill(adjusted, Double.NaN);
        switch (this) {
            case NONE -> {
                for (int i : tested) {
                    adjusted[i] = pValues[i];
                }
            }
            case BONFERRONI -> {
                for (int i : tested) {
                    adjusted[i] = Math.min(1.0, pValues[i] * m);
                }
            }
            case BENJAMINI_HOCHBERG -> {
                Integer[] order = Arrays.stream(tested).boxed().toArray(Integer[]::new);
                Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
                double running = 1.0;
                for (int rank = m; rank >= 1; rank--) {
                    int i = order[rank - 1];
                    running = Math.min(running, pValues[i] * m / rank);
                    adjusted[i] = running;
                }
            }
            default -> throw new IllegalStateException();
        }
        return adjusted;
    }

    /** Which hypotheses are rejected at level alpha after the correction. */
    public boolean[] reject(double[] pValues, double alpha) {
        double[] adjusted = adjust(pValues);
        boolean[] rejected = new boolean[pValues.length];
        for (int i = 0; i < adjusted.length; i++) {
            rejected[i] = adjusted[i] <= alpha;
        }
        return rejected;
    }
}
