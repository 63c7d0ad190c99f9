package kiln.domain;

/** Lifecycle state of one alert episode, as stored in the {@code alert} table's {@code state} column. */
public enum AlertState implements StoredValue {
    PENDING, FIRING, ACKNOWLEDGED, RESOLVED;

    /** The value written to the table: "pending", "firing", "acknowledged" or "resolved". */
    @Override
    public String stored() {
        return StoredValue.word(this);
    }

    /** The state stored as {@code word}; fails naming the column and the allowed words on anything else. */
    public static AlertState fromStored(String word) {
        return StoredValue.parse(AlertState.class, "alert state", word);
    }

    /** The stored word, so text built from a state reads as it always has. */
    @Override
    public String toString() {
        return stored();
    }
}
