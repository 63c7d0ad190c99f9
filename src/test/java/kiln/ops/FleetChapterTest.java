package kiln.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.management.OperatingSystemMXBean;
import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guided demo's fleet chapter, step by step as a presenter clicks it (one step paused half-way and
 * pressed again), judged from the tables against the scenario's ground truth (scenario_change).
 */
@Tag("heavy") // about three minutes on two cores: the heavy profile (mvn -Pheavy test), which .ci/run also runs
class FleetChapterTest {

    @TempDir
    Path dir;

    @Test
    void theFleetIsTrainedPerSensorItsStormIsOneIncidentAndOnlyChangedSensorsAreRetrained() throws Exception {
        try (KilnStore store = KilnStore.open(dir.resolve("demo.duckdb"))) {
            FleetChapter chapter = new FleetChapter(store);
            assertThatThrownBy(() -> chapter.run(1, ProgressSink.NONE)).hasMessageContaining("Run the fleet step first");
            String model = "fleet";
            int sensors = FleetChapter.SENSORS;

            long t0 = System.nanoTime();
            long cpu0 = cpuNanos();
            String trained = chapter.run(0, ProgressSink.NONE);
            double trainSeconds = seconds(t0);
            double trainCpu = (cpuNanos() - cpu0) / 1e9;
            // The family: one production member per sensor plus the pooled one, all promoted together at the training moment.
            assertThat(count(store, "SELECT count(*) FROM model_version WHERE model_name = ? AND alias = 'production'", model))
                    .isEqualTo(sensors + 1);
            assertThat(count(store, "SELECT count(DISTINCT scope) FROM model_event WHERE model_name = ? AND action = 'promote' "
                    + "AND \"at\" = (SELECT min(\"at\") FROM model_event WHERE model_name = ? AND action = 'promote')", model, model))
                    .isEqualTo(sensors + 1);
            long members = count(store, "SELECT count(*) FROM model_version WHERE model_name = ? AND scope <> 'pooled'", model);
            assertThat(trained).contains(members + " sensors with a member of their own").contains("Family " + model + " v1..v" + (sensors + 1));

            // Paused half-way through the storm step, then pressed again: it goes on where it stopped.
            AtomicInteger batches = new AtomicInteger();
            ProgressSink pausing = new ProgressSink() {
                @Override
                public void progress(long done, long total, String message) {
                    batches.incrementAndGet();
                }

                @Override
                public boolean isCancelled() {
                    return batches.get() >= 4;
                }
            };
            assertThatThrownBy(() -> chapter.run(1, pausing)).isInstanceOf(JobCancelledException.class);
            t0 = System.nanoTime();
            cpu0 = cpuNanos();
            String storm = chapter.run(1, ProgressSink.NONE);
            double stormSeconds = seconds(t0);
            double stormCpu = (cpuNanos() - cpu0) / 1e9;
            // The shared change's alerts are one incident of many sensors, all of them sensors the change hit.
            List<String> shared = strings(store, "SELECT group_key FROM scenario_change WHERE dataset = ? AND shared", model);
            long incident = count(store, "SELECT incident_id FROM incident WHERE model_name = ? ORDER BY members DESC, incident_id LIMIT 1", model);
            List<String> grouped = strings(store, "SELECT DISTINCT group_key FROM alert WHERE incident_id = ?", incident);
            assertThat(grouped).hasSizeGreaterThanOrEqualTo(shared.size() / 2);
            assertThat(shared).containsAll(grouped);
            assertThat(storm).contains("One incident, #" + incident + ": " + grouped.size() + " sensors");
            // The °F sensor and the sensors dead two days before the step's end are named by their own rules, and in the outcome.
            for (String unit : strings(store, "SELECT group_key FROM scenario_change WHERE dataset = ? AND kind = 'unit_change'", model)) {
                assertThat(count(store, "SELECT count(*) FROM alert WHERE model_name = ? AND rule = 'fleet-unit-change' AND group_key = ?",
                        model, unit)).isPositive();
                assertThat(storm).contains("sensor " + unit + "'s ");
            }
            List<String> dead = strings(store, "SELECT group_key FROM scenario_change WHERE dataset = ? AND kind = 'dead_sensor' AND \"at\" < "
                    + "(SELECT max(reading_time) FROM fleet_reading) - INTERVAL 2 DAY", model);
            assertThat(dead).isNotEmpty();
            for (String sensor : dead) {
                assertThat(count(store, "SELECT count(*) FROM alert WHERE model_name = ? AND rule = 'fleet-dead-sensor' AND group_key = ?",
                        model, sensor)).isPositive();
            }
            assertThat(storm).contains("dead (fleet-dead-sensor)");

            t0 = System.nanoTime();
            cpu0 = cpuNanos();
            String retrained = chapter.run(2, ProgressSink.NONE);
            double retrainSeconds = seconds(t0);
            double retrainCpu = (cpuNanos() - cpu0) / 1e9;
            // Retrained members only on sensors whose rule changed before; among them most of the storm's; the others keep their member.
            List<String> scopes = strings(store, "SELECT DISTINCT scope FROM model_event WHERE model_name = ? AND action = 'promote' AND \"at\" > "
                    + "(SELECT min(\"at\") FROM model_event WHERE model_name = ? AND action = 'promote')", model, model);
            assertThat(scopes).isNotEmpty().doesNotContain("pooled");
            assertThat(count(store, "SELECT count(*) FROM model_event e WHERE model_name = ? AND action = 'promote' AND \"at\" > "
                    + "(SELECT min(\"at\") FROM model_event WHERE model_name = ? AND action = 'promote') AND NOT EXISTS (SELECT 1 FROM "
                    + "scenario_change c WHERE c.dataset = ? AND c.group_key = e.scope AND c.kind = 'concept_change' AND c.\"at\" < e.\"at\")",
                    model, model, model)).isZero();
            assertThat(scopes.stream().filter(grouped::contains).count()).isGreaterThanOrEqualTo(grouped.size() / 2);
            assertThat(count(store, "SELECT count(*) FROM model_version WHERE model_name = ? AND alias = 'production'", model))
                    .isEqualTo(sensors + 1);
            assertThat(retrained).contains(scopes.size() + " sensors retrained and promoted one by one")
                    .contains("The other " + (sensors - scopes.size()) + " keep their").contains("Retrained sensors since their retrain: ")
                    .contains("each one whose rule really changed").contains("Data faults, not retrained: sensors ");
            // Data faults are not retrained.
            assertThat(count(store, "SELECT count(*) FROM scenario_change c JOIN model_event e ON e.scope = c.group_key AND e.\"at\" > c.\"at\" "
                    + "AND e.action = 'promote' WHERE c.dataset = ? AND c.kind IN ('unit_change', 'dead_sensor')", model)).isZero();
            // No reading is scored twice, the paused step included.
            assertThat(count(store, "SELECT count(*) - count(DISTINCT reading_id) FROM fleet_prediction")).isZero();

            System.out.printf("fleet chapter with %d sensors, wall (process CPU): train %.1f s (%.1f s), storm %.1f s (%.1f s) after a pause, "
                    + "retrain %.1f s (%.1f s)%n%s%n%s%n%s%n", sensors, trainSeconds, trainCpu, stormSeconds, stormCpu, retrainSeconds, retrainCpu,
                    trained, storm, retrained);
        }
    }

    /** CPU time of the whole process: with other builds sharing the machine, wall time alone says little. */
    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long count(KilnStore store, String sql, Object... params) throws Exception {
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static List<String> strings(KilnStore store, String sql, Object... params) throws Exception {
        return store.read(conn -> {
            List<String> list = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(rs.getString(1));
                    }
                }
            }
            return list;
        });
    }
}
