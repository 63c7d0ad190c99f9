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
 * change after four weeks.
 */
public final class GeneratedDatasets {

    public static final LocalDateTime START = LocalDateTime.of(2021, 3, 1, 0, 0);
    /** When the binary data set's concept changes: the same readings mean something else from then on. */
    public static final LocalDateTime CHANGE = START.plusDays(28);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private GeneratedDatasets() {
    }

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
}
