package kiln.monitor;

import java.time.Instant;

/**
 * A drift reference: the training window of the production version ("v3"), or, while no version
 * with a known training window has been in production, the first seven days of data ("first-week").
 *
 * @param key        stored as drift_reference.ref_key
 * @param version    the version whose training window it is (null for first-week)
 * @param start      window start (inclusive)
 * @param end        window end (exclusive)
 */
record Reference(String key, Integer version, Instant start, Instant end) {
    static final String FIRST_WEEK = "first-week";
}
