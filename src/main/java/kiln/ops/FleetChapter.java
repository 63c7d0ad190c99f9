package kiln.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import kiln.domain.AlertState;
import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.sim.FleetSetup;
import kiln.sim.ReplayEngine;
import kiln.sim.SimulationClock;
import kiln.sim.SimulationSummary;
import kiln.sim.scenario.FleetScenario;
import kiln.sim.scenario.FleetScenarioReader;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.SqlWork;
import kiln.store.Timestamps;

/**
 * The guided demo's second story: a fleet of sensors, each with a model of its own. It plays the fleet
 * scenario (into its own data set of the demo database) with the same live loop as {@code kiln simulate
 * --scenario fleet --score --auto-retrain}: the storyline trains per sensor and promotes the family,
 * every reading is scored by its sensor's member, the fleet monitor groups alert storms into incidents,
 * and a sensor's own alert retrains that sensor alone. One engine and one loop serve the whole chapter,
 * so a paused step goes on where it stopped and alerts waiting for labels stay waiting across steps.
 * What each step says is read back from the tables.
 */
final class FleetChapter {

    /** Sensors the demo plays: enough for an alert storm of many sensors, few enough for a step of about a minute on two cores. */
    static final int SENSORS = 100;
    /** The seed grid's decision trees: per sensor, forests would take minutes and win nothing on rules this simple. */
    static final String SWEEP = "seed-grid-trees";

    private static final FleetScenario SCENARIO = FleetScenarioReader.resolve(FleetScenarioReader.BUILT_IN)
            .orElseThrow(() -> new IllegalStateException("the built-in fleet scenario is missing")).withSensors(SENSORS);
    private static final Instant TRAINING = FleetSetup.trainingMoment(SCENARIO);
    /** Most readings per batch: a day of the whole fleet. */
    private static final int BATCH_ROWS = 100_000;
    /** How long after the shared change the storm step waits for its incident (labels come two days later, at midnight). */
    private static final Duration STORM_WAIT = Duration.ofDays(5);
    private static final int NAMED = 10;

    static final List<GuidedDemo.Step> STEPS = List.of(
            new GuidedDemo.Step("A fleet", String.format(Locale.ROOT, "A second story, in its own data set: %d sensors, each with its own "
                    + "process and quality rule, a reading every %d minutes from %s. After the first week (%s), train the seed grid's "
                    + "decision trees per sensor plus one pooled model, register them as one family and promote it.", SENSORS,
                    SCENARIO.effectiveCadence().toMinutes(), day(SCENARIO.start()), day(TRAINING)), "registry", false, SCENARIO.dataset()),
            new GuidedDemo.Step("Alert storm", String.format(Locale.ROOT, "Every reading is scored by its sensor's member and each "
                    + "sensor is watched against its own baseline. On %s %s the rule of %d sensors changes at once: their alerts "
                    + "come as one incident, not a pop-up per sensor. A °F sensor and dead sensors are named as data faults.",
                    day(SCENARIO.stormAt()), SCENARIO.stormAt().toString().substring(11, 16), SCENARIO.stormSensors()), "fleet", false, SCENARIO
                            .dataset()),
            new GuidedDemo.Step("Per-sensor retrain", "A sensor whose model no longer fits is retrained on its own labels and promoted in "
                    + "its own scope; the other sensors keep their member. Data faults are not retrained: a model must not learn "
                    + "broken readings.", "fleet", false, SCENARIO.dataset()));

    private final KilnStore store;
    private ReplayEngine engine;
    private LiveOps live;
    /** Readings the first step staged (0 when the data set was there already). */
    private long stagedRows;

    FleetChapter(KilnStore store) {
        this.store = store;
    }

    /** Runs the chapter's step {@code index} (0-based) and says what happened; a cancelled step throws and can be run again. */
    String run(int index, ProgressSink sink) {
        return switch (index) {
            case 0 -> trainFamily(sink);
            case 1 -> storm(sink);
            case 2 -> retrain(sink);
            default -> throw new IllegalArgumentException("the fleet chapter has " + STEPS.size() + " steps");
        };
    }

    private String trainFamily(ProgressSink sink) {
        // A day past the training moment, so the family is seen scoring.
        long readings = play(TRAINING.plus(Duration.ofDays(1)), sink);
        Family f = family();
        String staged = stagedRows > 0 ? String.format(Locale.ROOT, "%,d readings of %d sensors staged as data set %s. ", stagedRows, SENSORS,
                SCENARIO.dataset()) : "";
        return String.format(Locale.ROOT, "%sPlayed to %s (%,d readings); %d runs trained per sensor and pooled. Family %s v%d..v%d in "
                + "production from %s: %d sensors with a member of their own, %d left to the pooled member. Held-out accuracy: "
                + "members %.1f %% on average, the pooled model %.1f %%.", staged, day(now()), readings, f.runs(), model(),
                f.firstVersion(), f.lastVersion(), day(f.promotedAt()), f.members(), SENSORS - f.members(), f.memberAccuracy() * 100,
                f.pooledAccuracy() * 100);
    }

    private String storm(ProgressSink sink) {
        requireFamily();
        Instant stormDay = SCENARIO.stormAt().truncatedTo(ChronoUnit.DAYS);
        long readings = 0;
        Instant until = now();
        Incident storm = null;
        // Play in half days past the shared change until the monitor has grouped its alerts (two days later, with the labels).
        Instant giveUp = SCENARIO.stormAt().plus(STORM_WAIT);
        while ((storm == null || storm.members() * 2 < SCENARIO.stormSensors()) && until.isBefore(giveUp)) {
            until = until.isBefore(stormDay) ? stormDay : nextMidnight(until);
            readings += play(until, sink);
            storm = largestIncident(stormDay);
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "Played to %s: %,d more readings, each scored by its sensor's member. ",
                minute(now()), readings));
        text.append(storm == null ? "No incident opened for the shared change. "
                : String.format(Locale.ROOT, "One incident, #%d: %s. ", storm.id(), storm.summary()));
        text.append(dataFaults());
        List<String> retrained = retrainedSensors();
        if (!retrained.isEmpty()) {
            text.append(String.format(Locale.ROOT, " Meanwhile %d sensor%s whose own rule changed earlier %s retrained one by one (%s).",
                    retrained.size(), retrained.size() == 1 ? "" : "s", retrained.size() == 1 ? "was" : "were", names(retrained)));
        }
        return text.toString();
    }

    private String retrain(ProgressSink sink) {
        requireFamily();
        Instant stormDay = SCENARIO.stormAt().truncatedTo(ChronoUnit.DAYS);
        Incident storm = largestIncident(stormDay);
        if (storm == null) {
            throw new UserFacingException("Run the alert storm step first.");
        }
        long readings = 0;
        Instant until = now();
        // Play on until every sensor of the storm's incident has been dealt with: retrained, or its alert answered.
        while (waitingSensors(storm) > 0 && until.isBefore(SCENARIO.end())) {
            until = nextMidnight(until);
            readings += play(until, sink);
        }
        // Then until the first whole day under the last new member is labelled, so its sensor is seen recovering.
        Instant lastRetrain = instant("SELECT max(\"at\") FROM model_event WHERE model_name = ? AND action = 'promote' AND scope <> 'pooled'",
                model());
        Instant recovered = lastRetrain == null ? until : nextMidnight(lastRetrain).plus(SCENARIO.labelDelay().delay());
        if (recovered.isAfter(now()) && recovered.isBefore(SCENARIO.end())) {
            readings += play(recovered, sink);
        }
        List<String> retrained = retrainedSensors();
        // The retrained sensors' labelled decisions after their own retrain, whichever member made them.
        double after = fraction("SELECT sum(k.correct) / nullif(sum(k.labelled), 0) FROM fleet_kpi k JOIN (SELECT scope, max(\"at\") AS at "
                + "FROM model_event WHERE model_name = ? AND action = 'promote' AND scope <> 'pooled' AND \"at\" > ? GROUP BY scope) e "
                + "ON e.scope = k.group_key WHERE k.model_name = ? AND k.granularity = 'day' AND k.window_start >= e.at",
                model(), family().promotedAt(), model());
        long notPromoted = count("SELECT count(*) FROM model_event e JOIN model_version v ON v.model_name = e.model_name "
                + "AND v.version = e.version WHERE e.model_name = ? AND e.action = 'gate' AND e.alias = 'failed' AND v.scope <> 'pooled'", model());
        long kept = count("SELECT count(*) FROM model_version WHERE model_name = ? AND alias = 'production' AND scope <> 'pooled' AND version <= ?",
                model(), family().lastVersion());
        long unexplained = count("SELECT count(DISTINCT e.scope) FROM model_event e WHERE e.model_name = ? AND e.action = 'promote' "
                + "AND e.\"at\" > ? AND e.scope <> 'pooled' AND NOT EXISTS (SELECT 1 FROM scenario_change c WHERE c.dataset = ? "
                + "AND c.group_key = e.scope AND c.kind = 'concept_change' AND c.\"at\" < e.\"at\")", model(), family().promotedAt(),
                SCENARIO.dataset());
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "Played to %s (%,d more readings). %d sensors retrained and "
                + "promoted one by one since %s (%s)%s; %s. The other %d keep their %s member. ", minute(now()), readings, retrained.size(),
                day(family().promotedAt()), names(retrained),
                notPromoted > 0 ? String.format(Locale.ROOT, ", %d candidate%s stopped by the gate", notPromoted, notPromoted == 1 ? "" : "s") : "",
                unexplained == 0 ? "each one whose rule really changed (the scenario's record)"
                        : String.format(Locale.ROOT, "%d without a rule change in the scenario's record", unexplained),
                kept, day(family().promotedAt())));
        if (!Double.isNaN(after)) {
            text.append(String.format(Locale.ROOT, "Retrained sensors since their retrain: %.1f %% right. ", after * 100));
        }
        List<String> faulty = strings("SELECT group_key FROM alert WHERE model_name = ? AND rule IN ('fleet-unit-change', 'fleet-dead-sensor') "
                + "GROUP BY group_key ORDER BY min(window_start)", model());
        text.append(faulty.isEmpty() ? "No data fault named." : "Data faults, not retrained: sensor" + (faulty.size() == 1 ? " " : "s ")
                + names(faulty) + ".");
        return text.toString();
    }

    /**
     * Plays the fleet until {@code until} with the live loop, a day per batch cut at midnight, when the
     * day's labels arrive (the monitor has nothing new to judge in between); returns the readings written.
     */
    private long play(Instant until, ProgressSink sink) {
        long readings = 0;
        for (Instant to = nextMidnight(now());; to = nextMidnight(to)) {
            readings += playBatch(to.isBefore(until) ? to : until, sink);
            if (!to.isBefore(until)) {
                return readings;
            }
        }
    }

    private long playBatch(Instant until, ProgressSink sink) {
        try {
            if (engine == null) {
                FleetSetup.Prepared prepared = FleetSetup.prepare(store, SCENARIO, SCENARIO.seed(), SWEEP,
                        start -> new SimulationClock(start, SimulationClock.MAX));
                engine = prepared.engine();
                stagedRows = prepared.staged() == null ? 0 : prepared.staged().rowsImported();
                // The loop's own monitor runs on the simulated clock, so alerts and their answers carry the fleet's time.
                live = LiveOps.attach(store, engine, null, true, 0);
                engine.batches(BATCH_ROWS, Duration.ofDays(1), 1);
            }
            // The storyline trains and promotes once: a step paused right after it must not do it again.
            engine.allowModelChanges(!live.registry().modelNames().contains(model()));
            engine.until(until);
            SimulationSummary s = engine.run(sink, true);
            JobCancelledException.throwIfCancelled(sink, "The fleet simulation");
            return s.readingsWritten();
        } catch (SQLException e) {
            throw new DataAccessException("The fleet simulation failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException("The fleet simulation was interrupted");
        }
    }

    private static Instant nextMidnight(Instant t) {
        return t.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
    }

    private Instant now() {
        return engine == null ? SCENARIO.start() : engine.clock().now();
    }

    private String model() {
        return SCENARIO.dataset(); // the loop names the model after its data set
    }

    private void requireFamily() {
        if (engine == null || count("SELECT count(*) FROM model_version WHERE model_name = ? AND alias = 'production'", model()) == 0) {
            throw new UserFacingException("Run the fleet step first: it trains and promotes the family.");
        }
    }

    /** What the storyline registered and promoted. */
    private record Family(int firstVersion, int lastVersion, Instant promotedAt, int members, long runs, double memberAccuracy,
            double pooledAccuracy) {
    }

    private Family family() {
        return read("Reading the family", conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT min(v.version), max(v.version), min(e.\"at\"), "
                    + "count(*) FILTER (WHERE v.scope <> 'pooled'), any_value(r.experiment_id), "
                    + "avg(TRY_CAST(json_extract_string(r.metrics, '$.accuracy') AS DOUBLE)) FILTER (WHERE v.scope <> 'pooled'), "
                    + "max(TRY_CAST(json_extract_string(r.metrics, '$.accuracy') AS DOUBLE)) FILTER (WHERE v.scope = 'pooled') "
                    + "FROM model_version v JOIN run r ON r.run_id = v.run_id JOIN model_event e ON e.model_name = v.model_name "
                    + "AND e.version = v.version AND e.action = 'promote' WHERE v.model_name = ? AND e.\"at\" = (SELECT min(\"at\") "
                    + "FROM model_event WHERE model_name = ? AND action = 'promote')")) {
                ps.setString(1, model());
                ps.setString(2, model());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getObject(1) == null) {
                        throw new UserFacingException("The fleet's storyline registered no family (see the log for the training's outcome).");
                    }
                    long runs = countIn(conn, "SELECT count(*) FROM run WHERE experiment_id = ?", rs.getLong(5));
                    return new Family(rs.getInt(1), rs.getInt(2), Timestamps.read(rs, 3), rs.getInt(4), runs, rs.getDouble(6), rs.getDouble(7));
                }
            }
        });
    }

    /** An incident of the fleet monitor: its id, members and the monitor's own summary. */
    private record Incident(long id, int members, String summary) {
    }

    /** The incident with the most sensors among those of windows from {@code since} on, of the rules that mean a model no longer fits. */
    private Incident largestIncident(Instant since) {
        return read("Reading the fleet's incidents", conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT incident_id, members, summary FROM incident WHERE model_name = ? "
                    + "AND window_start >= ? AND rule IN ('fleet-drop', 'fleet-below-band') AND members > 1 "
                    + "ORDER BY members DESC, incident_id LIMIT 1")) {
                ps.setString(1, model());
                Timestamps.bind(ps, 2, since);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Incident(rs.getLong(1), rs.getInt(2), rs.getString(3)) : null;
                }
            }
        });
    }

    /** Sensors of an incident neither retrained since its window nor with every alert of it answered. */
    private long waitingSensors(Incident incident) {
        return count("SELECT count(DISTINCT a.group_key) FROM alert a JOIN incident i ON i.incident_id = a.incident_id WHERE a.incident_id = ? "
                + "AND a.state <> ? AND NOT EXISTS (SELECT 1 FROM model_version v WHERE v.model_name = i.model_name "
                + "AND v.scope = a.group_key AND v.created_at >= i.window_start)", incident.id(), AlertState.ACKNOWLEDGED.stored());
    }

    /** Sensors promoted a member of their own after the family's promotion, in the order they were retrained. */
    private List<String> retrainedSensors() {
        return strings("SELECT scope FROM model_event WHERE model_name = ? AND action = 'promote' AND scope <> 'pooled' AND \"at\" > "
                + "(SELECT min(\"at\") FROM model_event WHERE model_name = ? AND action = 'promote') GROUP BY scope ORDER BY min(\"at\"), "
                + "TRY_CAST(scope AS INTEGER), scope", model(), model());
    }

    /** "Data faults named: sensor 48's temperature in another unit from 07-17 (fleet-unit-change); sensors 47, 92 dead (fleet-dead-sensor)." */
    private String dataFaults() {
        String named = faultedSensors();
        return named.isEmpty() ? "No data fault named yet." : "Data faults named: " + named + ".";
    }

    private String faultedSensors() {
        List<String> unit = strings("SELECT group_key || '''s ' || feature || ' in another unit from ' || strftime(min(window_start), '%m-%d') "
                + "FROM alert WHERE model_name = ? AND rule = 'fleet-unit-change' GROUP BY group_key, feature ORDER BY min(window_start)", model());
        List<String> dead = strings("SELECT group_key FROM alert WHERE model_name = ? AND rule = 'fleet-dead-sensor' GROUP BY group_key "
                + "ORDER BY min(window_start), TRY_CAST(group_key AS INTEGER)", model());
        List<String> parts = new ArrayList<>();
        if (!unit.isEmpty()) {
            parts.add("sensor " + String.join(", sensor ", unit) + " (fleet-unit-change)");
        }
        if (!dead.isEmpty()) {
            parts.add((dead.size() == 1 ? "sensor " : "sensors ") + names(dead) + " dead (fleet-dead-sensor)");
        }
        return String.join("; ", parts);
    }

    private static String names(List<String> keys) {
        return keys.size() <= NAMED ? String.join(", ", keys) : String.join(", ", keys.subList(0, NAMED)) + " and " + (keys.size() - NAMED) + " more";
    }

    private long count(String sql, Object... params) {
        return read("Reading the fleet's tables", conn -> {
            try (PreparedStatement ps = prepare(conn, sql, params); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static long countIn(Connection conn, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(conn, sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> strings(String sql, Object... params) {
        return read("Reading the fleet's tables", conn -> {
            List<String> list = new ArrayList<>();
            try (PreparedStatement ps = prepare(conn, sql, params); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(rs.getString(1));
                }
            }
            return list;
        });
    }

    private Instant instant(String sql, Object... params) {
        return read("Reading the fleet's tables", conn -> {
            try (PreparedStatement ps = prepare(conn, sql, params); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Timestamps.read(rs, 1) : null;
            }
        });
    }

    /** A ratio the query returns, NaN when it has none (no labelled rows yet). */
    private double fraction(String sql, Object... params) {
        return read("Reading the fleet's tables", conn -> {
            try (PreparedStatement ps = prepare(conn, sql, params); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Double.NaN;
                }
                double v = rs.getDouble(1);
                return rs.wasNull() ? Double.NaN : v;
            }
        });
    }

    private static PreparedStatement prepare(Connection conn, String sql, Object... params) throws SQLException {
        PreparedStatement ps = conn.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof Instant t) {
                Timestamps.bind(ps, i + 1, t);
            } else {
                ps.setObject(i + 1, params[i]);
            }
        }
        return ps;
    }

    private <T> T read(String what, SqlWork<T> work) {
        try {
            return store.read(work);
        } catch (SQLException e) {
            throw new DataAccessException(what + " failed", e);
        }
    }

    private static String day(Instant t) {
        return t == null ? "?" : t.toString().substring(0, 10);
    }

    private static String minute(Instant t) {
        return t == null ? "?" : t.toString().substring(0, 16).replace('T', ' ');
    }
}
