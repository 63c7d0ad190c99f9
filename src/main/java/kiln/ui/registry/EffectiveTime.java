package kiln.ui.registry;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;

/**
 * The "effective from" time of a promotion as the user types it: {@code yyyy-MM-dd HH:mm} in UTC,
 * the format of every time the Registry shows.
 */
public final class EffectiveTime {

    public static final String PATTERN = "yyyy-MM-dd HH:mm";
    // strict: 2019-02-30 is a mistake to report, not a date to round
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withResolverStyle(ResolverStyle.STRICT);

    private EffectiveTime() {}

    /** A parsed time, or the reason the text is not one. */
    public record Parsed(Instant time, String problem) {

        public boolean ok() {
            return time != null;
        }
    }

    public static Parsed parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return new Parsed(null, "Enter the time the promotion takes effect, as " + PATTERN + " (UTC).");
        }
        try {
            return new Parsed(LocalDateTime.parse(t, FORMAT).toInstant(ZoneOffset.UTC), null);
        } catch (DateTimeParseException e) {
            return new Parsed(null, "'" + t + "' is not a time as " + PATTERN + " (UTC), e.g. 2019-07-11 00:00.");
        }
    }

    /** {@code t} as the field shows it (seconds dropped). */
    public static String format(Instant t) {
        return FORMAT.format(t.truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC));
    }
}
