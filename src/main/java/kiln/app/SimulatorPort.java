package kiln.app;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import kiln.domain.ProgressSink;
import kiln.domain.ingest.FilePreview;
import kiln.domain.ingest.ImportResult;
import kiln.ops.LiveOps;
import kiln.registry.ModelRegistry;
import kiln.sim.ReplayEngine;
import kiln.sim.ReplaySetup;
import kiln.sim.SimulationClock;
import kiln.sim.SimulationEngine;
import kiln.sim.SimulationListener;
import kiln.sim.SimulationSummary;
import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioReader;
import kiln.store.KilnStore;
import kiln.store.ingest.FilePreviewReader;
import kiln.ui.simulator.ReplayPlan;
import kiln.ui.simulator.SimulatorServices;

/**
 * The simulator panel's port over the simulation and replay engines of one database (decision 0010).
 * The application hooks its live loop (scoring, monitoring, retraining) into each engine here, before
 * it plays; without hooks only the rows are played. Open (not final) so tests can replace a reading.
 */
public class SimulatorPort implements SimulatorServices {

    /** How many rows of a recorded file the replay's column guesses look at. */
    static final int PREVIEW_ROWS = 200;

    /**
     * Hooks the live loop into a replay before it plays: scoring, monitoring, the train and promote steps
     * and, when asked, retraining on alerts. Returns what ends the run once the whole file is played.
     */
    @FunctionalInterface
    public interface LiveLoop {
        Consumer<Instant> attach(ReplayEngine engine, boolean autoRetrain);
    }

    private final KilnStore store;
    private volatile Consumer<SimulationEngine> engineSetup = engine -> {};
    private volatile LiveLoop replayLoop;

    public SimulatorPort(KilnStore store) {
        this.store = store;
    }

    /** Called with every scenario engine before it runs (on the worker that runs it); the default does nothing. */
    public void setEngineSetup(Consumer<SimulationEngine> setup) {
        this.engineSetup = setup == null ? engine -> {} : setup;
    }

    /** Called with every replay of a file before it plays (on a worker); null plays only the rows. */
    public void setReplayLoop(LiveLoop loop) {
        this.replayLoop = loop;
    }

    @Override
    public List<String> scenarioNames() {
        return ScenarioReader.BUILT_IN;
    }

    @Override
    public Scenario scenario(String nameOrFile) {
        return ScenarioReader.resolve(nameOrFile);
    }

    @Override
    public List<String> productionVersions() {
        ModelRegistry registry = new ModelRegistry(store, Instant::now);
        return registry.modelNames().stream().flatMap(name -> registry.production(name).stream())
                .map(v -> v.modelName() + " v" + v.version()).toList();
    }

    @Override
    public List<String> earlierReplays() {
        return ReplaySetup.resumableDatasets(store);
    }

    @Override
    public FilePreview preview(Path file) {
        return FilePreviewReader.read(file, PREVIEW_ROWS);
    }

    @Override
    public String defaultSweep() {
        return LiveOps.DEFAULT_SWEEP;
    }

    @Override
    public SimulationSummary playScenario(Scenario scenario, SimulationClock clock, boolean modelChanges, SimulationListener progress,
            ProgressSink sink) throws Exception {
        SimulationEngine engine = new SimulationEngine(store, scenario, scenario.seed(), clock);
        engine.allowModelChanges(modelChanges); // before the setup: the live loop reads it when it attaches
        engine.addListener(progress);
        engineSetup.accept(engine);
        return engine.run(sink);
    }

    @Override
    public StagedReplay stageReplay(ReplayPlan plan, Function<Instant, SimulationClock> clockAt, boolean modelChanges,
            SimulationListener progress) throws Exception {
        ReplaySetup.Prepared prepared = ReplaySetup.prepare(store, plan.request(), plan.labelDelay(), plan.trainFrom(), plan.trainTo(),
                plan.window(), plan.sweep(), clockAt);
        ReplayEngine engine = prepared.engine();
        engine.allowModelChanges(modelChanges); // before the loop attaches: it reads it
        engine.addListener(progress);
        LiveLoop live = replayLoop;
        Consumer<Instant> finish = live == null ? end -> {} : live.attach(engine, plan.autoRetrain() && modelChanges);
        return new StagedReplay() {
            @Override
            public SimulationClock clock() {
                return engine.clock();
            }

            @Override
            public boolean resumed() {
                return prepared.resumed();
            }

            @Override
            public ImportResult staged() {
                return prepared.staged();
            }

            @Override
            public SimulationSummary play(ProgressSink sink) throws Exception {
                SimulationSummary summary = engine.run(sink, prepared.resumed());
                if (summary.finished()) {
                    finish.accept(summary.simulatedTime());
                }
                return summary;
            }
        };
    }
}
