package kiln.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import kiln.domain.Alert;
import kiln.domain.AlertKind;
import kiln.domain.AlertState;
import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.domain.ProgressSink;
import kiln.domain.Run;
import kiln.drift.TwoProportionTest;
import kiln.ml.DataWindow;
import kiln.ml.family.PerGroupRequest;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.sweep.SweepResult;
import kiln.ml.sweep.SweepRunner;
import kiln.ml.sweep.SweepSpec;
import kiln.registry.ModelRegistry;
import kiln.sim.ScenarioActionHandler;
import kiln.sim.SimulationListener;
import kiln.sim.SimulationProgress;
import kiln.sim.scenario.ScenarioAction;
import kiln.store.KilnStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's loop, automated: after every committed batch it scores what arrived and updates the
 * monitor; scenario actions train sweeps and promote their best run; with auto-retrain on, a firing
 * KPI alert, or a detector alert the labels since its change point confirm, triggers a sweep on the
 * labelled data since the alert's first bad window (the change point), the best run is registered,
 * checked against production on that window, and promoted when it passes.
 * For a model family the storyline trains per group and promotes the family, and retraining is per group
 * ({@link GroupRetrainer}). Every step leaves a registry event or an alert note, all stamped with simulated time. Everything
 * runs on the simulation thread, so a replay of the same scenario and seed takes the same steps.
 */
public final class ModelOpsLoop implements SimulationListener, ScenarioActionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ModelOpsLoop.class);
    /** Who the registry and alert notes name for the loop's own actions. */
    public static final String ACTOR = "kiln-autopilot";

    /**
     * How the loop behaves.
     *
     * @param minLabelledRows  labelled rows a KPI alert's retrain window must hold
     * @param minEvidenceRows  labelled rows since a detector's change point before it retrains on them: 150
     *                         leave the sweep's 20 % hold-out 30 rows, enough for the gate to tell a model
     *                         that fits the new concept from the one failing it
     */
    public record Options(String modelName, String dataset, boolean autoRetrain, SweepSpec retrainSweep,
            int minLabelledRows, int minEvidenceRows, Duration retryAfter, int workers) {

        public Options(String modelName, String dataset, boolean autoRetrain, SweepSpec retrainSweep, int minLabelledRows,
                Duration retryAfter, int workers) {
            this(modelName, dataset, autoRetrain, retrainSweep, minLabelledRows, Math.min(minLabelledRows, 150), retryAfter, workers);
        }

        public static Options defaults(String dataset, SweepSpec retrainSweep) {
            return new Options(dataset, dataset, false, retrainSweep, 300, 150, Duration.ofDays(1), 0);
        }

        public Options withAutoRetrain(boolean on) {
            return new Options(modelName, dataset, on, retrainSweep, minLabelledRows, minEvidenceRows, retryAfter, workers);
        }

        public Options withWorkers(int n) {
            return new Options(modelName, dataset, autoRetrain, retrainSweep, minLabelledRows, minEvidenceRows, retryAfter, n);
        }
    }

    /** One-sided z a detector's rise must reach on the labels around its change point (1 % level). */
    static final double CONFIRM_Z = 2.326;

    /** One thing the loop did, for the command's summary and the demo's captions. */
    public record Step(Instant at, String kind, String text) {
    }

    private final KilnStore store;
    private final ModelRegistry registry;
    private final SweepRunner sweeps;
    private final OpsSteps.Scoring scoring;
    private final OpsSteps.Monitoring monitoring;
    private final Supplier<Instant> clock;
    private final Options options;
    private final List<Step> steps = new CopyOnWriteArrayList<>();
    private final Set<Long> handledAlerts = new HashSet<>();
    /** Waits already recorded (alert and label count), so a wait is told once per new label count. */
    private final Set<String> waitedOn = new HashSet<>();
    private final Retrainer retrainer;
    private final FamilyStoryline familyStoryline;
    private final GroupRetrainer groupRetrainer;
    private Instant lastRetrainAttempt;
    private Run lastBest;
    private List<ModelVersion> lastFamily;
    private Boolean family;

    public ModelOpsLoop(KilnStore store, ModelRegistry registry, SweepRunner sweeps, OpsSteps.Scoring scoring,
            OpsSteps.Monitoring monitoring, OpsSteps.Gate gate, Supplier<Instant> clock, Options options) {
        this.store = store;
        this.registry = registry;
        this.sweeps = sweeps;
        this.scoring = scoring;
        this.monitoring = monitoring;
        this.clock = clock;
        this.options = options;
        this.retrainer = new Retrainer(store, registry, gate, options.modelName(), options.dataset(), options.retrainSweep(),
                options.minLabelledRows(), options.workers());
        this.familyStoryline = new FamilyStoryline(store, registry, options.modelName(), options.dataset(), options.workers());
        this.groupRetrainer = new GroupRetrainer(store, registry, monitoring, options.modelName(), options.dataset(), options.retrainSweep(),
                options.workers(), this::record);
    }

    /** What the loop has done so far, in order. */
    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** Scores, monitors and retrains on what is stored as of each batch's simulated time. */
    @Override
    public boolean readsStoreAsOfBatch() {
        return true;
    }

    @Override
    public void afterBatch(SimulationProgress progress) {
        scoring.catchUp();
        monitoring.update();
        if (options.autoRetrain()) {
            if (isFamily()) {
                // a family retrains per group, on its groups' own alerts
                groupRetrainer.step(progress.simulatedTime());
            } else {
                retrainOnFiringAlerts(progress.simulatedTime());
            }
        }
    }

    @Override
    public void handle(ScenarioAction action, Instant simulatedTime) {
        switch (action.action()) {
            case "train" -> {
                // Score and monitor everything up to now first, so the story's charts have no gap.
                scoring.catchUp();
                DataWindow window = DataWindow.parse(action.params().get("window"));
                String sweepName = action.params().getOrDefault("sweep", options.retrainSweep().name());
                SweepSpec spec = sweepName.equals(options.retrainSweep().name()) ? options.retrainSweep() : SweepSpec.resolve(sweepName);
                String why = "scenario action (line " + action.line() + ")";
                if (Boolean.parseBoolean(action.params().getOrDefault("per-group", "false"))) {
                    int minRows = Integer.parseInt(action.params().getOrDefault("min-rows", Integer.toString(PerGroupRequest.DEFAULT_MIN_ROWS)));
                    FamilyStoryline.Registered r = familyStoryline.trainAndRegister(spec, window, minRows, why, simulatedTime);
                    record(simulatedTime, "train", r.text());
                    lastFamily = r.members().isEmpty() ? null : r.members();
                } else {
                    lastBest = train(spec, window, why).orElse(null);
                }
            }
            case "promote" -> {
                if ("family".equals(action.params().get("which"))) {
                    promoteFamily(action, simulatedTime);
                    return;
                }
                if (lastBest == null) {
                    record(simulatedTime, "skip", "promote: no finished run to promote");
                    return;
                }
                ModelVersion v = registry.register((int) lastBest.runId(), options.modelName(), "best of the sweep at " + simulatedTime, ACTOR);
                // The scenario's promotion takes effect at its scheduled time even when carried out later
                // (a run resumed after a crash), unless another version already scored readings after it.
                Instant effective = Scheduling.notBeforeScored(store, options.dataset(), action.at());
                registry.promote(options.modelName(), v.version(), ModelVersion.PRODUCTION,
                        "scenario: promote the best run (" + describe(lastBest) + ")", ACTOR, effective);
                record(effective, "promote", options.modelName() + " v" + v.version() + " to production: scenario: promote the best run ("
                        + describe(lastBest) + ")");
                scoring.catchUp();
            }
            case "note" -> record(simulatedTime, "note", action.params().getOrDefault("text", ""));
            default -> record(simulatedTime, "skip", action.action() + " is not carried out by the loop");
        }
    }

    /** The storyline's promotion of the family its per-group training registered, effective at the step's time. */
    private void promoteFamily(ScenarioAction action, Instant simulatedTime) {
        if (lastFamily == null) {
            record(simulatedTime, "skip", "promote: no family was registered to promote");
            return;
        }
        Instant effective = Scheduling.notBeforeScored(store, options.dataset(), action.at());
        String note = "scenario: promote the per-group training (v" + lastFamily.get(0).version() + "..v"
                + lastFamily.get(lastFamily.size() - 1).version() + ")";
        int promoted = familyStoryline.promote(lastFamily, effective, note);
        record(effective, "promote", options.modelName() + ": " + promoted + " members to production: " + note);
        scoring.catchUp();
    }

    /** Whether the loop's model is a family (known once it is registered; then it does not change). */
    private boolean isFamily() {
        if (family == null && registry.modelNames().contains(options.modelName())) {
            family = registry.isFamily(options.modelName());
        }
        return Boolean.TRUE.equals(family);
    }

    /**
     * Starts a retrain for a firing alert about the version in production that the loop has not
     * handled yet: a KPI alert, or a detector alert whose rise the labels since its change point confirm
     * (so retraining starts as soon as those labels allow, not after two complete bad days).
     */
    void retrainOnFiringAlerts(Instant now) {
        if (lastRetrainAttempt != null && now.isBefore(lastRetrainAttempt.plus(options.retryAfter()))) {
            return;
        }
        List<Alert> open = monitoring.openAlerts(options.modelName());
        if (open.isEmpty()) {
            return;
        }
        List<ProductionPeriod> timeline = registry.modelNames().contains(options.modelName())
                ? registry.productionTimeline(options.modelName()) : List.of();
        Instant productionSince = timeline.isEmpty() ? null : timeline.get(timeline.size() - 1).start();
        for (Alert alert : open) {
            // A group's own alert (rule fleet-*) is about that group, not the model: it does not retrain the whole model.
            boolean kpi = AlertKind.KPI == alert.kind() && !alert.rule().startsWith("fleet-");
            boolean detector = AlertKind.DETECTOR == alert.kind();
            if (!(kpi || detector) || AlertState.FIRING != alert.state() || handledAlerts.contains(alert.alertId())
                    || (productionSince != null && alert.windowStart() != null && alert.windowStart().isBefore(productionSince))) {
                // An alert whose evidence began before the production version was promoted is about the
                // version it replaced (a day window straddling the promotion included): replacing it was the answer.
                continue;
            }
            if (detector && !confirmed(alert, now)) {
                continue;
            }
            if (retrain(alert, now, detector ? options.minEvidenceRows() : options.minLabelledRows())) {
                lastRetrainAttempt = now;
                return; // one retrain per step: the next batch sees its effect
            }
        }
    }

    /** Whether the labels since a detector alert's change point show a higher error rate than those before it. */
    private boolean confirmed(Alert alert, Instant now) {
        if (alert.modelVersion() == null || alert.windowStart() == null) {
            return false;
        }
        long[] before = retrainer.decisions(alert.modelVersion(), Instant.EPOCH, alert.windowStart());
        long[] since = retrainer.decisions(alert.modelVersion(), alert.windowStart(), now);
        double z = TwoProportionTest.of(before[1], before[0], since[1], since[0]).z();
        return z >= CONFIRM_Z;
    }

    /** Retrains for an alert; false when it has to wait for more labels. */
    private boolean retrain(Alert alert, Instant now, int minRows) {
        Instant from = retrainer.windowStart(alert, now);
        long labelled = retrainer.labelledRows(from, now);
        if (labelled < minRows) {
            if (waitedOn.add(alert.alertId() + "@" + labelled)) {
                record(now, "wait", "alert #" + alert.alertId() + ": only " + labelled + " labelled rows since " + from
                        + "; retrain later");
            }
            return false;
        }
        handledAlerts.add(alert.alertId());
        Retrainer.Proposal proposal = retrainer.propose(alert, now, minRows, ProgressSink.NONE, ACTOR);
        record(now, "train", "alert #" + alert.alertId() + ": sweep " + options.retrainSweep().name() + " on " + proposal.window()
                + proposal.best().map(r -> ", best " + describe(r)).orElse(", none finished"));
        if (proposal.candidate().isEmpty()) {
            monitoring.acknowledge(alert.alertId(), "auto-" + proposal.summary(), ACTOR);
            return true;
        }
        int version = proposal.candidate().get().version();
        if (proposal.verdict().passed()) {
            promote(version, "auto-" + proposal.summary());
            monitoring.acknowledge(alert.alertId(), "auto-" + proposal.summary() + "; v" + version + " promoted", ACTOR);
            scoring.catchUp();
        } else {
            record(now, "gate", "v" + version + " not promoted: " + proposal.verdict().text());
            monitoring.acknowledge(alert.alertId(), "auto-" + proposal.summary() + "; v" + version + " NOT promoted", ACTOR);
        }
        return true;
    }

    private Optional<Run> train(SweepSpec spec, DataWindow window, String why) {
        Instant now = clock.get();
        SweepResult result = sweeps.run(new SweepRequest(spec, options.dataset(), window, List.of(), options.workers()),
                ProgressSink.NONE, SweepListener.NONE);
        Optional<Run> best = result.best().map(SweepResult.Outcome::run);
        record(now, "train", why + ": sweep " + spec.name() + " on " + window + ", " + result.outcomes().size() + " runs"
                + best.map(r -> ", best " + describe(r)).orElse(", none finished"));
        return best;
    }

    private void promote(int version, String note) {
        registry.promote(options.modelName(), version, ModelVersion.PRODUCTION, note, ACTOR);
        record(clock.get(), "promote", options.modelName() + " v" + version + " to production: " + note);
    }

    static String describe(Run run) {
        Double accuracy = run.metrics() == null ? null : run.metrics().get("accuracy");
        return "run " + run.runId() + " " + run.trainer() + " " + run.params()
                + (accuracy == null ? "" : String.format(" (accuracy %.3f)", accuracy));
    }

    private void record(Instant at, String kind, String text) {
        steps.add(new Step(at, kind, text));
        LOG.info("[{}] {}: {}", at, kind, text);
    }

    /** The versions this loop promoted, oldest first (used for the counterfactual). */
    public List<Integer> promotedVersions() {
        List<Integer> versions = new ArrayList<>();
        registry.productionTimeline(options.modelName()).forEach(p -> versions.add(p.version()));
        return versions;
    }
}
