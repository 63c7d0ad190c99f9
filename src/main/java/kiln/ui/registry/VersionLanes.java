package kiln.ui.registry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.ui.registry.RegistryServices.ReadingSpan;

/**
 * The production timeline as one lane per version: where each version was production (and
 * challenger), and its registration and promotions as markers, over a time range taken from the
 * production periods and the readings. Registry events carry the clock they were recorded with (a
 * version registered from the workbench carries the wall clock while its data is from 2019), so a
 * marker outside the range sits at its edge and says so rather than stretching the axis over years.
 *
 * @param from  the left edge of the time axis
 * @param to    the right edge; spans still open run up to it
 * @param notes what the chart cannot show at its place (markers moved to an edge)
 */
public record VersionLanes(List<Lane> lanes, List<Marker> markers, Instant from, Instant to, List<String> notes) {

    public static final VersionLanes EMPTY = new VersionLanes(List.of(), List.of(), null, null, List.of());
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    /** Room on either side of the spans, as a share of the range. */
    private static final double PADDING = 0.04;
    private static final Duration MIN_PADDING = Duration.ofHours(1);
    private static final Duration LONE_INSTANT_RANGE = Duration.ofDays(1);

    /** One version's row: its production and challenger spans. */
    public record Lane(int version, List<Span> production, List<Span> challenger) {

        public String label() {
            return "v" + version;
        }
    }

    /** A span of a lane; {@code open} when it still runs (its end is then the range's right edge). */
    public record Span(Instant start, Instant end, boolean open) {
    }

    public enum Kind {
        REGISTERED, PROMOTED
    }

    /**
     * An event on a lane. {@code shownAt} is where it is drawn: its time, or the nearer edge of the
     * range when {@code clamped}.
     */
    public record Marker(int version, Kind kind, Instant at, Instant shownAt, boolean clamped, String text, String detail) {
    }

    public boolean isEmpty() {
        return lanes.isEmpty() || from == null;
    }

    public Optional<Lane> lane(int version) {
        return lanes.stream().filter(l -> l.version() == version).findFirst();
    }

    /** Builds the lanes of {@code versions} from the model's history, its production periods and its readings' span. */
    public static VersionLanes of(List<Integer> versions, List<ModelEvent> events, List<ProductionPeriod> periods,
            Optional<ReadingSpan> readings) {
        if (versions.isEmpty()) {
            return EMPTY;
        }
        List<RawSpan> challengers = challengerSpans(events);
        Instant[] range = range(periods, challengers, events, readings);
        if (range == null) {
            return new VersionLanes(lanes(versions, periods, challengers, null), List.of(), null, null, List.of());
        }
        Instant from = range[0];
        Instant to = range[1];
        List<String> notes = new ArrayList<>();
        List<Marker> markers = new ArrayList<>();
        for (ModelEvent e : events) {
            if (e.version() == null) {
                continue;
            }
            Kind kind = ModelEvent.REGISTER.equals(e.action()) ? Kind.REGISTERED
                    : ModelEvent.PROMOTE.equals(e.action()) && ModelVersion.PRODUCTION.equals(e.alias()) ? Kind.PROMOTED : null;
            if (kind == null) {
                continue;
            }
            String verb = kind == Kind.REGISTERED ? "registered" : "promoted";
            boolean clamped = e.at().isBefore(from) || e.at().isAfter(to);
            Instant shownAt = e.at().isBefore(from) ? from : e.at().isAfter(to) ? to : e.at();
            String text = clamped ? verb + " " + DAY.format(e.at()) + " (off the axis)" : verb;
            String detail = "v" + e.version() + " " + verb + " " + EffectiveTime.format(e.at()) + " UTC by " + e.by()
                    + (e.note() == null || e.note().isBlank() ? "" : " — " + e.note());
            markers.add(new Marker(e.version(), kind, e.at(), shownAt, clamped, text, detail));
            if (clamped) {
                notes.add("v" + e.version() + " was " + verb + " at " + EffectiveTime.format(e.at()) + " UTC, outside the time range of the "
                        + "production periods; its marker sits at the " + (e.at().isBefore(from) ? "left" : "right") + " edge.");
            }
        }
        return new VersionLanes(lanes(versions, periods, challengers, new Instant[] {from, to}), List.copyOf(markers), from, to,
                List.copyOf(notes));
    }

    private record RawSpan(int version, Instant start, Instant end) {
    }

    /** A version is challenger from its promotion to challenger until demoted, archived or promoted to production. */
    private static List<RawSpan> challengerSpans(List<ModelEvent> events) {
        Map<Integer, Instant> open = new HashMap<>();
        List<RawSpan> spans = new ArrayList<>();
        for (ModelEvent e : events) {
            if (e.version() == null) {
                continue;
            }
            int v = e.version();
            boolean becomesChallenger = ModelEvent.PROMOTE.equals(e.action()) && ModelVersion.CHALLENGER.equals(e.alias());
            boolean endsChallenge = (ModelEvent.DEMOTE.equals(e.action()) && ModelVersion.CHALLENGER.equals(e.alias()))
                    || ModelEvent.ARCHIVE.equals(e.action())
                    || (ModelEvent.PROMOTE.equals(e.action()) && ModelVersion.PRODUCTION.equals(e.alias()));
            if (becomesChallenger) {
                open.putIfAbsent(v, e.at());
            } else if (endsChallenge && open.containsKey(v)) {
                spans.add(new RawSpan(v, open.remove(v), e.at()));
            }
        }
        open.forEach((v, start) -> spans.add(new RawSpan(v, start, null)));
        spans.sort(Comparator.comparing(RawSpan::start));
        return spans;
    }

    /**
     * The axis range: the production periods' bounds (else the challenger spans', else the
     * readings', else the events'), reaching right to the newest reading while something is still
     * live, padded on both sides. Null when there is no time at all.
     */
    private static Instant[] range(List<ProductionPeriod> periods, List<RawSpan> challengers, List<ModelEvent> events,
            Optional<ReadingSpan> readings) {
        TreeSet<Instant> anchors = new TreeSet<>();
        periods.forEach(p -> {
            anchors.add(p.start());
            if (p.end() != null) {
                anchors.add(p.end());
            }
        });
        if (anchors.isEmpty()) {
            challengers.forEach(c -> Stream.of(c.start(), c.end()).filter(t -> t != null).forEach(anchors::add));
        }
        if (anchors.isEmpty() && readings.isPresent()) {
            anchors.add(readings.get().first());
            anchors.add(readings.get().last());
        }
        if (anchors.isEmpty()) {
            events.forEach(e -> anchors.add(e.at()));
        }
        if (anchors.isEmpty()) {
            return null;
        }
        Instant from = anchors.first();
        Instant to = anchors.last();
        boolean somethingLive = periods.stream().anyMatch(p -> p.end() == null) || challengers.stream().anyMatch(c -> c.end() == null);
        if (somethingLive && readings.isPresent() && readings.get().last().isAfter(to)) {
            to = readings.get().last();
        }
        if (!to.isAfter(from)) {
            from = from.minus(LONE_INSTANT_RANGE.dividedBy(2));
            to = to.plus(LONE_INSTANT_RANGE.dividedBy(2));
        }
        Duration pad = Duration.ofMillis((long) (Duration.between(from, to).toMillis() * PADDING));
        pad = pad.compareTo(MIN_PADDING) < 0 ? MIN_PADDING : pad;
        return new Instant[] {from.minus(pad), to.plus(pad)};
    }

    private static List<Lane> lanes(List<Integer> versions, List<ProductionPeriod> periods, List<RawSpan> challengers, Instant[] range) {
        List<Lane> lanes = new ArrayList<>();
        for (int v : new TreeSet<>(versions)) {
            List<Span> production = new ArrayList<>();
            List<Span> challenger = new ArrayList<>();
            if (range != null) {
                periods.stream().filter(p -> p.version() == v).forEach(p -> clip(p.start(), p.end(), range).ifPresent(production::add));
                challengers.stream().filter(c -> c.version() == v).forEach(c -> clip(c.start(), c.end(), range).ifPresent(challenger::add));
            }
            lanes.add(new Lane(v, List.copyOf(production), List.copyOf(challenger)));
        }
        return List.copyOf(lanes);
    }

    /** A span cut to the range (open spans run to its right edge); empty when it lies wholly outside. */
    private static Optional<Span> clip(Instant start, Instant end, Instant[] range) {
        Instant s = start.isBefore(range[0]) ? range[0] : start;
        Instant e = end == null || end.isAfter(range[1]) ? range[1] : end;
        return e.isAfter(s) ? Optional.of(new Span(s, e, end == null)) : Optional.empty();
    }
}
