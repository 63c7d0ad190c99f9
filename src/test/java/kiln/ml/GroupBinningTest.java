package kiln.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import kiln.cli.CliTest;
import kiln.domain.ProgressSink;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grouped read, binned in Java, gives what the SQL loader gives for the same rows. */
class GroupBinningTest {

    @TempDir
    Path dir;

    @Test
    void pooledBinningEqualsTheSqlLoaderAndEachGroupIsBinnedOnItsOwnRange() throws Exception {
        Path csv = dir.resolve("lines.csv");
        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder text = new StringBuilder("ts,line,level,mode,status\n");
        String[] modes = {"auto", "manual", "eco"};
        for (int i = 0; i < 3000; i++) {
            int line = i % 3;
            // Each line runs in its own range of levels; some levels are missing.
            String level = i % 97 == 0 ? "" : String.format(Locale.ROOT, "%.3f", 100 * line + 10 * rng.nextDouble());
            String mode = modes[rng.nextInt(3)];
            boolean bad = rng.nextDouble() < (mode.equals("eco") ? 0.7 : 0.2);
            text.append(String.format(Locale.ROOT, "2021-03-01 %02d:%02d:%02d,L%d,%s,%s,%s%n", i / 3600, (i / 60) % 60, i % 60, line, level, mode,
                    bad ? "bad" : "good"));
        }
        Files.writeString(csv, text);
        String db = dir.resolve("lines.duckdb").toString();
        CliTest.Result imported = CliTest.run("--db", db, "import", csv.toString(), "--dataset", "lines", "--time", "ts", "--group", "line",
                "--label", "status", "--positive", "bad");
        assertThat(imported.exit()).as(imported.err()).isZero();

        try (KilnStore store = KilnStore.open(Path.of(db))) {
            DataWindow window = DataWindow.parse("2021-03-01..2021-03-01");
            TrainingData sql = new TrainingDataLoader(store).loadBinned("lines", window, List.of(), ProgressSink.NONE);
            GroupedWindow grouped = new GroupedWindowLoader(store).load("lines", window, List.of(), ProgressSink.NONE);
            TrainingData pooled = GroupBinning.pooled(grouped);

            assertThat(grouped.groups()).containsExactly("L0", "L1", "L2");
            assertThat(pooled.features()).isEqualTo(sql.features()).contains("level", "mode");
            assertThat(pooled.rows()).isEqualTo(sql.rows()).isEqualTo(3000);
            assertThat(pooled.labels()).isEqualTo(sql.labels());
            for (int f = 0; f < sql.features().size(); f++) {
                assertThat(pooled.bins().edges(f)).as("edges of %s", sql.features().get(f)).isEqualTo(sql.bins().edges(f));
                assertThat(pooled.columns()[f]).as("codes of %s", sql.features().get(f)).isEqualTo(sql.columns()[f]);
            }

            int level = sql.features().indexOf("level");
            TrainingData line1 = GroupBinning.group(grouped, 1);
            assertThat(line1.rows()).isEqualTo(1000);
            double[] edges = line1.bins().edges(level);
            assertThat(edges.length).isEqualTo(FeatureBins.MAX_BINS - 1);
            assertThat(edges[0]).isBetween(100.0, 110.0);
            assertThat(edges[edges.length - 1]).isBetween(100.0, 110.0);
            assertThat(line1.fingerprint()).isNotEqualTo(GroupBinning.group(grouped, 2).fingerprint());
        }
    }
}
