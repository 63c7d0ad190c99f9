package kiln.ui.monitor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the Monitor writes a time: to the minute, in UTC (process time is stored in UTC). */
final class UtcTime {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private UtcTime() {}

    /** "2019-07-22 06:00", or "—" for no time. */
    static String format(Instant t) {
        return t == null ? "—" : MINUTE.format(t);
    }
}
