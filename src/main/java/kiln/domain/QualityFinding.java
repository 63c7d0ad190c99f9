package kiln.domain;

import java.time.Instant;

/** A data-quality observation: kind is missing, out_of_range, stuck, dead or unit_change; message is plain words. */
public record QualityFinding(String feature, Instant since, String kind, double value, String severity, String message) {
}
