package kiln.domain.eda;

import java.time.LocalDateTime;
import java.util.Locale;

/**
 * What a drill-down selects inside the window: optionally a feature value range {@code [low, high)}
 * (a histogram bar), optionally a time range (a span of the time series), optionally one label.
 */
public record RowFilter(String feature, Double low, Double high, LocalDateTime from, LocalDateTime to, Integer label) {

    public static final RowFilter NONE = new RowFilter(null, null, null, null, null, null);

    public static RowFilter featureRange(String feature, double low, double high, Integer label) {
        return new RowFilter(feature, low, high, null, null, label);
    }

    public static RowFilter timeRange(LocalDateTime from, LocalDateTime to) {
        return new RowFilter(null, null, null, from, to, null);
    }

    /** A short description for the drill-down table's heading. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (feature != null) {
            sb.append(String.format(Locale.ROOT, "%s in [%.5g, %.5g)", feature, low, high));
        }
        if (from != null || to != null) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append("time in [").append(from == null ? "…" : from).append(", ").append(to == null ? "…" : to).append(')');
        }
        if (label != null) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append("label code ").append(label);
        }
        return sb.length() == 0 ? "all rows" : sb.toString();
    }
}
