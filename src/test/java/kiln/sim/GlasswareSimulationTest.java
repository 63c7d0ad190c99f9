package kiln.sim;

import static kiln.sim.SimTestSupport.count;
import static kiln.sim.SimTestSupport.differingRows;
import static kiln.sim.SimTestSupport.simulate;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.ProgressSink;
import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioReader;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlasswareSimulationTest {

    @TempDir
    Path dir;

    @Test
    void writesEveryReadingAndLabelOfTheReferenceScenario() throws Exception {
        Path db = dir.resolve("g.duckdb");
        SimulationSummary s = simulate(db, "glassware", 42, null);
        assertThat(s.finished()).isTrue();
        assertThat(s.actionsSkipped()).isEqualTo(2);
        try (KilnStore store = KilnStore.open(db)) {
            assertThat(count(store, "SELECT count(*) FROM sensor_reading")).isEqualTo(7999);
            assertThat(count(store, "SELECT count(*) FROM product_quality")).isEqualTo(7999);
            assertThat(count(store, "SELECT min(pid) FROM sensor_reading")).isEqualTo(100_001);
            assertThat(count(store, "SELECT max(pid) FROM sensor_reading")).isEqualTo(107_999);
            // process_time = start + id*450 s + jitter in 0..450 s
            assertThat(count(store, "SELECT count(*) FROM sensor_reading WHERE epoch(process_time) - epoch(TIMESTAMP '2019-07-01') "
                    + "NOT BETWEEN (pid - 100000) * 450 AND (pid - 100000) * 450 + 450")).isZero();
            // labels at midnight of day(process_time + 2 days)
            assertThat(count(store, "SELECT count(*) FROM sensor_reading r JOIN product_quality q USING (pid) "
                    + "WHERE q.qualitycheck_time <> date_trunc('day', r.process_time + INTERVAL 2 DAY)")).isZero();
            assertThat(count(store, "SELECT count(*) FROM sensor_reading WHERE temp IS NULL OR pressure IS NULL OR duration IS NULL")).isZero();
        }
    }

    @Test
    void whileTheLoopFollowsBatchByBatchEachMidnightsLabelsAreSeenAtMidnight() throws Exception {
        List<SimulationProgress> batches = new ArrayList<>();
        try (KilnStore store = KilnStore.open(dir.resolve("lockstep.duckdb"))) {
            Scenario s = ScenarioReader.resolve("glassware");
            SimulationEngine engine = new SimulationEngine(store, s, 42, SimulationEngine.clockFor(s, SimulationClock.MAX)).batchRows(96);
            engine.addListener(new SimulationListener() {
                @Override
                public void afterBatch(SimulationProgress progress) {
                    batches.add(progress);
                }

                @Override
                public boolean readsStoreAsOfBatch() {
                    return true;
                }
            });
            engine.until(Instant.parse("2019-07-06T00:00:00Z")).run(ProgressSink.NONE);
        }
        // Labels land at midnight two days after their product: every batch carrying labels ends at a midnight,
        // and none of them waits for the next half day of readings.
        List<SimulationProgress> withLabels = batches.stream().filter(b -> b.batchLabels() > 0).toList();
        assertThat(withLabels).isNotEmpty().allSatisfy(b -> assertThat(b.simulatedTime()).isEqualTo(
                b.simulatedTime().truncatedTo(ChronoUnit.DAYS)));
        assertThat(withLabels.get(0).simulatedTime()).isEqualTo(Instant.parse("2019-07-03T00:00:00Z"));
        assertThat(withLabels).extracting(SimulationProgress::simulatedTime).doesNotHaveDuplicates();
    }

    @Test
    void sameSeedGivesIdenticalTablesAndAnotherSeedDoesNot() throws Exception {
        Path a = dir.resolve("a.duckdb");
        Path b = dir.resolve("b.duckdb");
        Path c = dir.resolve("c.duckdb");
        simulate(a, "glassware", 42, null);
        simulate(b, "glassware", 42, null);
        simulate(c, "glassware", 43, null);
        assertThat(differingRows(a, b, "sensor_reading", "sensor_reading")).isZero();
        assertThat(differingRows(a, b, "product_quality", "product_quality")).isZero();
        assertThat(differingRows(a, c, "sensor_reading", "sensor_reading")).isGreaterThan(7000);
    }

    @Test
    void qualityFollowsTheRegimeRulesOnRawValues() {
        Scenario s = ScenarioReader.resolve("glassware");
        ScenarioGenerator gen = new ScenarioGenerator(s, 42);
        int good = 0;
        while (gen.hasNext()) {
            gen.next();
            double t = gen.raw[0];
            double p = gen.raw[1];
            double d = gen.raw[2];
            boolean expected;
            if (gen.id <= 3400) {
                expected = t >= 351 && t <= 359 && p >= 8 && p <= 15 && d >= 28 && d <= 32;
            } else if (gen.id <= 6500) {
                expected = t >= 354 && t <= 359 && p >= 8 && p <= 15 && d >= 28 && d <= 32;
            } else {
                expected = t >= 354 && t <= 359 && p >= 12 && p <= 15 && d >= 28 && d <= 32;
            }
            assertThat(gen.quality).as("product %d", gen.id).isEqualTo(expected ? 1 : 0);
            assertThat(t).isBetween(350.0, 360.0);
            assertThat(d).isBetween(28.5, 32.5);
            assertThat(Math.abs(gen.measured[0] - t)).isLessThan(0.2 * 6);
            good += gen.quality;
        }
        assertThat(good).isBetween(2000, 6000);
    }

    @Test
    void resumingAPartialRunCompletesItWithoutDuplicatesOrGaps() throws Exception {
        Path full = dir.resolve("full.duckdb");
        Path resumed = dir.resolve("resumed.duckdb");
        simulate(full, "glassware", 42, null);
        SimulationSummary first = simulate(resumed, "glassware", 42, Instant.parse("2019-07-20T05:00:00Z"));
        assertThat(first.finished()).isFalse();
        assertThat(first.readingsWritten()).isBetween(3000L, 4000L);
        // Pretend the crash lost the labels of the last day: they must be completed as well.
        try (KilnStore store = KilnStore.open(resumed)) {
            store.write(c -> c.createStatement().executeUpdate("DELETE FROM product_quality WHERE qualitycheck_time >= '2019-07-19'"));
        }
        SimulationSummary second = simulate(resumed, "glassware", 42, null);
        assertThat(second.finished()).isTrue();
        assertThat(second.readingsWritten() + first.readingsWritten()).isEqualTo(7999);
        assertThat(differingRows(full, resumed, "sensor_reading", "sensor_reading")).isZero();
        assertThat(differingRows(full, resumed, "product_quality", "product_quality")).isZero();
    }

    @Test
    void handsActionsToTheHandlerWhenSimulatedTimeReachesThem() throws Exception {
        Scenario s = ScenarioReader.resolve("glassware");
        List<String> seen = new ArrayList<>();
        try (KilnStore store = KilnStore.open(dir.resolve("act.duckdb"))) {
            SimulationEngine engine = new SimulationEngine(store, s, 42, SimulationEngine.clockFor(s, SimulationClock.MAX));
            engine.setActionHandler((action, now) -> {
                long stored = count(store, "SELECT count(*) FROM sensor_reading WHERE process_time >= TIMESTAMP '"
                        + action.at().toString().replace("T", " ").replace("Z", "") + "'");
                long before = count(store, "SELECT count(*) FROM sensor_reading");
                seen.add(action.action() + "@" + now + " window=" + action.params().get("window") + " later=" + stored + " before>0=" + (before > 0));
            });
            SimulationSummary sum = engine.run(ProgressSink.NONE);
            assertThat(sum.actionsHandled()).isEqualTo(2);
        }
        assertThat(seen).first().asString().isEqualTo("train@2019-07-11T00:00:00Z window=2019-07-01..2019-07-10 later=0 before>0=true");
        assertThat(seen.get(1)).startsWith("promote@2019-07-11T00:00:00Z");
        assertThat(seen).hasSize(2);
    }
}
