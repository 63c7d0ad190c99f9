package kiln.ui.monitor.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps instants onto a pixel range and picks calendar ticks in UTC: whole hours, days, weeks
 * (Mondays), months or years, whichever gives at most the asked number of ticks, labelled as
 * briefly as the step allows (the axis title carries the dates in full).
 */
final class TimeScale {

    /** A tick: where and what it says. */
    record Tick(Instant at, String label) {
    }

    private enum Step {
        HOUR_1(Duration.ofHours(1), "HH:mm"), HOUR_3(Duration.ofHours(3), "MM-dd HH:mm"), HOUR_6(Duration.ofHours(6), "MM-dd HH:mm"), HOUR_12(Duration
                .ofHours(12), "MM-dd HH:mm"), DAY_1(Duration.ofDays(1), "MM-dd"), DAY_2(Duration.ofDays(2), "MM-dd"), WEEK(Duration.ofDays(7),
                        "MM-dd"), MONTH_1(Duration.ofDays(30), "yyyy-MM"), MONTH_3(Duration.ofDays(91), "yyyy-MM"), YEAR(Duration.ofDays(365),
                                "yyyy");

        private final Duration approx;
        private final DateTimeFormatter format;

        Step(Duration approx, String pattern) {
            this.approx = approx;
            this.format = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
        }
    }

    private final Instant from;
    private final Instant to;
    private final double rangeFrom;
    private final double rangeTo;

    TimeScale(Instant from, Instant to, double rangeFrom, double rangeTo) {
        this.from = from;
        this.to = to.isAfter(from) ? to : from.plusSeconds(1);
        this.rangeFrom = rangeFrom;
        this.rangeTo = rangeTo;
    }

    Instant from() {
        return from;
    }

    Instant to() {
        return to;
    }

    double map(Instant t) {
        double span = Duration.between(from, to).toMillis();
        return rangeFrom + Duration.between(from, t).toMillis() / span * (rangeTo - rangeFrom);
    }

    boolean contains(Instant t) {
        return !t.isBefore(from) && !t.isAfter(to);
    }

    /** Calendar ticks inside [from, to], at most {@code maxTicks} (at least one step's worth). */
    List<Tick> ticks(int maxTicks) {
        Duration span = Duration.between(from, to);
        Step chosen = Step.YEAR;
        for (Step s : Step.values()) {
            if (span.toMillis() / s.approx.toMillis() + 1 <= maxTicks) {
                chosen = s;
                break;
            }
        }
        List<Tick> ticks = new ArrayList<>();
        for (Instant t = first(chosen); !t.isAfter(to); t = next(chosen, t)) {
            if (!t.isBefore(from)) {
                ticks.add(new Tick(t, chosen.format.format(t)));
            }
        }
        return ticks;
    }

    /** "2019-07-01 – 2019-07-31" (UTC days), or the one day with its hours when the range lies within a day. */
    String describeRange() {
        DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
        DateTimeFormatter minute = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
        if (Duration.between(from, to).compareTo(Duration.ofDays(2)) <= 0) {
            return minute.format(from) + " – " + minute.format(to);
        }
        return day.format(from) + " – " + day.format(to);
    }

    private Instant first(Step s) {
        ZonedDateTime z = from.atZone(ZoneOffset.UTC);
        return switch (s) {
            case HOUR_1, HOUR_3, HOUR_6, HOUR_12 -> {
                int hours = (int) s.approx.toHours();
                ZonedDateTime h = z.truncatedTo(ChronoUnit.HOURS);
                yield h.withHour(h.getHour() / hours * hours).toInstant();
            }
            case DAY_1, DAY_2 -> z.truncatedTo(ChronoUnit.DAYS).toInstant();
            case WEEK -> {
                LocalDate d = z.toLocalDate();
                yield d.minusDays(d.getDayOfWeek().getValue() - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            case MONTH_1 -> z.toLocalDate().withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case MONTH_3 -> {
                LocalDate d = z.toLocalDate().withDayOfMonth(1);
                yield d.withMonth((d.getMonthValue() - 1) / 3 * 3 + 1).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            case YEAR -> z.toLocalDate().withDayOfYear(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        };
    }

    private static Instant next(Step s, Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return switch (s) {
            case MONTH_1 -> z.plusMonths(1).toInstant();
            case MONTH_3 -> z.plusMonths(3).toInstant();
            case YEAR -> z.plusYears(1).toInstant();
            default -> t.plus(s.approx);
        };
    }
}
