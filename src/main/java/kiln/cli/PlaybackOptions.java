package kiln.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import kiln.domain.UserFacingException;
import kiln.sim.SimulationClock;
import kiln.sim.scenario.YamlNodes;
import picocli.CommandLine.Option;

/** How a simulation or a replay plays: its speed, where it stops, and whether the live loop scores and retrains. */
public final class PlaybackOptions {

    @Option(names = "--speed", paramLabel = "X|max", defaultValue = "max",
            description = "Simulated seconds per wall second (1, 60, 3600, ...) or max (default).")
    String speed;

    @Option(names = "--until", paramLabel = "TIME", description = "Stop at this simulated time (e.g. 2019-07-20 or 2019-07-20T12:00:00Z).")
    String until;

    @Option(names = "--score", description = "Score every reading with the production model as it arrives, keep the monitor up to date, "
            + "and carry out the storyline's train and promote steps.")
    boolean score;

    @Option(names = "--auto-retrain", description = "On a firing KPI alert, or a detector alert the labels since its change point confirm, "
            + "retrain on the labelled data since the change, "
            + "and promote the best run when it beats production (implies --score).")
    boolean autoRetrain;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "0", description = "Training workers for sweeps (default: one per core).")
    int workers;

    /** Whether the live loop (scoring, monitoring, storyline, retraining) runs. */
    boolean live() {
        return score || autoRetrain;
    }

    double speedValue() {
        return parseSpeed(speed);
    }

    /** The stop time, or null to play to the end. */
    Instant untilTime() {
        if (until == null) {
            return null;
        }
        try {
            return YamlNodes.instant(until);
        } catch (DateTimeParseException e) {
            throw new UserFacingException("--until: '" + until + "' is not a date or time (use 2019-07-20 or 2019-07-20T12:00:00Z)");
        }
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
