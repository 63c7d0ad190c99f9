package kiln.cli.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded CSV data sets of shapes other than glassware, for end-to-end tests: a binary label with a
 * categorical feature and a group column whose labels arrive later in their own file, with a concept
 * change after four weeks; a binary history whose categorical feature matters, its category shares
 * shifting and a new category arriving; a three-class history with prior drift.
 */
public final class GeneratedDatasets {

    public static final LocalDateTime START = LocalDateTime.of(2021, 3, 1, 0, 0);
    /** When the binary data set's concept changes: the same readings mean something else from then on. */
    public static final LocalDateTime CHANGE = START.plusDays(28);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private GeneratedDatasets() {}

    /** The readings and, separately, their labels (known six hours after each reading). */
    public record Files2(Path readings, Path labels, int rows) {
    }

    /**
     * {@code rows} readings every 10 minutes: id, ts, line (A/B), shift (categorical), x1..x3; labels
     * "defect"/"sound" in a second file (id, checked_at, status).
     */
    public static Files2 binaryWithLateLabels(Path dir, int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Path readings = dir.resolve("plant-readings.csv");
        Path labels = dir.resolve("plant-labels.csv");
        try (Writer r = Files.newBufferedWriter(readings, StandardCharsets.UTF_8);
                Writer l = Files.newBufferedWriter(labels, StandardCharsets.UTF_8)) {
            r.write("id,ts,line,shift,x1,x2,x3\n");
            l.write("id,checked_at,status\n");
            for (int i = 0; i < rows; i++) {
                LocalDateTime t = START.plusMinutes(10L * i);
                double x1 = gauss(rng);
                double x2 = 5 + 2 * gauss(rng);
                double x3 = rng.nextDouble();
                boolean changed = !t.isBefore(CHANGE);
                double score = x1 + 0.3 * (x2 - 5) + (changed ? 6 * (x3 - 0.5) : 0) + 0.5 * gauss(rng);
                boolean fail = score > (changed ? -0.2 : 0.8);
                String shift = t.getHour() < 8 ? "night" : t.getHour() < 16 ? "early" : "late";
                r.write(String.format(Locale.ROOT, "%d,%s,%s,%s,%.4f,%.4f,%.4f%n", i + 1, TIME.format(t), rng.nextBoolean() ? "A" : "B",
                        shift, x1, x2, x3));
                l.write(String.format(Locale.ROOT, "%d,%s,%s%n", i + 1, TIME.format(t.plusHours(6)), fail ? "defect" : "sound"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Files2(readings, labels, rows);
    }

    /**
     * One file for a replay: ts, line (A/B), x1..x3 and the label status ("defect"/"sound") beside each
     * reading, every 10 minutes; the concept changes at {@link #CHANGE}.
     */
    public static Path binaryReplay(Path dir, int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Path file = dir.resolve("plant-history.csv");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("ts,line,x1,x2,x3,status\n");
            for (int i = 0; i < rows; i++) {
                LocalDateTime t = START.plusMinutes(10L * i);
                double x1 = gauss(rng);
                double x2 = 5 + 2 * gauss(rng);
                double x3 = rng.nextDouble();
                boolean changed = !t.isBefore(CHANGE);
                boolean defect = x1 + 0.3 * (x2 - 5) + (changed ? 6 * (x3 - 0.5) : 0) + 0.5 * gauss(rng) > (changed ? -0.2 : 0.8);
                w.write(String.format(Locale.ROOT, "%s,%s,%.4f,%.4f,%.4f,%s%n", TIME.format(t), rng.nextBoolean() ? "A" : "B", x1, x2, x3,
                        defect ? "defect" : "sound"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** When the categorical data set's material shares shift. */
    public static final LocalDateTime SHARES_SHIFT = START.plusDays(21);
    /** When the categorical data set's new material "E" first comes. */
    public static final LocalDateTime NEW_MATERIAL = START.plusDays(28);

    /**
     * One file for a replay whose categorical feature decides much of the label: ts, line (A/B), x1,
     * x2 (noise), material (A-D) and status ("defect"/"sound") every 10 minutes. Materials B and D
     * push towards defects, A and C away from them, so x1 alone predicts the label far worse. The concept
     * never changes, but from {@link #SHARES_SHIFT} materials C and D become common (drift over
     * categories) and from {@link #NEW_MATERIAL} a material "E" that training never saw makes up a
     * fifth of the rows.
     */
    public static Path categoricalReplay(Path dir, int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Path file = dir.resolve("materials.csv");
        String[] materials = {"A", "B", "C", "D", "E"};
        double[] effect = {-1.5, 1.5, -0.6, 0.6, 1.0};
        double[] before = {0.35, 0.35, 0.15, 0.15, 0};
        double[] shifted = {0.10, 0.20, 0.30, 0.40, 0};
        double[] withNew = {0.10, 0.15, 0.25, 0.30, 0.20};
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("ts,line,x1,x2,material,status\n");
            for (int i = 0; i < rows; i++) {
                LocalDateTime t = START.plusMinutes(10L * i);
                double[] shares = t.isBefore(SHARES_SHIFT) ? before : t.isBefore(NEW_MATERIAL) ? shifted : withNew;
                int m = draw(shares, rng.nextDouble());
                double x1 = gauss(rng);
                double x2 = gauss(rng);
                boolean defect = x1 + effect[m] + 0.4 * gauss(rng) > 0;
                w.write(String.format(Locale.ROOT, "%s,%s,%.4f,%.4f,%s,%s%n", TIME.format(t), rng.nextBoolean() ? "A" : "B", x1, x2,
                        materials[m], defect ? "defect" : "sound"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static int draw(double[] shares, double u) {
        double cumulative = 0;
        for (int i = 0; i < shares.length; i++) {
            cumulative += shares[i];
            if (u < cumulative) {
                return i;
            }
        }
        int last = shares.length - 1;
        while (shares[last] == 0) {
            last--; // rounding left u above the sum: the last category that occurs at all
        }
        return last;
    }

    /**
     * A three-class history for a replay: ts, x1, x2, grade ("A", "B", "C") every 10 minutes. Before
     * {@link #CHANGE} the grade follows x1 and x2 with the classes about equally common; from then on
     * class A becomes rare (prior drift) and the boundary between B and C moves (a concept change).
     */
    public static Path multiclassReplay(Path dir, int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Path file = dir.resolve("grades.csv");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("ts,x1,x2,grade\n");
            for (int i = 0; i < rows; i++) {
                LocalDateTime t = START.plusMinutes(10L * i);
                boolean changed = !t.isBefore(CHANGE);
                double x1 = changed ? 0.6 + 0.6 * gauss(rng) : gauss(rng);
                double x2 = gauss(rng);
                double noise = 0.3 * gauss(rng);
                String grade = x1 + noise < -0.45 ? "A" : (changed ? x2 + noise < -0.5 : x2 + noise < 0.5) ? "B" : "C";
                w.write(String.format(Locale.ROOT, "%s,%.4f,%.4f,%s%n", TIME.format(t), x1, x2, grade));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static double gauss(SplittableRandom rng) {
        // Box-Muller: the JDK's nextGaussian is not on SplittableRandom in Java 17.
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** A small CART sweep (depths 4 and 8, the seed grid's split and seed) written to dir/small.yaml: quick to train in tests. */
    public static Path smallSweep(Path dir) {
        Path sweep = dir.resolve("small.yaml");
        try {
            Files.writeString(sweep, """
                    name: small
                    seed: 42
                    split: random:0.2
                    trainers:
                      - trainer: cart
                        grid:
                          maxDepth: [4, 8]
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sweep;
    }
}
