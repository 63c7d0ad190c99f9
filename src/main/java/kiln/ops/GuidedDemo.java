package kiln.ops;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import kiln.domain.Alert;
import kiln.domain.AlertKind;
import kiln.domain.AlertState;
import kiln.domain.JobCancelledException;
import kiln.domain.ModelVersion;
import kiln.domain.ProgressSink;
import kiln.domain.Run;
import kiln.domain.UserFacingException;
import kiln.ml.DataWindow;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.sweep.SweepResult;
import kiln.ml.sweep.SweepRunner;
import kiln.ml.sweep.SweepSpec;
import kiln.monitor.MonitorService;
import kiln.registry.ModelRegistry;
import kiln.scoring.Scorer;
import kiln.sim.SimulationClock;
import kiln.sim.SimulationEngine;
import kiln.sim.SimulationSummary;
import kiln.sim.scenario.Regime;
import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioReader;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.Timestamps;

/**
 * The seed's storyline as guided steps for presenters: explore → sweep → promote → stream → drift →
 * retrain → recovered, then the fleet chapter ({@link FleetChapter}: a model per sensor, an alert
 * storm seen as one incident, per-sensor retraining). Each step is one call that plays the glassware scenario up to its moment (at
 * max speed, deterministically) and does that step's work; the caller shows the named workspace and
 * the caption. A step that is cancelled can simply be run again: the simulator resumes, sweeps reuse
 * finished runs, and nothing is written twice. Steps run one at a time (a second call waits for the
 * first), and a step that is already done answers with what it said then, so a presenter who pauses
 * and presses the step again never runs it twice.
 */
public final class GuidedDemo {

    /**
     * One step: what the presenter says and which workspace shows it.
     *
     * @param followsRun the workspace shows the step's work as it happens (the sweep board, the live
     *                   Monitor), so it is worth showing while the step runs and not only once it is done
     * @param model      the model the workspace should show (the demo database holds both stories' models)
     */
    public record Step(String title, String caption, String workspace, boolean followsRun, String model) {
    }

    private static final String MODEL = "glassware";

    /** The glassware story's steps; the fleet chapter's follow. */
    private static final List<Step> GLASSWARE_STEPS = List.of(
            new Step("Explore the data", "Ten days of glass production (1–10 July): temperature, pressure and duration per product, "
                    + "and the quality inspection two days later. Bad products sit at the edges of temperature and pressure.", "data", false, MODEL),
            new Step("Sweep", "On 11 July, train the seed's grid (decision trees, random forests) on the labelled data of 1–10 July, "
                    + "in background workers; every run is tracked.", "experiments", true, MODEL),
            new Step("Promote", "The best run becomes version 1 and goes to production; who promoted it and when is recorded.", "registry", false,
                    MODEL),
            new Step("Stream", "Production goes on, every product is scored by version 1, and the daily accuracy stays in its 80–100 % band.",
                    "monitor", true, MODEL),
            new Step("Drift", "On 18 July what makes a good product changes. The sensors look the same; two days later the labels tell: "
                    + "accuracy leaves its band and an alert fires.", "monitor", true, MODEL),
            new Step("Retrain", "Retrain on the labelled data since the change, compare with production on the same days, "
                    + "and promote version 2.", "monitor", true, MODEL),
            new Step("Recovered", "Accuracy is back in band. When the rule changes again on 3 August, Kiln retrains by itself. "
                    + "The faded line shows what would have happened without retraining; the hidden change points are revealed.", "monitor", true,
                    MODEL));

    public static final List<Step> STEPS = Stream.concat(GLASSWARE_STEPS.stream(), FleetChapter.STEPS.stream()).toList();
    /** The index of the fleet chapter's first step. */
    public static final int FLEET_CHAPTER = GLASSWARE_STEPS.size();
    /** Sensors the fleet chapter plays (its captions say so too). */
    public static final int FLEET_SENSORS = FleetChapter.SENSORS;

    private static final int SWEEP_STEP = 1;
    private static final DataWindow SWEEP_WINDOW = DataWindow.parse("2019-07-01..2019-07-10");
    private static final Instant SWEEP_AT = Instant.parse("2019-07-11T00:00:00Z");
    private static final Instant STREAM_UNTIL = Instant.parse("2019-07-18T12:00:00Z");
    private static final Instant DRIFT_UNTIL = Instant.parse("2019-07-22T01:00:00Z");

    private final KilnStore store;
    private final MonitorService monitor;
    private final Scenario scenario;
    private final FleetChapter fleet;
    // Read on the UI thread while a worker runs a step (which holds this object's lock for its whole length).
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private volatile int next;
    private volatile Run best;

    public GuidedDemo(KilnStore store, MonitorService monitor) {
        this.store = store;
        this.monitor = monitor;
        this.scenario = ScenarioReader.resolve("glassware");
        this.fleet = new FleetChapter(store);
    }

    /** Index of the step the next {@link #runNext} call runs; {@code STEPS.size()} when done. */
    public int nextStep() {
        return next;
    }

    public boolean finished() {
        return next >= STEPS.size();
    }

    /** Runs the next step and returns what happened in a sentence; the step counter moves on only on success. */
    public String runNext(ProgressSink sink) {
        return runStep(next, sink, SweepListener.NONE);
    }

    /**
     * Runs step {@code index} when it is the next one and returns what happened in a sentence; for a
     * step already done, returns what it said then without running it again. The sweep step reports
     * its runs to {@code sweepListener} as they start and finish.
     *
     * @throws UserFacingException when the demo is at its end, or {@code index} lies beyond the next step
     */
    public synchronized String runStep(int index, ProgressSink sink, SweepListener sweepListener) {
        if (index < next) {
            return outcomes.get(index);
        }
        if (finished()) {
            throw new UserFacingException("The demo is at its end; reset it to start again.");
        }
        if (index != next) {
            throw new UserFacingException("Step " + (index + 1) + " comes after step " + (next + 1) + ": run that first.");
        }
        String result = switch (next) {
            case 0 -> explore(sink);
            case SWEEP_STEP -> sweep(sink, sweepListener);
            case 2 -> promote();
            case 3 -> play(STREAM_UNTIL, false, sink);
            case 4 -> drift(sink);
            case 5 -> retrain(sink);
            case 6 -> recover(sink);
            default -> fleet.run(next - FLEET_CHAPTER, sink);
        };
        outcomes.add(result);
        next++;
        return result;
    }

    /** What step {@code index} said when it ran; empty while it has not run. */
    public Optional<String> outcome(int index) {
        return index >= 0 && index < outcomes.size() ? Optional.of(outcomes.get(index)) : Optional.empty();
    }

    /** The sweep the next step runs, when it runs one: screens show its grid before it starts. */
    public Optional<SweepRequest> sweepAhead() {
        return next == SWEEP_STEP ? Optional.of(sweepRequest()) : Optional.empty();
    }

    /** The run the sweep step chose and the promote step puts into production; empty before the sweep. */
    public Optional<Run> bestRun() {
        return Optional.ofNullable(best);
    }

    private static SweepRequest sweepRequest() {
        SweepSpec seed = SweepSpec.resolve(LiveOps.DEFAULT_SWEEP);
        // The request's data set and window are the ones that run, so the spec says them too.
        SweepSpec spec = new SweepSpec(seed.name(), seed.description(), seed.seed(), seed.split(), seed.metric(), MODEL, SWEEP_WINDOW,
                List.of(), seed.trainers());
        return new SweepRequest(spec, MODEL, SWEEP_WINDOW, List.of(), 0);
    }

    private String explore(ProgressSink sink) {
        SimulationSummary s = run(engine(SWEEP_AT), sink);
        return String.format(Locale.ROOT, "%,d products made and %,d inspected by %s.", s.readingsWritten(), s.labelsWritten(), day(SWEEP_AT));
    }

    private String sweep(ProgressSink sink, SweepListener listener) {
        SweepRequest request = sweepRequest();
        SweepResult result = new SweepRunner(store).run(request, sink, listener);
        JobCancelledException.throwIfCancelled(sink, "The sweep");
        best = bestOf(result, request.spec()).orElseThrow(() -> new UserFacingException("No run of the sweep finished."));
        return result.outcomes().size() + " runs trained; best: " + describe(best, request.spec().metric()) + ".";
    }

    /**
     * The sweep's best run: by its metric, equal values to the lower log loss, then the earlier run (the
     * sweep's own ranking, which the Experiments and Registry screens use too), so every screen names the
     * same best run.
     */
    static Optional<Run> bestOf(SweepResult result, SweepSpec spec) {
        return result.best().map(SweepResult.Outcome::run);
    }

    /** "run #8 random-forest (maxDepth=5, numTrees=25), accuracy 0.9217": the run as the Experiments screen names it. */
    static String describe(Run run, String metric) {
        return String.format(Locale.ROOT, "run #%d %s (%s), %s %.4f", run.runId(), run.trainer(), gridParams(run), metric, run.metric(metric));
    }

    /** The parameters the seed grid varies; the fixed ones would only lengthen the sentence. */
    private static String gridParams(Run run) {
        return run.params() == null ? "" : run.params().entrySet().stream()
                .filter(e -> e.getKey().equals("maxDepth") || e.getKey().equals("numTrees"))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private String promote() {
        Run chosen = best;
        if (chosen == null) {
            throw new UserFacingException("Run the sweep step first.");
        }
        ModelRegistry registry = new ModelRegistry(store, () -> LiveOps.afterStoredReadings(store, MODEL, SWEEP_AT));
        ModelVersion v = registry.register((int) chosen.runId(), MODEL, "best of the seed grid (guided demo)", ModelOpsLoop.ACTOR);
        registry.promote(MODEL, v.version(), ModelVersion.PRODUCTION, "guided demo: best of the seed grid", ModelRegistry.currentUser());
        return MODEL + " v" + v.version() + " (run #" + chosen.runId() + ") is in production from " + day(SWEEP_AT) + ".";
    }

    private String drift(ProgressSink sink) {
        play(DRIFT_UNTIL, false, sink);
        Optional<Alert> alert = firingKpiAlert();
        return alert.map(a -> String.format(Locale.ROOT, "Alert #%d: accuracy %.0f %% below the %.0f %% band for %s … %s.", a.alertId(),
                a.value() * 100, a.threshold() * 100, day(a.windowStart()), day(a.windowEnd())))
                .orElse("Accuracy fell; the alert fires once a second day below the band is labelled.");
    }

    private String retrain(ProgressSink sink) {
        Alert alert = firingKpiAlert().orElseThrow(() -> new UserFacingException("There is no firing accuracy alert to retrain on."));
        Instant now = Instant.parse("2019-07-22T00:00:00Z").isAfter(alert.firedAt()) ? Instant.parse("2019-07-22T00:00:00Z") : alert.firedAt();
        ModelRegistry registry = new ModelRegistry(store, () -> LiveOps.afterStoredReadings(store, MODEL, now));
        Retrainer retrainer = new Retrainer(store, registry, MODEL, MODEL, SweepSpec.resolve(LiveOps.DEFAULT_SWEEP), 300, 0);
        Retrainer.Proposal proposal = retrainer.propose(alert, newestReading(), sink, ModelRegistry.currentUser());
        JobCancelledException.throwIfCancelled(sink, "The retraining");
        if (proposal.candidate().isEmpty() || !proposal.verdict().passed()) {
            monitor.acknowledge(alert.alertId(), "guided demo: " + proposal.summary(), ModelRegistry.currentUser());
            return "The retrained model did not beat production: " + proposal.summary();
        }
        ModelVersion promoted = retrainer.promote(proposal, "guided demo: " + proposal.summary(), ModelRegistry.currentUser());
        monitor.acknowledge(alert.alertId(), "guided demo: " + proposal.summary() + "; v" + promoted.version() + " promoted",
                ModelRegistry.currentUser());
        new Scorer(store, registry, MODEL, () -> now).catchUp(ProgressSink.NONE);
        monitor.update();
        return "v" + promoted.version() + " promoted: " + proposal.verdict().text() + ".";
    }

    private String recover(ProgressSink sink) {
        String played = play(null, true, sink);
        revealChangePoints();
        monitor.update();
        return played + " Change points revealed: " + String.join(", ", changePoints().stream().map(c -> c.label() + " " + c.at()).toList()) + ".";
    }

    /** Plays the scenario with the live loop until {@code until} (null: the end). */
    private String play(Instant until, boolean autoRetrain, ProgressSink sink) {
        SimulationEngine engine = engine(until);
        LiveOps live = LiveOps.attach(store, engine, monitor, autoRetrain, 0);
        engine.setActionHandler((action, at) -> {}); // the demo takes the scenario's steps itself
        engine.batchRows(LiveOps.BATCH_PRODUCTS);
        SimulationSummary s = run(engine, sink);
        long rescored = until == null ? live.finish(s.simulatedTime(), sink) : 0;
        monitor.update();
        long promotions = live.loop().steps().stream().filter(st -> "promote".equals(st.kind())).count();
        return String.format(Locale.ROOT, "Played to %s: %,d more products scored%s%s.", day(s.simulatedTime()), s.readingsWritten(),
                promotions > 0 ? ", " + promotions + " automatic retrain(s)" : "",
                rescored > 0 ? ", the counterfactual line drawn" : "");
    }

    /** Plays the engine; a cancelled play throws, so the step is not counted as done. */
    private static SimulationSummary run(SimulationEngine engine, ProgressSink sink) {
        try {
            SimulationSummary summary = engine.run(sink);
            JobCancelledException.throwIfCancelled(sink, "The simulation");
            return summary;
        } catch (SQLException e) {
            throw new DataAccessException("The simulation failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException("The simulation was interrupted");
        }
    }

    private SimulationEngine engine(Instant until) {
        SimulationEngine engine = new SimulationEngine(store, scenario, scenario.seed(), SimulationEngine.clockFor(scenario, SimulationClock.MAX));
        if (until != null) {
            engine.until(until);
        }
        engine.setActionHandler((action, at) -> {});
        return engine;
    }

    private Optional<Alert> firingKpiAlert() {
        monitor.update();
        return monitor.alerts(MODEL, true).stream().filter(a -> AlertKind.KPI == a.kind() && AlertState.FIRING == a.state()).findFirst();
    }

    /** A concept change of the scenario: when and what. */
    public record ChangePoint(Instant at, String label) {
    }

    /** The scenario's hidden regime changes, dated by the product that starts each. */
    public List<ChangePoint> changePoints() {
        List<ChangePoint> points = new ArrayList<>();
        List<Regime> regimes = scenario.regimes();
        for (int i = 1; i < regimes.size(); i++) {
            Regime r = regimes.get(i);
            Instant at = r.from() != null ? r.from() : processTimeOf(scenario.pidOffset() + r.fromId());
            if (at != null) {
                points.add(new ChangePoint(at, "concept change " + i));
            }
        }
        return points;
    }

    private void revealChangePoints() {
        try {
            store.write(conn -> {
                try (PreparedStatement ps = conn.prepareStatement(
                        "INSERT INTO revealed_change (model_name, \"at\", label) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    for (ChangePoint c : changePoints()) {
                        ps.setString(1, MODEL);
                        Timestamps.bind(ps, 2, c.at());
                        ps.setString(3, c.label());
                        ps.executeUpdate();
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new DataAccessException("Revealing the change points failed", e);
        }
    }

    private Instant processTimeOf(long pid) {
        return query("SELECT process_time FROM sensor_reading WHERE pid = " + pid);
    }

    private Instant newestReading() {
        return query("SELECT max(process_time) FROM sensor_reading");
    }

    private Instant query(String sql) {
        try {
            return store.read(conn -> {
                try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Timestamps.read(rs, 1) : null;
                }
            });
        } catch (SQLException e) {
            throw new DataAccessException("Reading the demo's data failed", e);
        }
    }

    private static String day(Instant t) {
        return t == null ? "?" : t.toString().substring(0, 10);
    }
}
