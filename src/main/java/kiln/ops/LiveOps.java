package kiln.ops;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import kiln.domain.Alert;
import kiln.domain.ProductionPeriod;
import kiln.domain.ProgressSink;
import kiln.ml.sweep.SweepRunner;
import kiln.ml.sweep.SweepSpec;
import kiln.monitor.MonitorService;
import kiln.notify.Notifications;
import kiln.registry.ModelRegistry;
import kiln.scoring.Scorer;
import kiln.sim.Playback;
import kiln.sim.SimulationEngine;
import kiln.store.KilnStore;

/**
 * Assembles the live loop around a simulation engine: registry events and alerts stamped with the
 * simulated clock, the scorer catching up after every batch, the monitor following, scenario actions
 * and (optionally) auto-retraining. Used by {@code kiln simulate --score} and by the workbench.
 */
public final class LiveOps {

    /** The sweep retraining uses where nothing names one: the seed's grid, for any data set. */
    public static final String DEFAULT_SWEEP = SimulationEngine.SEED_GRID;

    /** Products per committed batch while the loop runs: half a day of glassware, so alerts are seen the day labels land. */
    public static final int BATCH_PRODUCTS = 96;

    private final ModelRegistry registry;
    private final Scorer scorer;
    private final MonitorService monitor;
    private final ModelOpsLoop loop;
    private final String modelName;
    private final AlertDispatch dispatch;

    private LiveOps(ModelRegistry registry, Scorer scorer, MonitorService monitor, ModelOpsLoop loop, String modelName,
            AlertDispatch dispatch) {
        this.registry = registry;
        this.scorer = scorer;
        this.monitor = monitor;
        this.loop = loop;
        this.modelName = modelName;
        this.dispatch = dispatch;
    }

    /**
     * Hooks scoring, monitoring, scenario actions and (if asked) auto-retraining into {@code engine}.
     *
     * @param monitor an existing monitor to keep up to date, or null for a new one on the simulated clock
     */
    public static LiveOps attach(KilnStore store, Playback engine, MonitorService monitor, boolean autoRetrain, int workers) {
        Supplier<Instant> clock = () -> engine.clock().now();
        String dataset = engine.dataset(); // the model is named after its data set
        // Registry events take effect after every reading already stored (and so already scored):
        // a decision made is final, the new version applies from the next reading on.
        ModelRegistry registry = new ModelRegistry(store, () -> afterStoredReadings(store, dataset, clock.get()));
        Scorer scorer = new Scorer(store, registry, dataset, clock);
        MonitorService mon = monitor != null ? monitor : new MonitorService(store, clock);
        SweepSpec sweep = SweepSpec.resolve(engine.retrainSweep());
        // a scenario played "without model changes" retrains on no alert either
        ModelOpsLoop.Options options = ModelOpsLoop.Options.defaults(dataset, sweep)
                .withAutoRetrain(autoRetrain && engine.modelChangesAllowed()).withWorkers(workers);
        AlertDispatch dispatch = new AlertDispatch(new Notifications(store), mon, dataset, clock);
        ModelOpsLoop loop = new ModelOpsLoop(store, registry, new SweepRunner(store), () -> scorer.catchUp(ProgressSink.NONE),
                monitoring(mon, dispatch), new RetrainGate(store, registry), clock, options);
        engine.addListener(loop);
        engine.setActionHandler(loop);
        return new LiveOps(registry, scorer, mon, loop, dataset, dispatch);
    }

    /** {@code now}, or just after the data set's newest stored reading when that is later. */
    static Instant afterStoredReadings(KilnStore store, String dataset, Instant now) {
        Instant newest = Scheduling.newest(store, dataset, false);
        return newest != null && !newest.isBefore(now) ? newest.plusMillis(1) : now;
    }

    /** The monitor as the loop sees it; after each update, firing alerts go to their webhooks (in the background). */
    static OpsSteps.Monitoring monitoring(MonitorService monitor, AlertDispatch dispatch) {
        return new OpsSteps.Monitoring() {
            @Override
            public void update() {
                monitor.update();
                dispatch.afterUpdate();
            }

            @Override
            public List<Alert> openAlerts(String model) {
                return monitor.alerts(model, true);
            }

            @Override
            public void acknowledge(long alertId, String note, String by) {
                monitor.acknowledge(alertId, note, by);
            }
        };
    }

    /**
     * Ends a run: scores what is left, and rescores the first production version over everything
     * after its promotion (the "if we had not retrained" line) when later versions replaced it.
     * Returns the number of counterfactual predictions written.
     */
    public long finish(Instant end, ProgressSink sink) {
        scorer.catchUp(sink);
        long rescored = 0;
        if (registry.modelNames().contains(modelName)) {
            List<ProductionPeriod> timeline = registry.productionTimeline(modelName);
            if (timeline.size() > 1) {
                ProductionPeriod first = timeline.get(0);
                rescored = scorer.rescore(first.version(), first.start(), end, sink).scored();
            }
        }
        monitor.update();
        dispatch.afterUpdate();
        dispatch.drain();
        return rescored;
    }

    public ModelOpsLoop loop() {
        return loop;
    }

    public MonitorService monitor() {
        return monitor;
    }

    public ModelRegistry registry() {
        return registry;
    }

    public String modelName() {
        return modelName;
    }
}
