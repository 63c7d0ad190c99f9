package kiln.ui.data;

/** The time windows the Data workspace offers; "last" ones count back from the newest reading, not the clock. */
public enum WindowPreset {
    ALL("All readings"),
    LAST_DAY("Last day"),
    LAST_7_DAYS("Last 7 days"),
    RUN("Training window of a run"),
    CUSTOM("Custom range");

    private final String label;

    WindowPreset(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
