package kiln.cli.datasets;

import static kiln.cli.datasets.StoreQueries.count;
import static kiln.cli.datasets.StoreQueries.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import kiln.cli.CliTest;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15's acceptance, headless: the fleet scenario with 200 sensors played with --score
 * --auto-retrain, judged from the tables against the scenario's ground truth (scenario_change).
 * A small sweep keeps it quick; the story stops on 07-24, after the shared change's storm is retrained.
 */
@Tag("heavy") // minutes long: the heavy profile (mvn -Pheavy test), which .ci/run also runs
class FleetStoryCliTest {

    @TempDir
    Path dir;

    @Test
    void theFleetIsTrainedPerSensorWatchedPerSensorAndRetrainedPerSensor() throws Exception {
        String db = dir.resolve("fleet.duckdb").toString();
        CliTest.Result r = CliTest.run("--db", db, "simulate", "--scenario", "fleet", "--sensors", "200", "--sweep",
                GeneratedDatasets.smallSweep(dir).toString(), "--until", "2019-07-24", "--score", "--auto-retrain");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("members to production").contains("auto-retrain of");

        try (KilnStore store = KilnStore.open(Path.of(db))) {
            // Per-sensor members beat the pooled model: each sensor has its own rule.
            long experiment = count(store, "SELECT min(experiment_id) FROM run WHERE group_key IS NOT NULL");
            double members = value(store, "SELECT avg(TRY_CAST(json_extract_string(metrics, '$.accuracy') AS DOUBLE)) FROM run WHERE "
                    + "experiment_id = " + experiment + " AND list_contains(tags, 'group-best')");
            double pooled = value(store, "SELECT max(TRY_CAST(json_extract_string(metrics, '$.accuracy') AS DOUBLE)) FROM run WHERE "
                    + "experiment_id = " + experiment + " AND group_key IS NULL");
            assertThat(count(store, "SELECT count(*) FROM run WHERE experiment_id = " + experiment + " AND list_contains(tags, 'group-best')"))
                    .isEqualTo(200);
            assertThat(members).isGreaterThan(pooled + 0.15);

            // The family was promoted once at the end of the first week; later promotions are single groups' retrains.
            assertThat(count(store, "SELECT count(*) FROM model_event WHERE model_name = 'fleet' AND action = 'promote' AND scope = 'pooled'"))
                    .isEqualTo(1);
            assertThat(count(store, "SELECT count(*) FROM model_event WHERE model_name = 'fleet' AND action = 'promote' "
                    + "AND \"at\" = TIMESTAMP '2019-07-08'")).isEqualTo(201);
            List<String> retrained = strings(store, "SELECT scope FROM model_event WHERE model_name = 'fleet' AND action = 'promote' "
                    + "AND \"at\" > TIMESTAMP '2019-07-08' AND note LIKE 'auto-retrain after alert%' AND \"by\" = 'kiln-autopilot' ORDER BY scope");
            assertThat(retrained).isNotEmpty().doesNotHaveDuplicates().doesNotContain("pooled");
            // Only sensors whose process changed were retrained; the others keep the member promoted on 07-08 (a °F sensor is a data fault).
            assertThat(count(store, "SELECT count(*) FROM model_event e WHERE model_name = 'fleet' AND action = 'promote' "
                    + "AND \"at\" > TIMESTAMP '2019-07-08' AND NOT EXISTS (SELECT 1 FROM scenario_change c WHERE c.dataset = 'fleet' "
                    + "AND c.group_key = e.scope AND c.kind = 'concept_change' AND c.\"at\" < e.\"at\")")).isZero();
            assertThat(count(store, "SELECT count(*) FROM model_version WHERE model_name = 'fleet' AND alias = 'production'")).isEqualTo(201);
            // The sensors that drifted on their own by 07-17 alerted with their group and were retrained individually.
            List<String> drifted = strings(store, "SELECT group_key FROM scenario_change WHERE dataset = 'fleet' AND kind = 'concept_change' "
                    + "AND NOT shared AND \"at\" < TIMESTAMP '2019-07-17' ORDER BY group_key");
            assertThat(drifted).hasSizeGreaterThanOrEqualTo(3);
            List<String> alerted = strings(store, "SELECT DISTINCT group_key FROM alert WHERE model_name = 'fleet' AND rule IN "
                    + "('fleet-drop', 'fleet-below-band') ORDER BY group_key");
            assertThat(alerted).containsAll(drifted);
            assertThat(retrained).containsAll(drifted);
            // The shared change's storm (40 sensors in one hour) is one incident of its first rule, not 40.
            long storm = count(store, "SELECT count(DISTINCT group_key) FROM scenario_change WHERE dataset = 'fleet' AND shared");
            assertThat(storm).isEqualTo(40);
            assertThat(count(store, "SELECT count(DISTINCT a.incident_id) FROM alert a JOIN scenario_change c ON c.dataset = 'fleet' "
                    + "AND c.shared AND c.group_key = a.group_key WHERE a.rule = 'fleet-drop' AND a.window_start = TIMESTAMP '2019-07-19'"))
                    .isEqualTo(1);
            assertThat(count(store, "SELECT max(i.members) FROM incident i JOIN alert a ON a.incident_id = i.incident_id JOIN scenario_change c "
                    + "ON c.dataset = 'fleet' AND c.shared AND c.group_key = a.group_key")).isGreaterThanOrEqualTo(storm / 2);
            // The dead sensors are named by their own alert, and were not retrained (a data fault, not a new concept).
            assertThat(count(store, "SELECT count(*) FROM scenario_change c WHERE dataset = 'fleet' AND kind = 'dead_sensor' AND NOT EXISTS "
                    + "(SELECT 1 FROM alert a WHERE a.rule = 'fleet-dead-sensor' AND a.group_key = c.group_key)")).isZero();
            assertThat(count(store, "SELECT count(*) FROM scenario_change c JOIN model_event e ON e.scope = c.group_key AND e.\"at\" > c.\"at\" "
                    + "AND e.action = 'promote' WHERE c.dataset = 'fleet' AND c.kind = 'dead_sensor'")).isZero();
            // The sensor whose temperature turned to °F is named by its own alert on that feature, and is not retrained on °F readings.
            assertThat(count(store, "SELECT count(*) FROM scenario_change c WHERE dataset = 'fleet' AND kind = 'unit_change' AND NOT EXISTS "
                    + "(SELECT 1 FROM alert a WHERE a.rule = 'fleet-unit-change' AND a.group_key = c.group_key AND a.feature = c.feature "
                    + "AND a.window_start >= c.\"at\")")).isZero();
            assertThat(count(store, "SELECT count(*) FROM scenario_change c JOIN model_event e ON e.scope = c.group_key AND e.\"at\" > c.\"at\" "
                    + "AND e.action = 'promote' WHERE c.dataset = 'fleet' AND c.kind = 'unit_change'")).isZero();

            // No reading is scored twice: one prediction per reading from the family's promotion on, none before.
            long after = count(store, "SELECT count(*) FROM fleet_reading WHERE reading_time >= TIMESTAMP '2019-07-08'");
            assertThat(after).isPositive();
            assertThat(count(store, "SELECT count(*) FROM fleet_prediction")).isEqualTo(after);
            assertThat(count(store, "SELECT count(DISTINCT reading_id) FROM fleet_prediction")).isEqualTo(after);
            assertThat(count(store, "SELECT count(*) FROM fleet_prediction WHERE reading_time < TIMESTAMP '2019-07-08'")).isZero();
            // Every retrained sensor's readings after its retrain are scored by its new member.
            assertThat(count(store, "SELECT count(*) FROM fleet_prediction p JOIN fleet_reading r USING (reading_id) JOIN model_event e "
                    + "ON e.model_name = 'fleet' AND e.action = 'promote' AND e.scope = CAST(r.sensor_id AS VARCHAR) AND e.note LIKE 'auto-retrain%' "
                    + "AND p.reading_time > e.\"at\" WHERE p.model_version < e.version")).isZero();
        }
    }

    private static List<String> strings(KilnStore store, String sql) throws Exception {
        return store.read(conn -> {
            List<String> list = new ArrayList<>();
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    list.add(rs.getString(1));
                }
            }
            return list;
        });
    }
}
