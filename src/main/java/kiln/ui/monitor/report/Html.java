package kiln.ui.monitor.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Text for the report's markup: escaping for element content and attribute values, and the few
 * number and time formats the report uses (UTC to the minute, Locale.ROOT decimals).
 */
final class Html {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Html() {}

    /**
     * Escapes {@code s} for element content and quoted attribute values alike; null becomes empty.
     * Characters XML 1.0 does not allow (control characters other than tab and line breaks) are
     * dropped, so the page stays well-formed whatever a data set's names contain.
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** "2019-07-22 06:00" (UTC), or "—" for no time. */
    static String time(Instant t) {
        return t == null ? "—" : MINUTE.format(t);
    }

    /** "97.3 %" for 0.973; empty for null. */
    static String percent(Double fraction) {
        return fraction == null || fraction.isNaN() ? "" : String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** {@code v} with {@code decimals} decimals; empty for NaN. */
    static String number(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** "day window" for "day"; "window of 500 predictions" for "every 500 predictions". */
    static String window(String granularity) {
        return granularity.startsWith("every ") ? "window of " + granularity.substring("every ".length()) : granularity + " window";
    }

    /** "32 day windows"; "12 windows of 500 predictions". */
    static String windows(int count, String granularity) {
        return granularity.startsWith("every ") ? count + " windows of " + granularity.substring("every ".length())
                : count + " " + granularity + " windows";
    }

    /** A sort key for a time: epoch seconds, empty for none. */
    static String sortKey(Instant t) {
        return t == null ? "" : Long.toString(t.getEpochSecond());
    }

    /** A fragment id from a name: letters and digits kept, anything else one dash; never empty. */
    static String slug(String name) {
        String s = (name == null ? "" : name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return s.isEmpty() ? "x" : s;
    }
}
