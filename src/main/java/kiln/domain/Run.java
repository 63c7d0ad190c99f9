package kiln.domain;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * One tracked training run (a row of table {@code run}), without its model artifact.
 *
 * @param params      trainer parameters by name (numbers, booleans, strings)
 * @param metrics     scalar metrics by name ({@code accuracy}, {@code f1}, {@code roc_auc}, …)
 * @param confusion   K×K counts, rows actual, columns predicted, by class code (binary: {@code [[tn, fp], [fn, tp]]}); null until finished
 * @param status      one of {@link #RUNNING}, {@link #FINISHED}, {@link #FAILED}, {@link #CANCELLED}
 * @param startedAt   UTC
 * @param windowStart start of the data window (inclusive, UTC)
 * @param windowEnd   end of the data window (exclusive, UTC)
 * @param classes     the class values labelling {@link #confusion()}'s rows and columns in code order; null for runs
 *                    stored before they were recorded (and while not finished)
 */
public record Run(long runId, Long experimentId, String trainer, Map<String, Object> params, Map<String, Double> metrics,
        long[][] confusion, String status, String error, LocalDateTime startedAt, Long durationMs, String dataset,
        LocalDateTime windowStart, LocalDateTime windowEnd, List<String> features, String split, Long rowsTrain,
        Long rowsTest, String fingerprint, Long seed, String artifactSha256, Long modelBytes, List<String> tags,
        String note, List<String> classes) {

    /** A run without its class values (they are read with its confusion matrix). */
    public Run(long runId, Long experimentId, String trainer, Map<String, Object> params, Map<String, Double> metrics,
            long[][] confusion, String status, String error, LocalDateTime startedAt, Long durationMs, String dataset,
            LocalDateTime windowStart, LocalDateTime windowEnd, List<String> features, String split, Long rowsTrain,
            Long rowsTest, String fingerprint, Long seed, String artifactSha256, Long modelBytes, List<String> tags,
            String note) {
        this(runId, experimentId, trainer, params, metrics, confusion, status, error, startedAt, durationMs, dataset, windowStart,
                windowEnd, features, split, rowsTrain, rowsTest, fingerprint, seed, artifactSha256, modelBytes, tags, note, null);
    }

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
