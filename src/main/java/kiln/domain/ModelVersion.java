package kiln.domain;

import java.time.Instant;

/** An immutable registered version of a named model, with its current alias (may be null). */
public record ModelVersion(String modelName, int version, Integer runId, Instant createdAt, String createdBy,
                           String alias, String source, String note) {

    public static final String PRODUCTION = "production";
    public static final String CHALLENGER = "challenger";
    public static final String ARCHIVED = "archived";

    public boolean isProduction() {
        return PRODUCTION.equals(alias);
    }
}
