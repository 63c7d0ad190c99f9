package kiln.ml.family;

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

import kiln.cli.CliTest;

/**
 * A grouped data set whose groups each follow their own rule: group k is "bad" when feature
 * x(k mod 3) lies above (even k) or below (odd k) its own threshold, so rules of different groups
 * contradict each other and one pooled model cannot fit them all. The last groups have few rows.
 */
final class GroupedRules {

    static final LocalDateTime START = LocalDateTime.of(2021, 3, 1, 0, 0);
    static final String WINDOW = "2021-03-01..2021-03-31";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private GroupedRules() {}

    static String key(int group) {
        return String.format(Locale.ROOT, "s%02d", group);
    }

    /** Group k's rule on features x1..x3 (3 % of labels flipped when drawn). */
    static boolean bad(int group, double[] x) {
        double threshold = -0.5 + (group % 5) * 0.25;
        double v = x[group % 3] - threshold;
        return group % 2 == 0 ? v > 0 : v < 0;
    }

    /** Draws x1..x3 for a row. */
    static double[] draw(SplittableRandom rng) {
        return new double[] {gauss(rng), gauss(rng), gauss(rng)};
    }

    /**
     * Writes {@code groups} groups (keys s00, s01, …): the first {@code fullGroups} with {@code rows} rows,
     * the others with {@code fewRows}; one reading every minute per group, label beside it.
     */
    static Path write(Path dir, int groups, int fullGroups, int rows, int fewRows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Path file = dir.resolve("fleet.csv");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("ts,sensor,x1,x2,x3,status\n");
            for (int i = 0; i < rows; i++) {
                for (int g = 0; g < groups; g++) {
                    if (g >= fullGroups && i >= fewRows) {
                        continue;
                    }
                    double[] x = draw(rng);
                    boolean bad = bad(g, x) ^ rng.nextDouble() < 0.03;
                    w.write(String.format(Locale.ROOT, "%s,%s,%.4f,%.4f,%.4f,%s%n", TIME.format(START.plusMinutes(i).plusSeconds(g)), key(g),
                            x[0], x[1], x[2], bad ? "bad" : "good"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Imports the file as data set {@code dataset} with group column sensor; fails the test on error. */
    static void importGrouped(String db, Path file, String dataset) {
        CliTest.Result r = CliTest.run("--db", db, "import", file.toString(), "--dataset", dataset, "--time", "ts", "--group", "sensor",
                "--label", "status", "--positive", "bad");
        if (r.exit() != 0) {
            throw new AssertionError("import failed: " + r.err() + r.out());
        }
    }

    private static double gauss(SplittableRandom rng) {
        double u = Math.max(rng.nextDouble(), 1e-12);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
