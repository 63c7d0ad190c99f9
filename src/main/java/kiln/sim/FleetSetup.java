package kiln.sim;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import kiln.domain.DatasetSpec;
import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.domain.ingest.ImportRequest;
import kiln.domain.ingest.ImportResult;
import kiln.sim.FleetPlan.InjectedChange;
import kiln.sim.FleetPlan.Sensor;
import kiln.sim.scenario.FleetScenario;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import kiln.store.catalog.Catalog;
import kiln.store.ingest.ImportService;

/**
 * Gets the fleet scenario ready to play: its history generated, staged through the one import path into
 * a data set of its own (sensor as the group column), its units, expected ranges and injected changes
 * recorded; then played like a replay, reading by reading on the simulated clock with labels when they
 * come due. Playing it again on the same database goes on where the stored readings end.
 */
public final class FleetSetup {

    /** The storyline trains on the fleet's first week. */
    static final Duration TRAINING_DAYS = Duration.ofDays(7);
    /** Labelled rows a sensor needs in that week for a member of its own (kiln train --per-group's default). */
    static final int MIN_ROWS_PER_SENSOR = 200;

    private FleetSetup() {}

    /** When the storyline trains per sensor, registers the family and promotes it: the end of the fleet's first week. */
    public static Instant trainingMoment(FleetScenario scenario) {
        return scenario.start().plus(TRAINING_DAYS);
    }

    /** @param staged what staging did, or null when an earlier playing of the same fleet is resumed */
    public record Prepared(ReplayEngine engine, boolean resumed, ImportResult staged, FleetPlan plan) {
    }

    /**
     * @throws UserFacingException when the database holds a different fleet (or another data set of that name)
     */
    public static Prepared prepare(KilnStore db, FleetScenario scenario, long seed, Function<Instant, SimulationClock> clockAt)
            throws SQLException {
        return prepare(db, scenario, seed, SimulationEngine.SEED_GRID, clockAt);
    }

    /** @param sweep the sweep the storyline trains per sensor and the loop retrains with (a built-in name or a file) */
    public static Prepared prepare(KilnStore db, FleetScenario scenario, long seed, String sweep, Function<Instant, SimulationClock> clockAt)
            throws SQLException {
        String dataset = scenario.dataset();
        String signature = scenario.signature(seed);
        FleetPlan plan = new FleetPlan(scenario, seed);
        Optional<String> existing = db.read(conn -> description(conn, dataset));
        boolean resumed = existing.isPresent();
        ImportResult staged = null;
        if (resumed) {
            if (!existing.get().equals(signature) || !ReplaySetup.resumable(db, dataset)) {
                throw new UserFacingException("This database already holds data set '" + dataset + "' (" + existing.get()
                        + "); play this fleet (" + signature + ") into another database (--db)");
            }
        } else {
            staged = stage(db, plan, signature);
        }
        DatasetSpec spec = ReplayEngine.spec(db, dataset);
        // The storyline: a week of readings, then train per sensor on the labels known by then, register the family, promote it.
        Instant trainTo = trainingMoment(scenario);
        String window = scenario.start().toString().substring(0, 10) + ".." + trainTo.minus(Duration.ofDays(1)).toString().substring(0, 10);
        ReplayEngine engine = new ReplayEngine(db, spec, ImportService.replayTable(dataset), clockAt.apply(scenario.start()),
                sweep, ReplaySetup.familyStoryline(trainTo, window, MIN_ROWS_PER_SENSOR));
        return new Prepared(engine, resumed, staged, plan);
    }

    private static ImportResult stage(KilnStore db, FleetPlan plan, String signature) throws SQLException {
        FleetScenario scenario = plan.scenario();
        Path csv = null;
        try {
            csv = Files.createTempFile("kiln-fleet-", ".csv");
            try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                new FleetGenerator(plan).writeCsv(w);
            }
            ImportRequest request = new ImportRequest(csv, scenario.dataset(), FleetGenerator.ID, FleetGenerator.TIME, FleetGenerator.GROUP,
                    FleetGenerator.LABEL, FleetPlan.FEATURES, ImportRequest.DEFAULT_TOLERANCE, FleetGenerator.PASS, false,
                    FleetGenerator.LABEL_TIME).staged(ImportService.replayTable(scenario.dataset()), null);
            ImportResult result = new ImportService(db).importFile(request, ProgressSink.NONE);
            db.writeTransaction(conn -> {
                describe(conn, plan, signature);
                record(conn, scenario.dataset(), plan.changes());
                return null;
            });
            return result;
        } catch (IOException e) {
            throw new UserFacingException("Cannot write the fleet's history to a temporary file: " + e.getMessage(), e);
        } finally {
            if (csv != null) {
                try {
                    Files.deleteIfExists(csv);
                } catch (IOException e) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }

    private static Optional<String> description(Connection conn, String dataset) throws SQLException {
        if (Catalog.find(conn, dataset).isEmpty()) {
            return Optional.empty();
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT coalesce(description, '') FROM dataset WHERE name = ?")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.of(rs.getString(1));
            }
        }
    }

    /**
     * The catalogue says what the fleet is: the signature (so a resume can tell it is the same fleet),
     * units, and the range the sensors' processes stay in (not the file's extremes, which hold the °F readings).
     */
    private static void describe(Connection conn, FleetPlan plan, String signature) throws SQLException {
        String dataset = plan.scenario().dataset();
        try (PreparedStatement ps = conn.prepareStatement("UPDATE dataset SET description = ?, source = ? WHERE name = ?")) {
            ps.setString(1, signature);
            ps.setString(2, "simulate " + plan.scenario().name());
            ps.setString(3, dataset);
            ps.executeUpdate();
        }
        double[][] ranges = expectedRanges(plan);
        try (PreparedStatement ps = conn.prepareStatement("UPDATE dataset_feature SET unit = ?, expected_min = ?, expected_max = ? "
                + "WHERE dataset = ? AND name = ?")) {
            for (int f = 0; f < FleetPlan.FEATURES.size(); f++) {
                ps.setString(1, FleetPlan.UNITS.get(f));
                ps.setDouble(2, ranges[f][0]);
                ps.setDouble(3, ranges[f][1]);
                ps.setString(4, dataset);
                ps.setString(5, FleetPlan.FEATURES.get(f));
                ps.executeUpdate();
            }
        }
    }

    /** Per feature {min, max} over the fleet of each sensor's normal range (mean ± 4 sd, or its uniform range). */
    static double[][] expectedRanges(FleetPlan plan) {
        double[][] r = {{Double.MAX_VALUE, -Double.MAX_VALUE}, {Double.MAX_VALUE, -Double.MAX_VALUE}, {Double.MAX_VALUE, -Double.MAX_VALUE}};
        for (int s = 1; s <= plan.size(); s++) {
            Sensor x = plan.sensor(s);
            widen(r[FleetPlan.TEMPERATURE], x.tempMean() - 4 * x.tempSd(), x.tempMean() + 4 * x.tempSd());
            widen(r[FleetPlan.HUMIDITY], x.humidityLow() - 2, x.humidityLow() + x.humidityWidth() + 2);
            widen(r[FleetPlan.VIBRATION], Math.max(0, x.vibrationMean() - 4 * x.vibrationSd()), x.vibrationMean() + 4 * x.vibrationSd());
        }
        for (double[] range : r) {
            range[0] = Math.floor(range[0]);
            range[1] = Math.ceil(range[1]);
        }
        return r;
    }

    private static void widen(double[] range, double low, double high) {
        range[0] = Math.min(range[0], low);
        range[1] = Math.max(range[1], high);
    }

    private static void record(Connection conn, String dataset, List<InjectedChange> changes) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO scenario_change (dataset, change_no, kind, group_key, feature, \"at\", "
                + "shared, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (InjectedChange c : changes) {
                ps.setString(1, dataset);
                ps.setInt(2, c.changeNo());
                ps.setString(3, c.kind());
                ps.setString(4, Integer.toString(c.sensor()));
                ps.setString(5, c.feature());
                Timestamps.bind(ps, 6, c.at());
                ps.setBoolean(7, c.shared());
                ps.setString(8, c.detail());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
