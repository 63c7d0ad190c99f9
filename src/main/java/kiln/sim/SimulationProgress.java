package kiln.sim;

import java.time.Instant;

/**
 * Where a simulation stands after a committed batch.
 *
 * @param simulatedTime     the simulated clock after the batch
 * @param batchReadings     readings offered in this batch
 * @param batchLabels       labels offered in this batch
 * @param readingsWritten   new readings stored so far in this run
 * @param labelsWritten     new labels stored so far in this run
 * @param readingsTotal     readings the whole scenario has
 */
public record SimulationProgress(Instant simulatedTime, int batchReadings, int batchLabels, long readingsWritten,
        long labelsWritten, long readingsSent, long labelsSent, long readingsTotal) {
}
