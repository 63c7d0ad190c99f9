package kiln.drift;

/** Traffic-light outcome of a drift or quality check, so every statistic maps onto the same bands. */
public enum DriftLevel {
    OK, WARN, ALERT;

    /** The more severe of two levels (a feature is as bad as its worst statistic). */
    public DriftLevel worst(DriftLevel other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
