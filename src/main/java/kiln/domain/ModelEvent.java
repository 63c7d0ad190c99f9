package kiln.domain;

import java.time.Instant;

/** One change in the registry: register, promote, demote, archive or gate (a promotion gate's verdict). */
public record ModelEvent(long eventId, String modelName, Integer version, String action, String alias,
                         Instant at, String by, String note) {

    public static final String REGISTER = "register";
    public static final String PROMOTE = "promote";
    public static final String DEMOTE = "demote";
    public static final String ARCHIVE = "archive";
    public static final String GATE = "gate";
}
