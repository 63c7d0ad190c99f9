package kiln.domain.eda;

import java.time.Duration;
import java.time.LocalDateTime;

/**
 * A half-open window {@code [from, to)} of reading times (UTC); a null end is open on that side.
 */
public record TimeWindow(LocalDateTime from, LocalDateTime to) {

    public static final TimeWindow ALL = new TimeWindow(null, null);

    public TimeWindow {
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("The window ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** The window of the given length that ends just after {@code newest} (inclusive of it). */
    public static TimeWindow lastBefore(LocalDateTime newest, Duration length) {
        LocalDateTime end = newest.plusNanos(1000);
        return new TimeWindow(end.minus(length), end);
    }

    public boolean isAll() {
        return from == null && to == null;
    }
}
