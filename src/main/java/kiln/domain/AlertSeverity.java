package kiln.domain;

/** How urgent an alert rule is, as stored in the {@code severity} column of {@code alert_rule}, {@code alert} and {@code incident}. */
public enum AlertSeverity implements StoredValue {
    INFO, WARNING, CRITICAL;

    /** "info", "warning" or "critical". */
    @Override
    public String stored() {
        return StoredValue.word(this);
    }

    /** The severity stored as {@code word}; fails naming the column and the allowed words on anything else. */
    public static AlertSeverity fromStored(String word) {
        return StoredValue.parse(AlertSeverity.class, "alert severity", word);
    }

    /** The stored word, so text built from a severity reads as it always has. */
    @Override
    public String toString() {
        return stored();
    }
}
