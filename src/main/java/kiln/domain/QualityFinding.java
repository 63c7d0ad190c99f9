package kiln.domain;

import java.time.Instant;

/**
 * A data-quality observation: kind is missing, out_of_range, stuck, dead, unit_change or unseen_category; severity is
 * that of an alert (critical or warning); message is plain words.
 */
public record QualityFinding(String feature, Instant since, String kind, double value, AlertSeverity severity, String message) {
}
