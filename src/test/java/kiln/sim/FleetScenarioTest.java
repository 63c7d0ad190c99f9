package kiln.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import kiln.cli.CliTest;
import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.ml.DataWindow;
import kiln.ml.Metrics;
import kiln.ml.RunTrainer;
import kiln.ml.ScoringModel;
import kiln.ml.SplitSpec;
import kiln.ml.Trainers;
import kiln.ml.TrainingData;
import kiln.sim.FleetPlan.InjectedChange;
import kiln.sim.scenario.FleetScenario;
import kiln.sim.scenario.FleetScenarioReader;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plays the fleet scenario at 200 sensors into a temporary database and checks from its tables that it
 * is what it claims: every sensor's readings, late labels, the same tables for the same seed, each
 * recorded change visible in the data, and sensors whose rules differ enough that one model per sensor
 * clearly beats a pooled one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetScenarioTest {

    private static final long SEED = 15;
    private static final String CHECKSUM = "SELECT count(*) || ':' || bit_xor(hash(r.reading_id, r.reading_time, r.sensor_id, r.temperature, "
            + "r.humidity, r.vibration, l.label_time, l.outcome)) FROM fleet_reading r FULL JOIN fleet_label l USING (reading_id)";

    private Path dir;
    private FleetScenario scenario;
    private FleetSetup.Prepared played;
    private SimulationSummary summary;
    private KilnStore store;

    @BeforeAll
    void play(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        scenario = FleetScenarioReader.resolve("fleet").orElseThrow().withSensors(200);
        store = KilnStore.open(dir.resolve("fleet.duckdb"));
        played = FleetSetup.prepare(store, scenario, SEED, start -> new SimulationClock(start, SimulationClock.MAX));
        summary = played.engine().run(ProgressSink.NONE, played.resumed());
    }

    @AfterAll
    void close() {
        store.close();
    }

    @Test
    void everyLiveSensorSendsItsReadingsAndLabelsArriveLateAtMidnight() throws Exception {
        assertThat(summary.finished()).isTrue();
        Map<String, long[]> perSensor = new HashMap<>();
        query("SELECT sensor_id, count(*), count(l.reading_id) FROM fleet_reading r LEFT JOIN fleet_label l USING (reading_id) GROUP BY 1",
                rs -> perSensor.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)}));
        assertThat(perSensor).hasSize(200);
        Map<String, Instant> stopped = new HashMap<>();
        for (InjectedChange c : played.plan().changes()) {
            if (c.kind().equals(FleetPlan.DEAD_SENSOR)) {
                stopped.put(Integer.toString(c.sensor()), c.at());
            }
        }
        long total = 0;
        for (Map.Entry<String, long[]> e : perSensor.entrySet()) {
            long readings = e.getValue()[0];
            assertThat(e.getValue()[1]).as("labels of sensor %s", e.getKey()).isEqualTo(readings);
            if (stopped.containsKey(e.getKey())) {
                assertThat(readings).as("dead sensor %s", e.getKey()).isLessThan(scenario.readingsPerSensor()).isPositive();
            } else {
                assertThat(readings).as("sensor %s", e.getKey()).isEqualTo(scenario.readingsPerSensor());
            }
            total += readings;
        }
        assertThat(summary.readingsWritten()).isEqualTo(total);
        assertThat(total).isBetween(200L * scenario.readingsPerSensor() - 2000, 200L * scenario.readingsPerSensor());
        // Labels come at midnight, at least a day and at most two days after their reading (label_delay 2d, align day).
        assertThat(count("SELECT count(*) FROM fleet_label WHERE label_time <> date_trunc('day', label_time)")).isZero();
        assertThat(count("SELECT count(*) FROM fleet_reading r JOIN fleet_label l USING (reading_id) "
                + "WHERE l.label_time <= r.reading_time + INTERVAL 1 DAY OR l.label_time > r.reading_time + INTERVAL 2 DAY")).isZero();
    }

    @Test
    void theSameSeedGivesTheSameTablesAndAnotherSeedOthers() throws Exception {
        assertThat(text(CHECKSUM)).isEqualTo(checksumOf(dir.resolve("again.duckdb"), SEED));
        // Another seed, another history (compared on the generated rows: playing them is checked above).
        assertThat(generated(SEED)).isEqualTo(generated(SEED)).isNotEqualTo(generated(SEED + 1));
    }

    private String generated(long seed) throws Exception {
        StringWriter csv = new StringWriter();
        new FleetGenerator(new FleetPlan(scenario, seed)).writeCsv(csv);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(csv.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    @Test
    void playingAgainAddsNothingAndAnotherFleetIsRefused() throws Exception {
        FleetSetup.Prepared again = FleetSetup.prepare(store, scenario, SEED, start -> new SimulationClock(start, SimulationClock.MAX));
        assertThat(again.resumed()).isTrue();
        SimulationSummary s = again.engine().run(ProgressSink.NONE, true);
        assertThat(s.readingsWritten() + s.labelsWritten()).isZero();
        assertThatThrownBy(() -> FleetSetup.prepare(store, scenario.withSensors(300), SEED, start -> new SimulationClock(start, SimulationClock.MAX)))
                .isInstanceOf(UserFacingException.class).hasMessageContaining("already holds data set 'fleet'").hasMessageContaining("300 sensors");
    }

    @Test
    void theInjectedChangesAreRecordedPerSensor() throws Exception {
        assertThat(count("SELECT count(*) FROM scenario_change WHERE dataset = 'fleet'")).isEqualTo(played.plan().changes().size());
        // The storm: 40 sensors (20 %) whose rule changed in the same hour, recorded as shared.
        assertThat(count("SELECT count(DISTINCT group_key) FROM scenario_change WHERE kind = 'concept_change' AND shared")).isEqualTo(40);
        assertThat(count("SELECT count(DISTINCT \"at\") FROM scenario_change WHERE kind = 'concept_change' AND shared")).isEqualTo(1);
        // Staggered: 20 sensors (10 %) each changing on its own, no two in the same hour, none on the storm's day.
        assertThat(count("SELECT count(DISTINCT group_key) FROM scenario_change WHERE kind = 'concept_change' AND NOT shared")).isEqualTo(20);
        assertThat(count("SELECT count(DISTINCT date_trunc('hour', \"at\")) FROM scenario_change WHERE kind = 'concept_change' AND NOT shared"))
                .isEqualTo(20);
        assertThat(count("SELECT count(*) FROM scenario_change o, scenario_change s WHERE o.kind = 'concept_change' AND NOT o.shared "
                + "AND s.shared AND date_trunc('day', o.\"at\") = date_trunc('day', s.\"at\")")).isZero();
        assertThat(count("SELECT count(*) FROM scenario_change WHERE kind = 'unit_change' AND feature = 'temperature'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM scenario_change WHERE kind IN ('dead_sensor', 'missing_values')")).isEqualTo(3);
        // Every change hits a different sensor, and nothing changes before 07-10 (a clean training window).
        assertThat(count("SELECT count(DISTINCT group_key) FROM scenario_change")).isEqualTo(played.plan().changes().size());
        assertThat(count("SELECT count(*) FROM scenario_change WHERE \"at\" < TIMESTAMP '2019-07-10'")).isZero();
    }

    @Test
    void theUnitChangeSensorJumpsByTheFahrenheitConversion() throws Exception {
        InjectedChange unit = only(FleetPlan.UNIT_CHANGE);
        double before = mean(unit, "reading_time >= ?::TIMESTAMP - INTERVAL 2 DAY AND reading_time < ?::TIMESTAMP");
        double after = mean(unit, "reading_time >= ?::TIMESTAMP AND reading_time < ?::TIMESTAMP + INTERVAL 2 DAY");
        assertThat(after).isCloseTo(before * 9 / 5 + 32, within(2.0));
        assertThat(after - before).isGreaterThan(30);
    }

    @Test
    void deadSensorsStopAndAProbeThatDiesSendsNoTemperature() throws Exception {
        for (InjectedChange c : played.plan().changes()) {
            if (c.kind().equals(FleetPlan.DEAD_SENSOR)) {
                assertThat(countAt("SELECT count(*) FROM fleet_reading WHERE sensor_id = ? AND reading_time >= ?", c)).isZero();
                assertThat(countAt("SELECT count(*) FROM fleet_reading WHERE sensor_id = ? AND reading_time >= ?::TIMESTAMP - INTERVAL 1 DAY", c))
                        .isPositive();
            } else if (c.kind().equals(FleetPlan.MISSING_VALUES)) {
                assertThat(countAt("SELECT count(*) FROM fleet_reading WHERE sensor_id = ? AND reading_time >= ? AND temperature IS NOT NULL", c))
                        .isZero();
                assertThat(countAt("SELECT count(*) FROM fleet_reading WHERE sensor_id = ? AND reading_time >= ? AND humidity IS NOT NULL", c))
                        .isPositive();
                assertThat(countAt("SELECT count(*) FROM fleet_reading WHERE sensor_id = ? AND reading_time < ? AND temperature IS NULL", c))
                        .isZero();
            }
        }
        assertThat(count("SELECT count(*) FROM fleet_reading WHERE temperature IS NULL OR humidity IS NULL OR vibration IS NULL"))
                .isEqualTo(count("SELECT count(*) FROM fleet_reading r JOIN scenario_change c ON c.group_key = r.sensor_id "
                        + "AND c.kind = 'missing_values' AND r.reading_time >= c.\"at\""));
    }

    @Test
    void aConceptChangeLowersTheSensorsPassShare() throws Exception {
        for (InjectedChange c : played.plan().changes()) {
            if (c.kind().equals(FleetPlan.CONCEPT_CHANGE)) {
                double before = passShare(c, "r.reading_time < ?");
                double after = passShare(c, "r.reading_time >= ?");
                assertThat(after).as("sensor %d: %s", c.sensor(), c.detail()).isLessThan(before - 0.05);
            }
        }
    }

    @Test
    void aModelPerSensorClearlyBeatsOnePooledModel() throws Exception {
        // Before any change: train on 07-01..07-07, test on 07-07..07-10.
        Instant split = Instant.parse("2019-07-07T00:00:00Z");
        Instant end = Instant.parse("2019-07-10T00:00:00Z");
        List<Row> rows = new ArrayList<>();
        query("SELECT CAST(sensor_id AS INTEGER), epoch_ms(reading_time), temperature, humidity, vibration, outcome = 'pass' FROM fleet_reading "
                + "JOIN fleet_label USING (reading_id) WHERE reading_time < TIMESTAMP '2019-07-10' ORDER BY reading_id",
                rs -> rows.add(new Row(rs.getInt(1), rs.getLong(2), new double[] {rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)},
                        rs.getBoolean(6))));
        List<Integer> unchanged = new ArrayList<>();
        for (int s = 1; s <= 200 && unchanged.size() < 6; s++) {
            int sensor = s;
            if (played.plan().changes().stream().noneMatch(c -> c.sensor() == sensor)) {
                unchanged.add(s);
            }
        }
        // Pooled over the first 50 sensors (the tested ones among them), which keeps the test fast;
        // more sensors only give the pooled model more rules to average over.
        ScoringModel pooled = train(rows.stream().filter(r -> r.time < split.toEpochMilli() && r.sensor <= 50).toList());
        assertThat(unchanged).allMatch(s -> s <= 50);
        double own = 0;
        double shared = 0;
        for (int s : unchanged) {
            List<Row> mine = rows.stream().filter(r -> r.sensor == s).toList();
            List<Row> train = mine.stream().filter(r -> r.time < split.toEpochMilli()).toList();
            List<Row> test = mine.stream().filter(r -> r.time >= split.toEpochMilli() && r.time < end.toEpochMilli()).toList();
            double perSensor = accuracy(train(train), test);
            double pooledOnIt = accuracy(pooled, test);
            assertThat(perSensor).as("sensor %d: its own model against the pooled one (%.3f)", s, pooledOnIt).isGreaterThan(pooledOnIt);
            own += perSensor / unchanged.size();
            shared += pooledOnIt / unchanged.size();
        }
        assertThat(own).as("mean accuracy of the per-sensor models").isGreaterThan(0.9);
        assertThat(own - shared).as("per-sensor %.3f against pooled %.3f", own, shared).isGreaterThan(0.1);
    }

    @Test
    void theCommandRefusesAFleetSizeOutOfRange() {
        for (String n : List.of("0", "10001")) {
            CliTest.Result r = CliTest.run("--db", dir.resolve("refused.duckdb").toString(), "simulate", "--scenario", "fleet", "--sensors", n);
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("--sensors: " + n + " is not a fleet size; use 1 to 10,000 sensors");
        }
        CliTest.Result other = CliTest.run("--db", dir.resolve("refused.duckdb").toString(), "simulate", "--scenario", "glassware", "--sensors", "5");
        assertThat(other.exit()).isNotZero();
        assertThat(other.err()).contains("--sensors applies to fleet scenarios only");
    }

    private record Row(int sensor, long time, double[] x, boolean pass) {
    }

    private static ScoringModel train(List<Row> rows) {
        double[][] columns = new double[3][rows.size()];
        byte[] labels = new byte[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int f = 0; f < 3; f++) {
                columns[f][i] = rows.get(i).x[f];
            }
            labels[i] = (byte) (rows.get(i).pass ? 1 : 0);
        }
        TrainingData data = new TrainingData("fleet", DataWindow.parse("2019-07-01..2019-07-07"), FleetPlan.FEATURES, columns, labels, null, "test");
        return ScoringModel.of(RunTrainer.train(data, Trainers.CART, Map.of(), SplitSpec.DEFAULT, 1, ProgressSink.NONE).artifact());
    }

    private static double accuracy(ScoringModel model, List<Row> test) {
        double[][] columns = new double[3][test.size()];
        byte[] truth = new byte[test.size()];
        for (int i = 0; i < test.size(); i++) {
            for (int f = 0; f < 3; f++) {
                columns[f][i] = test.get(i).x[f];
            }
            truth[i] = (byte) (test.get(i).pass ? 1 : 0);
        }
        double[] p = new double[test.size()];
        model.predict(columns, 0, test.size(), p, null);
        return Metrics.of(truth, p).accuracy();
    }

    private String checksumOf(Path file, long seed) throws Exception {
        try (KilnStore other = KilnStore.open(file)) {
            FleetSetup.Prepared p = FleetSetup.prepare(other, scenario, seed, start -> new SimulationClock(start, SimulationClock.MAX));
            p.engine().run(ProgressSink.NONE, p.resumed());
            return other.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(CHECKSUM); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            });
        }
    }

    private InjectedChange only(String kind) {
        List<InjectedChange> found = played.plan().changes().stream().filter(c -> c.kind().equals(kind)).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private double mean(InjectedChange c, String window) throws SQLException {
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT avg(temperature) FROM fleet_reading WHERE sensor_id = ? AND " + window)) {
                ps.setString(1, Integer.toString(c.sensor()));
                Timestamps.bind(ps, 2, c.at());
                Timestamps.bind(ps, 3, c.at());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getDouble(1);
                }
            }
        });
    }

    private double passShare(InjectedChange c, String window) throws SQLException {
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT avg(CASE WHEN l.outcome = 'pass' THEN 1.0 ELSE 0.0 END) FROM fleet_reading r "
                    + "JOIN fleet_label l USING (reading_id) WHERE r.sensor_id = ? AND " + window)) {
                ps.setString(1, Integer.toString(c.sensor()));
                Timestamps.bind(ps, 2, c.at());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getDouble(1);
                }
            }
        });
    }

    private long countAt(String sql, InjectedChange c) throws SQLException {
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                ps.setString(1, Integer.toString(c.sensor()));
                Timestamps.bind(ps, 2, c.at());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private long count(String sql) throws SQLException {
        return SimTestSupport.count(store, sql);
    }

    private String text(String sql) throws SQLException {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowReader reader) throws SQLException {
        store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
            return null;
        });
    }
}
