package kiln.ui.monitor;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * The end of a silence as the user types it (UTC, {@value #PATTERN}), checked as typed: a time that
 * cannot be read, or one not after the alert fired, comes back with what to type instead.
 *
 * @param until   the end, or null when the text is not acceptable
 * @param problem what is wrong with the text, or "" when it is acceptable
 */
record SilenceEnd(Instant until, String problem) {

    static final String PATTERN = "yyyy-MM-dd HH:mm";
    /** Strict: 2019-02-30 is not silently read as 2019-02-28. */
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    boolean valid() {
        return until != null;
    }

    /** Reads {@code text}; the end must come after {@code firedAt} (null: any time is fine). */
    static SilenceEnd check(String text, Instant firedAt) {
        String example = format(suggested(firedAt));
        if (text == null || text.isBlank()) {
            return new SilenceEnd(null, "Type when the silence ends as " + PATTERN + " in UTC, e.g. " + example + ".");
        }
        Instant until;
        try {
            until = LocalDateTime.parse(text.trim(), FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return new SilenceEnd(null, "\"" + text.trim() + "\" is not a time Kiln can read: type " + PATTERN + " in UTC, e.g. "
                    + example + ".");
        }
        if (firedAt != null && !until.isAfter(firedAt)) {
            return new SilenceEnd(null, "The silence must end after the alert fired (" + format(firedAt) + " UTC), e.g. " + example + ".");
        }
        return new SilenceEnd(until, "");
    }

    /** A day after the alert fired (or after its current silence): the usual answer, offered as the default. */
    static Instant suggested(Instant base) {
        return (base == null ? Instant.now() : base).plusSeconds(24 * 3600);
    }

    static String format(Instant t) {
        return FORMAT.format(t.atOffset(ZoneOffset.UTC));
    }
}
