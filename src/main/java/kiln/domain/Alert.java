package kiln.domain;

import java.time.Instant;

/** A row of table {@code alert}; nothing is ever deleted, states move pending → firing → acknowledged → resolved. */
public record Alert(long alertId, String modelName, String rule, String kind, String severity, String state,
                    Instant windowStart, Instant windowEnd, String metric, Double value, Double threshold,
                    Instant firedAt, Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt,
                    Instant silencedUntil, Integer modelVersion, String feature, String note) {

    public static final String KIND_KPI = "kpi";
    public static final String KIND_DRIFT = "drift";
    public static final String KIND_QUALITY = "quality";
    public static final String KIND_DETECTOR = "detector";
    public static final String PENDING = "pending";
    public static final String FIRING = "firing";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String RESOLVED = "resolved";

    public boolean isOpen() {
        return !RESOLVED.equals(state);
    }
}
