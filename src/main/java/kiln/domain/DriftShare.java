package kiln.domain;

import java.time.Instant;
import java.util.List;

/**
 * Dataset-level drift of one window: how many features drifted after a multiple-testing correction
 * (Benjamini–Hochberg on the per-feature KS p-values) and whether that share reaches the threshold.
 */
public record DriftShare(Instant windowStart, Instant windowEnd, int tested, List<String> drifted, double share,
        boolean datasetDrift) {
}
