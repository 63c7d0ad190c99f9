package kiln.sim.scenario;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Text-to-time parsing shared by scenario fields and windows (UTC when no zone is given). */
public final class YamlNodes {

    private YamlNodes() {}

    /** 2019-07-01, 2019-07-01T12:00 or 2019-07-01T12:00:00Z. */
    public static Instant instant(String s) {
        if (s.length() == 10) {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (!s.endsWith("Z") && !s.contains("+")) {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(s).toInstant();
    }
}
