package kiln.monitor;

import java.time.Instant;

/**
 * Rows an update touched: predictions with row_id in [pidFrom, pidTo] made between timeFrom and timeTo
 * (both inclusive). The windows to recompute are those overlapping it; DuckDB's zone maps skip the
 * rest of the (time- and row_id-ordered) tables.
 */
record Span(long pidFrom, long pidTo, Instant timeFrom, Instant timeTo) {

    boolean overlaps(Span other) {
        return pidFrom <= other.pidTo && other.pidFrom <= pidTo;
    }

    /** Row ids between the two spans (0 when they touch or overlap). */
    long gapTo(Span other) {
        return Math.max(0, Math.max(pidFrom, other.pidFrom) - Math.min(pidTo, other.pidTo) - 1);
    }

    long rows() {
        return pidTo - pidFrom + 1;
    }

    Span union(Span other) {
        return new Span(Math.min(pidFrom, other.pidFrom), Math.max(pidTo, other.pidTo),
                timeFrom.isBefore(other.timeFrom) ? timeFrom : other.timeFrom,
                timeTo.isAfter(other.timeTo) ? timeTo : other.timeTo);
    }
}
