package kiln.domain;

import java.time.Instant;

/**
 * An alert storm seen as one thing (a row of table {@code incident}): the per-group alerts of one rule
 * whose windows start in the same hour, e.g. "40 sensors below band since 07-18 14:00 — worst: 17
 * (0.610)". {@code acknowledgedBy}/{@code acknowledgedAt} are those of its newest acknowledged member
 * (an incident acknowledged as a whole gives every member the same), null when none is.
 */
public record AlertIncident(long incidentId, String modelName, String rule, AlertKind kind, AlertSeverity severity, AlertState state,
        Instant openedAt, Instant windowStart, int members, String worstGroup, Double worstValue, String summary,
        Instant resolvedAt, Instant acknowledgedAt, String acknowledgedBy) {

    /** Per-group rules (whose alerts are filed into incidents) are named so (the fleet contract). */
    public static final String MEMBER_RULE_PREFIX = "fleet-";

    /** One member alert and the group it is about. */
    public record Member(String group, Alert alert) {
    }

    /** Whether alerts of {@code rule} are members of incidents rather than shown on their own. */
    public static boolean isMemberRule(String rule) {
        return rule != null && rule.startsWith(MEMBER_RULE_PREFIX);
    }

    public boolean isOpen() {
        return state != AlertState.RESOLVED;
    }
}
