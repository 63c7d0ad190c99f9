package kiln.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;

import kiln.domain.ProgressSink;
import kiln.ml.sweep.SweepSpec;
import kiln.ops.LiveOps;
import kiln.sim.FleetSetup;
import kiln.sim.ReplayEngine;
import kiln.sim.SimulationClock;
import kiln.sim.SimulationSummary;
import kiln.sim.scenario.FleetScenario;
import kiln.store.KilnStore;

/** {@code kiln simulate --scenario fleet}: stages the fleet's history into its own data set and plays it. */
final class FleetSimulation {

    private FleetSimulation() {}

    static int run(PrintWriter out, StoreOptions store, FleetScenario base, Integer sensors, Long seed, String sweep,
            PlaybackOptions playback)
            throws Exception {
        SweepSpec.resolve(sweep); // a sweep that cannot be read is named before anything is staged
        FleetScenario scenario = sensors == null ? base : base.withSensors(sensors);
        long useSeed = seed != null ? seed : scenario.seed();
        double speedValue = playback.speedValue();
        Instant untilTime = playback.untilTime();
        try (KilnStore db = store.open()) {
            long t0 = System.nanoTime();
            FleetSetup.Prepared prepared = FleetSetup.prepare(db, scenario, useSeed, sweep, start -> new SimulationClock(start, speedValue));
            if (prepared.resumed()) {
                out.printf(Locale.ROOT, "Resuming %s in data set %s%n", scenario.signature(useSeed), scenario.dataset());
            } else {
                out.printf(Locale.ROOT, "Staged %s: %,d readings for data set %s, %d injected changes (table scenario_change); %.1f s%n",
                        scenario.signature(useSeed), prepared.staged().rowsImported(), scenario.dataset(), prepared.plan().changes().size(),
                        (System.nanoTime() - t0) / 1e9);
            }
            ReplayEngine engine = prepared.engine();
            if (untilTime != null) {
                engine.until(untilTime);
            }
            LiveOps live = playback.live() ? LiveOps.attach(db, engine, null, playback.autoRetrain, playback.workers) : null;
            if (live != null) {
                engine.liveBatches();
            }
            out.printf(Locale.ROOT, "Simulating %s (seed %d, speed %s) into %s%n", scenario.name(), useSeed, playback.speed, db.path());
            out.flush();
            SimulationSummary s = engine.run(ProgressSink.NONE, prepared.resumed());
            out.printf(Locale.ROOT, "%s at simulated %s: %,d readings and %,d labels written; %.1f s%n",
                    s.finished() ? "Finished" : "Stopped", s.simulatedTime(), s.readingsWritten(), s.labelsWritten(), s.wallMillis() / 1000.0);
            if (live != null) {
                long rescored = live.finish(s.simulatedTime(), ProgressSink.NONE);
                SimulateCommand.printStory(out, live, rescored);
            }
            out.flush();
        }
        return 0;
    }
}
