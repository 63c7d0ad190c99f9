package kiln.domain;

import java.time.Instant;

/**
 * An immutable registered version of a named model, with its current alias (may be null). A version
 * of a model family is one of its members: {@code scope} is the group it serves (the group column's
 * value as text) or {@link #POOLED}; a plain model's versions have no scope.
 */
public record ModelVersion(String modelName, int version, Integer runId, Instant createdAt, String createdBy,
        String alias, String source, String note, String scope) {

    public static final String PRODUCTION = "production";
    public static final String CHALLENGER = "challenger";
    public static final String ARCHIVED = "archived";
    /** The scope of the family member trained on every group, serving groups without a member of their own. */
    public static final String POOLED = "pooled";

    /** A plain model's version (no scope). */
    public ModelVersion(String modelName, int version, Integer runId, Instant createdAt, String createdBy,
            String alias, String source, String note) {
        this(modelName, version, runId, createdAt, createdBy, alias, source, note, null);
    }

    public boolean isProduction() {
        return PRODUCTION.equals(alias);
    }
}
