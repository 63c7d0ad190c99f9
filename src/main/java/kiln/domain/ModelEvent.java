package kiln.domain;

import java.time.Instant;

/**
 * One change in the registry: register, promote, demote, archive or gate (a promotion gate's verdict).
 * For a model family, {@code scope} names the member's group (or pooled) the event was about; null
 * for plain models.
 */
public record ModelEvent(long eventId, String modelName, Integer version, String action, String alias,
        Instant at, String by, String note, String scope) {

    public static final String REGISTER = "register";
    public static final String PROMOTE = "promote";
    public static final String DEMOTE = "demote";
    public static final String ARCHIVE = "archive";
    public static final String GATE = "gate";

    /** An event of a plain model (no scope). */
    public ModelEvent(long eventId, String modelName, Integer version, String action, String alias, Instant at, String by, String note) {
        this(eventId, modelName, version, action, alias, at, by, note, null);
    }
}
