package kiln.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import kiln.domain.AlertState;
import kiln.domain.KpiBand;
import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;
import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.ops.LiveOps;
import kiln.ops.ModelOpsLoop;
import kiln.sim.SimulationEngine;
import kiln.sim.SimulationSummary;
import kiln.sim.scenario.FleetScenario;
import kiln.sim.scenario.FleetScenarioReader;
import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioReader;
import kiln.store.KilnStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiln simulate}: plays a scenario into the database. */
@Command(name = "simulate", description = "Play a scenario (built-in name or YAML file) into the database. "
        + "Run again on the same database to complete an interrupted run.")
public final class SimulateCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", required = true, paramLabel = "NAME|FILE",
            description = "A built-in scenario (glassware, data-drift, unit-change-fahrenheit, dead-sensor, stuck-sensor, "
                    + "gradual-concept, recurring-concept, label-noise, label-delay, fleet) or a scenario YAML file.")
    String scenarioName;

    @Option(names = "--sensors", paramLabel = "N", description = "Fleet scenarios only: how many sensors (1 to 10,000; default: "
            + "the scenario's own, 200 for fleet).")
    Integer sensors;

    @Option(names = "--sweep", paramLabel = "S", description = "Fleet scenarios only: the sweep trained per sensor at the end of the "
            + "first week and used to retrain (a built-in name or a file; default: seed-grid).")
    String sweep;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: the scenario's own).")
    Long seed;

    @Mixin
    PlaybackOptions playback;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Optional<FleetScenario> fleet = FleetScenarioReader.resolve(scenarioName);
        if (fleet.isPresent()) {
            return FleetSimulation.run(out, store, fleet.get(), sensors, seed, sweep == null ? SimulationEngine.SEED_GRID : sweep, playback);
        }
        if (sweep != null) {
            throw new UserFacingException("--sweep applies to fleet scenarios only (e.g. --scenario fleet), not to " + scenarioName);
        }
        if (sensors != null) {
            throw new UserFacingException("--sensors applies to fleet scenarios only (e.g. --scenario fleet), not to " + scenarioName);
        }
        Scenario scenario = ScenarioReader.resolve(scenarioName);
        long useSeed = seed != null ? seed : scenario.seed();
        double speedValue = playback.speedValue();
        Instant untilTime = playback.untilTime();
        try (KilnStore db = store.open()) {
            SimulationEngine engine = new SimulationEngine(db, scenario, useSeed, SimulationEngine.clockFor(scenario, speedValue));
            if (untilTime != null) {
                engine.until(untilTime);
            }
            out.printf(Locale.ROOT, "Simulating %s (seed %d, speed %s) into %s%n", scenario.name(), useSeed, playback.speed, db.path());
            out.flush();
            long[] lastPrint = {System.nanoTime()};
            engine.addListener(p -> {
                // A line every 5 s of wall time at most: enough to see it move, never a flood.
                long now = System.nanoTime();
                if (now - lastPrint[0] > 5_000_000_000L) {
                    lastPrint[0] = now;
                    out.printf(Locale.ROOT, "  %s  readings %,d/%,d  labels %,d%n", p.simulatedTime(), p.readingsSent(),
                            p.readingsTotal(), p.labelsSent());
                    out.flush();
                }
            });
            LiveOps live = playback.live() ? LiveOps.attach(db, engine, null, playback.autoRetrain, playback.workers) : null;
            if (live != null) {
                // Score, monitor and react every half day of production (96 glassware products), as a plant would.
                engine.batchRows(LiveOps.BATCH_PRODUCTS);
            }
            SimulationSummary s = engine.run(ProgressSink.NONE);
            out.printf(Locale.ROOT, "%s at simulated %s: %,d readings written (%,d already stored), %,d labels written "
                    + "(%,d already stored), %d actions carried out, %d skipped; %.1f s%n",
                    s.finished() ? "Finished" : "Stopped", s.simulatedTime(), s.readingsWritten(),
                    s.readingsSent() - s.readingsWritten(), s.labelsWritten(), s.labelsSent() - s.labelsWritten(),
                    s.actionsHandled(), s.actionsSkipped(), s.wallMillis() / 1000.0);
            if (live != null) {
                long rescored = live.finish(s.simulatedTime(), ProgressSink.NONE);
                printStory(out, live, rescored);
            }
            out.flush();
        }
        return 0;
    }

    /** What the loop did and where the KPI ended, so a headless run tells the story too. */
    static void printStory(PrintWriter out, LiveOps live, long rescored) {
        out.println();
        out.println("What happened:");
        for (ModelOpsLoop.Step step : live.loop().steps()) {
            out.printf(Locale.ROOT, "  %s  %-8s %s%n", step.at(), step.kind(), step.text());
        }
        if (rescored > 0) {
            out.printf(Locale.ROOT, "  counterfactual: the first production version rescored %,d readings (\"if we had not retrained\")%n", rescored);
        }
        String model = live.modelName();
        if (!live.registry().modelNames().contains(model)) {
            out.println("  no model was registered, so nothing was scored");
            return;
        }
        KpiBand band = live.monitor().band(model, "accuracy");
        List<KpiPoint> days = live.monitor().kpis(model, KpiGranularity.DAY, KpiPoint.PRODUCTION).stream()
                .filter(k -> k.accuracy() != null).toList();
        out.println();
        out.printf(Locale.ROOT, "Daily accuracy of the production model (band %.0f-%.0f %%), last 7 labelled days:%n", band.lower() * 100, band
                .upper() * 100);
        for (KpiPoint k : days.subList(Math.max(0, days.size() - 7), days.size())) {
            out.printf(Locale.ROOT, "  %s  %5.1f %%  %s  (n=%d, model v%s)%n", k.windowStart().toString().substring(0, 10), k.accuracy() * 100,
                    band.inside(k.accuracy()) ? "in band " : "OUT OF BAND", k.labelled(), k.modelVersion());
        }
        long open = live.monitor().alerts(model, true).stream().filter(a -> AlertState.FIRING == a.state()).count();
        out.printf(Locale.ROOT, "Firing alerts at the end: %d%n", open);
    }
}
