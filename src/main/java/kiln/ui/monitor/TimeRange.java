package kiln.ui.monitor;

import java.time.Duration;
import java.time.Instant;

/** A half-open time window [from, to). */
record TimeRange(Instant from, Instant to) {

    /** The window widened by {@code factor} times its width on each side (at least one hour). */
    TimeRange padded(double factor) {
        long widthSeconds = Math.max(3600, Duration.between(from, to).getSeconds());
        long pad = (long) (widthSeconds * factor);
        return new TimeRange(from.minusSeconds(pad), to.plusSeconds(pad));
    }
}
