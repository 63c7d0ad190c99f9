package kiln.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.sim.SimulationClock;
import kiln.sim.SimulationEngine;
import kiln.sim.SimulationSummary;
import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioReader;
import kiln.sim.scenario.YamlNodes;
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
                    + "gradual-concept, recurring-concept, label-noise, label-delay) or a scenario YAML file.")
    String scenarioName;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: the scenario's own).")
    Long seed;

    @Option(names = "--speed", paramLabel = "X|max", defaultValue = "max",
            description = "Simulated seconds per wall second (1, 60, 3600, ...) or max (default).")
    String speed;

    @Option(names = "--until", paramLabel = "TIME", description = "Stop at this simulated time (e.g. 2019-07-20 or 2019-07-20T12:00:00Z).")
    String until;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Scenario scenario = ScenarioReader.resolve(scenarioName);
        long useSeed = seed != null ? seed : scenario.seed();
        double speedValue = parseSpeed(speed);
        Instant untilTime = null;
        if (until != null) {
            try {
                untilTime = YamlNodes.instant(until);
            } catch (java.time.format.DateTimeParseException e) {
                throw new UserFacingException("--until: '" + until + "' is not a date or time (use 2019-07-20 or 2019-07-20T12:00:00Z)");
            }
        }
        try (KilnStore db = store.open()) {
            SimulationEngine engine = new SimulationEngine(db, scenario, useSeed, SimulationEngine.clockFor(scenario, speedValue));
            if (untilTime != null) {
                engine.until(untilTime);
            }
            out.printf(Locale.ROOT, "Simulating %s (seed %d, speed %s) into %s%n", scenario.name(), useSeed, speed, db.path());
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
            SimulationSummary s = engine.run(ProgressSink.NONE);
            out.printf(Locale.ROOT, "%s at simulated %s: %,d readings written (%,d already stored), %,d labels written "
                            + "(%,d already stored), %d actions carried out, %d skipped; %.1f s%n",
                    s.finished() ? "Finished" : "Stopped", s.simulatedTime(), s.readingsWritten(),
                    s.readingsSent() - s.readingsWritten(), s.labelsWritten(), s.labelsSent() - s.labelsWritten(),
                    s.actionsHandled(), s.actionsSkipped(), s.wallMillis() / 1000.0);
            out.flush();
        }
        return 0;
    }

    static double parseSpeed(String s) {
        if (s.equalsIgnoreCase("max")) {
            return SimulationClock.MAX;
        }
        try {
            double v = Double.parseDouble(s.endsWith("x") || s.endsWith("×") ? s.substring(0, s.length() - 1) : s);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new UserFacingException("--speed: '" + s + "' is not a speed; use a positive number such as 1, 60 or 3600, or max");
    }
}
