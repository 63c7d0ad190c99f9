package kiln.domain;

import java.time.Instant;

/** A span during which one version was production; {@code end} is null while it still is. */
public record ProductionPeriod(String modelName, int version, Instant start, Instant end, String promotedBy, String note) {

    public boolean covers(Instant t) {
        return !t.isBefore(start) && (end == null || t.isBefore(end));
    }
}
