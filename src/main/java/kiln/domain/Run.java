package kiln.domain;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * One tracked training run (a row of table {@code run}), without its model artifact.
 *
 * @param params      trainer parameters by name (numbers, booleans, strings)
 * @param metrics     scalar metrics by name ({@code accuracy}, {@code f1}, {@code roc_auc}, …)
 * @param confusion   {@code [[tn, fp], [fn, tp]]}, rows actual, columns predicted; null until finished
 * @param status      one of {@link #RUNNING}, {@link #FINISHED}, {@link #FAILED}, {@link #CANCELLED}
 * @param startedAt   UTC
 * @param windowStart start of the data window (inclusive, UTC)
 * @param windowEnd   end of the data window (exclusive, UTC)
 */
public record Run(long runId, Long experimentId, String trainer, Map<String, Object> params, Map<String, Double> metrics,
                  long[][] confusion, String status, String error, LocalDateTime startedAt, Long durationMs, String dataset,
                  LocalDateTime windowStart, LocalDateTime windowEnd, List<String> features, String split, Long rowsTrain,
                  Long rowsTest, String fingerprint, Long seed, String artifactSha256, Long modelBytes, List<String> tags,
                  String note) {

    public static final String RUNNING = "running";
    public static final String FINISHED = "finished";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    /** The named metric, or NaN when the run has none. */
    public double metric(String name) {
        Double v = metrics == null ? null : metrics.get(name);
        return v == null ? Double.NaN : v;
    }
}
