package kiln.domain;

import java.time.Instant;

/** Drift of one feature in one window against the reference (the production model's training window). */
public record DriftScore(String feature, Instant windowStart, Instant windowEnd, long n,
                         double psi, double ksStatistic, double ksPValue, double wasserstein, String level) {

    public static final String OK = "ok";
    public static final String WARN = "warn";
    public static final String ALERT = "alert";
}
