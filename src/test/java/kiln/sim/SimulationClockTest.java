package kiln.sim;

import static kiln.sim.SimTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import kiln.domain.ProgressSink;
import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioReader;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationClockTest {

    @TempDir
    Path dir;

    @Test
    void runsAtItsSpeedAndHoldsWhilePaused() throws Exception {
        AtomicLong wallNanos = new AtomicLong();
        long start = Instant.parse("2019-07-01T00:00:00Z").toEpochMilli();
        SimulationClock clock = new SimulationClock(Instant.ofEpochMilli(start), 3600, wallNanos::get);
        assertThat(clock.target(0)).isEqualTo(start);
        wallNanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(clock.target(0)).isEqualTo(start + 200L * 3600); // 0.2 wall s = 12 simulated minutes
        clock.pause();
        long held = clock.target(1); // paused, it waits (here 1 ms) for a step or resume
        wallNanos.addAndGet(TimeUnit.SECONDS.toNanos(100));
        assertThat(clock.target(1)).isEqualTo(held);
        clock.resume();
        wallNanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(clock.target(0)).isEqualTo(held + 100L * 3600); // the paused wall time does not count
        clock.pause();
        held = clock.target(1);
        clock.stepHour();
        assertThat(clock.target(0)).isEqualTo(held + 3_600_000);
        clock.jumpTo(Instant.parse("2019-07-05T00:00:00Z"));
        assertThat(clock.target(0)).isEqualTo(Instant.parse("2019-07-05T00:00:00Z").toEpochMilli());
        assertThatThrownBy(() -> clock.jumpTo(Instant.parse("2019-07-02T00:00:00Z"))).hasMessageContaining("Cannot jump back");
    }

    @Test
    void labelsAreReleasedOnlyWhenSimulatedTimeReachesThem() throws Exception {
        Scenario s = ScenarioReader.resolve("glassware");
        try (KilnStore store = KilnStore.open(dir.resolve("clock.duckdb"))) {
            SimulationClock clock = new SimulationClock(s.start(), SimulationClock.MAX);
            clock.pause();
            SimulationEngine engine = new SimulationEngine(store, s, 42, clock);
            ExecutorService exec = Executors.newSingleThreadExecutor();
            try {
                Future<SimulationSummary> run = exec.submit(() -> engine.run(ProgressSink.NONE));
                clock.jumpTo(Instant.parse("2019-07-05T12:00:00Z"));
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (count(store, "SELECT count(*) FROM sensor_reading") < 862 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(200);
                // Up to 07-05 12:00: readings up to then, labels due by then (midnight 07-05: products made up to 07-03 23:59).
                assertThat(count(store, "SELECT count(*) FROM sensor_reading WHERE process_time > '2019-07-05 12:00:00'")).isZero();
                assertThat(count(store, "SELECT count(*) FROM sensor_reading")).isEqualTo(count(store,
                        "SELECT count(*) FROM sensor_reading WHERE process_time <= '2019-07-05 12:00:00'")).isGreaterThan(850);
                assertThat(count(store, "SELECT max(epoch(qualitycheck_time)) FROM product_quality"))
                        .isEqualTo(Instant.parse("2019-07-05T00:00:00Z").getEpochSecond());
                assertThat(count(store, "SELECT count(*) FROM product_quality")).isEqualTo(count(store,
                        "SELECT count(*) FROM sensor_reading WHERE process_time < '2019-07-04'"));
                clock.resume();
                SimulationSummary sum = run.get(30, TimeUnit.SECONDS);
                assertThat(sum.finished()).isTrue();
                assertThat(count(store, "SELECT count(*) FROM product_quality")).isEqualTo(7999);
            } finally {
                exec.shutdownNow();
            }
        }
    }
}
