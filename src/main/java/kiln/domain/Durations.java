package kiln.domain;

import java.time.Duration;
import java.util.Locale;

/** Durations as people type them: a whole number with a unit ({@code 450s}, {@code 30m}, {@code 6h}, {@code 2d}) or ISO-8601. */
public final class Durations {
    /** What a message about a mistyped duration suggests instead. */
    public static final String FORMS = "450s, 30m, 6h, 2d or ISO-8601 like PT6H";

    private Durations() {}

    /** Throws IllegalArgumentException, naming the text and {@link #FORMS}, for anything else. */
    public static Duration parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1).strip());
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a duration (use " + FORMS + ")", e);
        }
    }
}
