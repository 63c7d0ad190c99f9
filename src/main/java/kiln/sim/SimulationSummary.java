package kiln.sim;

import java.time.Instant;

/** How a simulation run ended. */
public record SimulationSummary(String scenario, long seed, Instant simulatedTime, long readingsSent,
        long readingsWritten, long labelsSent, long labelsWritten, int actionsHandled,
        int actionsSkipped, boolean finished, boolean cancelled, long wallMillis) {
}
