package kiln.ui.monitor;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import kiln.domain.TimelineMarker;

/**
 * Short texts for timeline markers: the chart has room for "v2" or "alert", not for a sentence; the
 * marker's full label and time go to its tooltip.
 */
final class MarkerText {

    private static final Pattern VERSION = Pattern.compile("^v(\\d+)\\b");
    private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)\\s*$");

    private MarkerText() {}

    /** "v2 promoted to production" → "v2"; an alert → "alert"; "concept change 1" → "change 1". */
    static String shortLabel(TimelineMarker m) {
        return switch (m.kind()) {
            case TimelineMarker.PROMOTION -> version(m).map(v -> "v" + v).orElse("promoted");
            case TimelineMarker.ALERT -> "alert";
            default -> {
                Matcher n = TRAILING_NUMBER.matcher(m.label() == null ? "" : m.label());
                yield n.find() ? "change " + n.group(1) : "change";
            }
        };
    }

    /** The full label and when, for the tooltip. */
    static String details(TimelineMarker m) {
        return (m.label() == null ? m.kind() : m.label()) + "\n" + UtcTime.format(m.at()) + " UTC";
    }

    /** The version a promotion marker names ("v2 promoted …"), if it names one. */
    static Optional<Integer> version(TimelineMarker m) {
        Matcher v = VERSION.matcher(m.label() == null ? "" : m.label());
        return v.find() ? Optional.of(Integer.parseInt(v.group(1))) : Optional.empty();
    }
}
