package kiln.domain;

/** What an alert rule watches, as stored in the {@code kind} column of {@code alert_rule} and {@code alert}. */
public enum AlertKind implements StoredValue {
    KPI, DRIFT, QUALITY, DETECTOR;

    /** "kpi", "drift", "quality" or "detector". */
    @Override
    public String stored() {
        return StoredValue.word(this);
    }

    /** The kind stored as {@code word}; fails naming the column and the allowed words on anything else. */
    public static AlertKind fromStored(String word) {
        return StoredValue.parse(AlertKind.class, "alert kind", word);
    }

    /** The stored word, so text built from a kind reads as it always has. */
    @Override
    public String toString() {
        return stored();
    }
}
