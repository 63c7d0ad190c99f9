package kiln.domain;

/**
 * Traffic-light outcome of a drift or quality check, so every statistic maps onto the same bands; stored in
 * {@code drift_window.level}. {@link #TOO_FEW} is a window with too few rows to judge: no evidence either way,
 * so it ranks below {@link #OK} when levels are combined.
 */
public enum DriftLevel implements StoredValue {
    TOO_FEW, OK, WARN, ALERT;

    /** The more severe of two levels (a feature is as bad as its worst statistic). */
    public DriftLevel worst(DriftLevel other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** "ok", "warn", "alert" or "too-few". */
    @Override
    public String stored() {
        return StoredValue.word(this);
    }

    /** The level stored as {@code word}; fails naming the column and the allowed words on anything else. */
    public static DriftLevel fromStored(String word) {
        return StoredValue.parse(DriftLevel.class, "drift level", word);
    }

    /** The stored word, so text built from a level reads as it always has. */
    @Override
    public String toString() {
        return stored();
    }
}
