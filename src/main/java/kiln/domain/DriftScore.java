package kiln.domain;

import java.time.Instant;

/**
 * Drift of one feature in one window against the reference (the production model's training window).
 * {@code wasserstein} is W1 divided by the reference's standard deviation; {@code level} is the verdict:
 * {@link #OK} stable, {@link #WARN} a small but certain change, {@link #ALERT} drift, {@link #TOO_FEW}
 * too few rows to judge (see docs/drift.md).
 */
public record DriftScore(String feature, Instant windowStart, Instant windowEnd, long n,
                         double psi, double ksStatistic, double ksPValue, double wasserstein, String level) {

    public static final String OK = "ok";
    public static final String WARN = "warn";
    public static final String ALERT = "alert";
    public static final String TOO_FEW = "too-few";
}
