package kiln.domain;

import java.time.Instant;

/** A row of table {@code alert}; nothing is ever deleted, states move pending → firing → acknowledged → resolved. */
public record Alert(long alertId, String modelName, String rule, AlertKind kind, AlertSeverity severity, AlertState state,
        Instant windowStart, Instant windowEnd, String metric, Double value, Double threshold,
        Instant firedAt, Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt,
        Instant silencedUntil, Integer modelVersion, String feature, String note) {

    public boolean isOpen() {
        return state != AlertState.RESOLVED;
    }
}
