package kiln.domain;

import java.time.Instant;

/** Something to mark on a time axis: a promotion, an alert, or a (revealed) scenario change point. */
public record TimelineMarker(Instant at, String kind, String label) {
    public static final String PROMOTION = "promotion";
    public static final String ALERT = "alert";
    public static final String CHANGE = "change";
}
