package kiln.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How a window is divided into training and test rows. Text form (stored in {@code run.split}):
 * {@code random:0.2} (seeded random hold-out, the seed's 80/20 default), {@code time:0.2} (the last
 * 20 % of the window by time) or {@code kfold:5}.
 */
public record SplitSpec(Kind kind, double testFraction, int folds) {

    public enum Kind {
        RANDOM, TIME, KFOLD
    }

    public static final SplitSpec DEFAULT = new SplitSpec(Kind.RANDOM, 0.2, 1);

    public SplitSpec {
        if (kind == Kind.KFOLD ? folds < 2 || folds > 100 : !(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException(kind == Kind.KFOLD ? "k-fold needs 2..100 folds, not " + folds
                    : "The test share must be between 0 and 1 (exclusive), not " + testFraction);
        }
    }

    /** @throws IllegalArgumentException explaining the accepted forms */
    public static SplitSpec parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String kind = colon < 0 ? t : t.substring(0, colon);
        String arg = colon < 0 ? "" : t.substring(colon + 1).trim();
        try {
            return switch (kind) {
                case "random" -> new SplitSpec(Kind.RANDOM, arg.isEmpty() ? 0.2 : fraction(arg), 1);
                case "time" -> new SplitSpec(Kind.TIME, arg.isEmpty() ? 0.2 : fraction(arg), 1);
                case "kfold" -> new SplitSpec(Kind.KFOLD, 0, arg.isEmpty() ? 5 : Integer.parseInt(arg));
                default -> throw new IllegalArgumentException("bad kind");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("A split is random[:TEST_SHARE], time[:TEST_SHARE] or kfold[:K] "
                    + "(e.g. random:0.2, time:20%, kfold:5), not '" + text + "'", e);
        }
    }

    private static double fraction(String arg) {
        return arg.endsWith("%") ? Double.parseDouble(arg.substring(0, arg.length() - 1)) / 100 : Double.parseDouble(arg);
    }

    /** One train/test division of row indices. */
    public record Fold(int[] train, int[] test) {
    }

    /**
     * The folds for {@code rows} rows in time order; one fold except for k-fold. The same seed
     * always gives the same folds.
     */
    public List<Fold> folds(int rows, long seed) {
        switch (kind) {
            case TIME -> {
                int test = Math.max(1, (int) Math.round(rows * testFraction));
                return List.of(new Fold(range(0, rows - test), range(rows - test, rows)));
            }
            case RANDOM -> {
                int[] order = shuffled(rows, seed);
                int test = Math.max(1, (int) Math.round(rows * testFraction));
                return List.of(new Fold(sorted(order, test, rows), sorted(order, 0, test)));
            }
            default -> {
                int[] order = shuffled(rows, seed);
                List<Fold> out = new ArrayList<>();
                for (int k = 0; k < folds; k++) {
                    int from = (int) ((long) rows * k / folds);
                    int to = (int) ((long) rows * (k + 1) / folds);
                    int[] train = new int[rows - (to - from)];
                    System.arraycopy(order, 0, train, 0, from);
                    System.arraycopy(order, to, train, from, rows - to);
                    Arrays.sort(train);
                    out.add(new Fold(train, sorted(order, from, to)));
                }
                return out;
            }
        }
    }

    private static int[] range(int from, int to) {
        int[] r = new int[Math.max(0, to - from)];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static int[] shuffled(int rows, long seed) {
        int[] order = range(0, rows);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    private static int[] sorted(int[] order, int from, int to) {
        int[] part = Arrays.copyOfRange(order, from, to);
        Arrays.sort(part);
        return part;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case RANDOM -> "random:" + testFraction;
            case TIME -> "time:" + testFraction;
            case KFOLD -> "kfold:" + folds;
        };
    }
}
