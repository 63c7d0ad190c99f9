package kiln.ui.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import kiln.domain.ModelEvent;
import kiln.domain.ProductionPeriod;
import kiln.ui.registry.RegistryServices.ReadingSpan;
import org.junit.jupiter.api.Test;

class VersionLanesTest {

    static final Instant JUL_01 = Instant.parse("2019-07-01T00:00:00Z");
    static final Instant JUL_11 = Instant.parse("2019-07-11T00:00:00Z");
    static final Instant JUL_22 = Instant.parse("2019-07-22T11:55:00Z");
    static final Instant AUG_11 = Instant.parse("2019-08-11T23:54:00Z");
    /** A version registered from the workbench carries the wall clock. */
    static final Instant WALL_CLOCK = Instant.parse("2026-12-05T14:02:00Z");

    private static ModelEvent event(long id, int version, String action, String alias, Instant at) {
        return new ModelEvent(id, "glassware", version, action, alias, at, "ann", null);
    }

    @Test
    void oneLanePerVersionWithProductionAndChallengerSpansOnTheDataClock() {
        List<ModelEvent> events = List.of(
                event(1, 1, ModelEvent.REGISTER, null, JUL_11),
                event(2, 1, ModelEvent.PROMOTE, "production", JUL_11),
                event(3, 2, ModelEvent.REGISTER, null, Instant.parse("2019-07-15T00:00:00Z")),
                event(4, 2, ModelEvent.PROMOTE, "challenger", Instant.parse("2019-07-16T00:00:00Z")),
                event(5, 1, ModelEvent.DEMOTE, "production", JUL_22),
                event(6, 2, ModelEvent.PROMOTE, "production", JUL_22),
                event(7, 3, ModelEvent.REGISTER, null, Instant.parse("2019-08-01T00:00:00Z")));
        List<ProductionPeriod> periods = List.of(
                new ProductionPeriod("glassware", 1, JUL_11, JUL_22, "ann", null),
                new ProductionPeriod("glassware", 2, JUL_22, null, "ann", null));

        VersionLanes lanes = VersionLanes.of(List.of(3, 1, 2), events, periods, Optional.of(new ReadingSpan(JUL_01, AUG_11, 7999)));

        assertThat(lanes.lanes()).extracting(VersionLanes.Lane::label).containsExactly("v1", "v2", "v3");
        assertThat(lanes.lane(1).orElseThrow().production()).containsExactly(new VersionLanes.Span(JUL_11, JUL_22, false));
        VersionLanes.Span live = lanes.lane(2).orElseThrow().production().get(0);
        assertThat(live.open()).isTrue();
        assertThat(live.end()).isEqualTo(lanes.to());
        // challenger from its promotion until it became production
        assertThat(lanes.lane(2).orElseThrow().challenger())
                .containsExactly(new VersionLanes.Span(Instant.parse("2019-07-16T00:00:00Z"), JUL_22, false));
        assertThat(lanes.lane(3).orElseThrow().production()).isEmpty();
        // the axis spans the production periods and reaches the newest reading while v2 is live
        assertThat(lanes.from()).isBefore(JUL_11).isAfter(JUL_01);
        assertThat(lanes.to()).isAfter(AUG_11).isBefore(AUG_11.plusSeconds(3 * 86_400));
        assertThat(lanes.markers()).extracting(VersionLanes.Marker::kind).containsExactly(
                VersionLanes.Kind.REGISTERED, VersionLanes.Kind.PROMOTED, VersionLanes.Kind.REGISTERED, VersionLanes.Kind.PROMOTED,
                VersionLanes.Kind.REGISTERED);
        assertThat(lanes.markers()).noneMatch(VersionLanes.Marker::clamped);
        assertThat(lanes.notes()).isEmpty();
    }

    @Test
    void aRegistrationOnTheWallClockSitsAtTheEdgeAndSaysSoInsteadOfStretchingTheAxis() {
        List<ModelEvent> events = List.of(
                event(1, 1, ModelEvent.REGISTER, null, JUL_11),
                event(2, 1, ModelEvent.PROMOTE, "production", JUL_11),
                event(3, 2, ModelEvent.REGISTER, null, WALL_CLOCK));
        List<ProductionPeriod> periods = List.of(new ProductionPeriod("glassware", 1, JUL_11, null, "ann", null));

        VersionLanes lanes = VersionLanes.of(List.of(1, 2), events, periods, Optional.of(new ReadingSpan(JUL_01, AUG_11, 7999)));

        assertThat(lanes.to()).isBefore(Instant.parse("2019-09-01T00:00:00Z"));
        VersionLanes.Marker late = lanes.markers().stream().filter(m -> m.version() == 2).findFirst().orElseThrow();
        assertThat(late.clamped()).isTrue();
        assertThat(late.shownAt()).isEqualTo(lanes.to());
        assertThat(late.at()).isEqualTo(WALL_CLOCK);
        assertThat(late.text()).contains("2026-12-05").contains("off the axis");
        assertThat(lanes.notes()).singleElement().asString().contains("v2").contains("2026-12-05 14:02").contains("right edge");
    }

    @Test
    void withoutAnyPromotionTheAxisFollowsTheReadings() {
        List<ModelEvent> events = List.of(event(1, 1, ModelEvent.REGISTER, null, WALL_CLOCK));

        VersionLanes lanes = VersionLanes.of(List.of(1), events, List.of(), Optional.of(new ReadingSpan(JUL_01, AUG_11, 7999)));

        assertThat(lanes.from()).isBefore(JUL_01);
        assertThat(lanes.to()).isAfter(AUG_11).isBefore(Instant.parse("2019-09-01T00:00:00Z"));
        assertThat(lanes.markers()).singleElement().satisfies(m -> assertThat(m.clamped()).isTrue());
        assertThat(VersionLanes.of(List.of(), events, List.of(), Optional.empty()).isEmpty()).isTrue();
    }
}
