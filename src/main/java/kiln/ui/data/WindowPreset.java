package kiln.ui.data;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;

import kiln.domain.eda.EdaResults.RunWindow;
import kiln.domain.eda.EdaResults.TimeBounds;
import kiln.domain.eda.TimeWindow;

/** The time windows the Data workspace offers; "last" ones count back from the newest reading, not the clock. */
public enum WindowPreset {
    ALL("All readings"), LAST_DAY("Last day"), LAST_7_DAYS("Last 7 days"), RUN("Training window of a run"), CUSTOM("Custom range");

    private final String label;

    WindowPreset(String label) {
        this.label = label;
    }

    /**
     * The window this preset describes for a data set with readings in {@code bounds}, the chosen
     * {@code run} and the custom days {@code from..to} (inclusive); the whole data set when the preset
     * has nothing to go by yet.
     *
     * @throws IllegalArgumentException when the custom range ends before it starts
     */
    public TimeWindow window(TimeBounds bounds, RunWindow run, LocalDate from, LocalDate to) {
        LocalDateTime newest = bounds == null ? null : bounds.last();
        return switch (this) {
            case ALL -> TimeWindow.ALL;
            case LAST_DAY -> newest == null ? TimeWindow.ALL : TimeWindow.lastBefore(newest, Duration.ofDays(1));
            case LAST_7_DAYS -> newest == null ? TimeWindow.ALL : TimeWindow.lastBefore(newest, Duration.ofDays(7));
            case RUN -> run == null ? TimeWindow.ALL : new TimeWindow(run.start(), run.end());
            case CUSTOM -> new TimeWindow(from == null ? null : from.atStartOfDay(), to == null ? null : to.plusDays(1).atStartOfDay());
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
