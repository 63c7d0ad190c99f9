package kiln.drift;

import java.util.Locale;

/** Lifecycle state of one alert episode, as stored in the {@code alert} table's {@code state} column. */
public enum AlertState {
    PENDING, FIRING, ACKNOWLEDGED, RESOLVED;

    /** The value written to the table: "pending", "firing", "acknowledged" or "resolved". */
    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }
}
