package kiln.ml;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/**
 * A half-open time range {@code [start, end)} of process times, in UTC.
 *
 * <p>Parsed from {@code FROM..TO}: dates are whole days (the TO day included), date-times are exact.
 */
public record DataWindow(LocalDateTime start, LocalDateTime end) {

    public DataWindow {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("The window must end after it starts: " + start + " .. " + end);
        }
    }

    /** @throws IllegalArgumentException naming the bad part */
    public static DataWindow parse(String text) {
        int sep = text.indexOf("..");
        if (sep < 0) {
            throw new IllegalArgumentException("A window is FROM..TO (e.g. 2019-07-01..2019-07-10), not '" + text + "'");
        }
        return new DataWindow(parsePoint(text.substring(0, sep).trim(), false), parsePoint(text.substring(sep + 2).trim(), true));
    }

    private static LocalDateTime parsePoint(String s, boolean end) {
        try {
            if (s.length() <= 10) {
                LocalDate d = LocalDate.parse(s);
                return end ? d.plusDays(1).atStartOfDay() : d.atStartOfDay();
            }
            return LocalDateTime.parse(s.replace(' ', 'T').replace("Z", ""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + s + "' is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM[:SS])");
        }
    }

    @Override
    public String toString() {
        return start + ".." + end;
    }
}
