package kiln.domain;

import java.time.Instant;

/**
 * Drift of one feature in one window against the reference (the production model's training window).
 * {@code wasserstein} is W1 divided by the reference's standard deviation; {@code level} is the verdict:
 * {@link DriftLevel#OK} stable, {@link DriftLevel#WARN} a small but certain change, {@link DriftLevel#ALERT} drift,
 * {@link DriftLevel#TOO_FEW} too few rows to judge (see docs/drift.md).
 */
public record DriftScore(String feature, Instant windowStart, Instant windowEnd, long n,
        double psi, double ksStatistic, double ksPValue, double wasserstein, DriftLevel level) {
}
