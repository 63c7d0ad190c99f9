package kiln.cli.datasets;

import static kiln.cli.datasets.StoreQueries.count;
import static kiln.cli.datasets.StoreQueries.text;
import static kiln.cli.datasets.StoreQueries.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import kiln.cli.CliTest;
import kiln.domain.DriftLevel;
import kiln.domain.DriftScore;
import kiln.domain.KpiGranularity;
import kiln.monitor.MonitorService;
import kiln.store.KilnStore;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-class labels through the whole loop: a generated three-class history whose priors and
 * boundary change is replayed, retrained after the change and rescored for the counterfactual; the
 * public weather history (five classes, two locations) is replayed and monitored. Nothing is scored
 * as binary, and accuracy is counted from the classes themselves.
 */
class MulticlassReplayCliTest {

    private static final String SMALL_SWEEP = """
            name: small
            seed: 42
            split: random:0.2
            trainers:
              - trainer: cart
                grid:
                  maxDepth: [4, 8]
            """;

    @TempDir
    Path dir;

    @Test
    void aThreeClassHistoryWithPriorAndConceptDriftIsRetrainedAfterItsChange() throws Exception {
        Path file = GeneratedDatasets.multiclassReplay(dir, 6000, 9);
        Path sweep = dir.resolve("small.yaml");
        Files.writeString(sweep, SMALL_SWEEP);
        String db = dir.resolve("grades.duckdb").toString();
        CliTest.Result r = CliTest.run("--db", db, "replay", file.toString(), "--dataset", "grades", "--time", "ts", "--label", "grade",
                "--label-delay", "6h", "--train-window", "2021-03-01..2021-03-14", "--sweep", sweep.toString(), "--score", "--auto-retrain");
        assertThat(r.exit()).as(r.toString()).isZero();

        try (KilnStore store = KilnStore.open(Path.of(db))) {
            assertThat(text(store, "SELECT string_agg(value, ',' ORDER BY code) FROM dataset_class WHERE dataset = 'grades'")).isEqualTo("A,B,C");
            long after = count(store, "SELECT count(*) FROM grades_reading WHERE ts >= TIMESTAMP '2021-03-15'");
            assertThat(count(store, "SELECT count(DISTINCT row_id) FROM grades_prediction")).isEqualTo(after);
            assertThat(count(store, "SELECT count(*) FROM grades_prediction")).isEqualTo(after);
            // Every class is predicted, by its name and its code.
            assertThat(count(store, "SELECT count(DISTINCT predicted) FROM grades_prediction WHERE model_version = 1")).isEqualTo(3);
            assertThat(count(store, "SELECT count(*) FROM grades_prediction WHERE predicted_code <> CASE predicted WHEN 'A' THEN 0 "
                    + "WHEN 'B' THEN 1 ELSE 2 END")).isZero();
            // Accuracy is the share of exact class matches (no positive class).
            double before = value(store, "SELECT sum(correct) / sum(labelled) FROM kpi WHERE model_name = 'grades' AND series = 'production' "
                    + "AND granularity = 'day' AND window_start < TIMESTAMP '2021-03-29'");
            double exact = value(store,
                    "SELECT avg((predicted_code = label_code)::INTEGER) FROM grades_prediction WHERE ts < TIMESTAMP '2021-03-29'");
            assertThat(before).isCloseTo(exact, Offset.offset(1e-9)).isBetween(0.8, 0.99);
            assertThat(count(store, "SELECT sum(tp + fp + fn + positives) FROM kpi WHERE model_name = 'grades'")).isZero();
            // The change is caught and a retrained version promoted within days; the counterfactual is worse.
            assertThat(count(store, "SELECT count(*) FROM model_event WHERE model_name = 'grades' AND action = 'promote' AND alias = 'production' "
                    + "AND \"at\" > TIMESTAMP '2021-03-29' AND \"at\" < TIMESTAMP '2021-04-04'")).isGreaterThanOrEqualTo(1);
            double real = value(store, "SELECT sum(correct) / sum(labelled) FROM kpi WHERE model_name = 'grades' AND granularity = 'day' "
                    + "AND series = 'production' AND window_start >= TIMESTAMP '2021-04-04'");
            double without = value(store, "SELECT sum(correct) / sum(labelled) FROM kpi WHERE model_name = 'grades' AND granularity = 'day' "
                    + "AND series = 'counterfactual:v1' AND window_start >= TIMESTAMP '2021-04-04'");
            assertThat(real).isGreaterThan(without + 0.1);
            // Label drift across the three classes: class A turns rare on 03-29, against v1's training window.
            List<DriftScore> label = new MonitorService(store, MonitorService.newestReadingClock(store)).outputDrift("grades", KpiGranularity.DAY)
                    .stream().filter(d -> d.feature().equals("(label)")).toList();
            Instant change = Instant.parse("2021-03-29T00:00:00Z");
            assertThat(label).filteredOn(d -> d.windowStart().isBefore(change)).hasSizeGreaterThanOrEqualTo(13)
                    .filteredOn(d -> DriftLevel.ALERT == d.level()).hasSizeLessThanOrEqualTo(1);
            assertThat(label).filteredOn(d -> !d.windowStart().isBefore(change) && d.windowStart().isBefore(change.plusSeconds(86400)))
                    .singleElement().satisfies(d -> assertThat(d.level()).isEqualTo(DriftLevel.ALERT));
        }
    }

    @Test
    void thePublicWeatherHistoryIsReplayedPerDayAndMonitored() throws Exception {
        Path sweep = dir.resolve("small.yaml");
        Files.writeString(sweep, SMALL_SWEEP);
        String db = dir.resolve("weather.duckdb").toString();
        CliTest.Result r = CliTest.run("--db", db, "replay", "sample-data/public/weather.csv", "--dataset", "weather", "--time", "date",
                "--group", "location", "--label", "weather", "--label-delay", "1d", "--train-window", "2012-01-01..2013-06-30",
                "--sweep", sweep.toString(), "--score");
        assertThat(r.exit()).as(r.toString()).isZero();

        try (KilnStore store = KilnStore.open(Path.of(db))) {
            assertThat(text(store, "SELECT string_agg(value, ',' ORDER BY code) FROM dataset_class WHERE dataset = 'weather'"))
                    .isEqualTo("drizzle,fog,rain,snow,sun");
            assertThat(count(store, "SELECT count(*) FROM weather_reading")).isEqualTo(2922);
            long after = count(store, "SELECT count(*) FROM weather_reading WHERE date >= TIMESTAMP '2013-07-01'");
            assertThat(count(store, "SELECT count(DISTINCT row_id) FROM weather_prediction")).isEqualTo(after);
            assertThat(count(store, "SELECT count(*) FROM weather_prediction WHERE predicted NOT IN ('drizzle', 'fog', 'rain', 'snow', 'sun')"))
                    .isZero();
            double accuracy = value(store, "SELECT sum(correct) / sum(labelled) FROM kpi WHERE model_name = 'weather' "
                    + "AND series = 'production' AND granularity = 'day'");
            // Real data: better than always saying the commonest class, far from a fake 1.0.
            double commonest = value(store, "SELECT max(c) / sum(c) FROM (SELECT count(*) c FROM weather_label l JOIN weather_reading r "
                    + "USING (row_id) WHERE r.date >= TIMESTAMP '2013-07-01' GROUP BY l.weather)");
            assertThat(accuracy).isGreaterThan(commonest).isLessThan(0.99);
            assertThat(count(store, "SELECT count(*) FROM kpi WHERE model_name = 'weather' AND granularity = 'day'")).isGreaterThan(900);
        }
    }
}
