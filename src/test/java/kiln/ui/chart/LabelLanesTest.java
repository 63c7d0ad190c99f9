package kiln.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LabelLanesTest {

    private static void assertNoOverlapInside(List<LabelLanes.Placement> placed, double[] widths, double extent, double gap) {
        for (int i = 0; i < placed.size(); i++) {
            LabelLanes.Placement a = placed.get(i);
            if (!a.shown()) {
                continue;
            }
            assertThat(a.left()).isGreaterThanOrEqualTo(0);
            assertThat(a.left() + widths[i]).isLessThanOrEqualTo(extent);
            for (int j = i + 1; j < placed.size(); j++) {
                LabelLanes.Placement b = placed.get(j);
                if (b.shown() && a.lane() == b.lane()) {
                    boolean apart = a.left() + widths[i] + gap <= b.left() || b.left() + widths[j] + gap <= a.left();
                    assertThat(apart).as("labels %d and %d in lane %d", i, j, a.lane()).isTrue();
                }
            }
        }
    }

    @Test
    void neighboursGoToDifferentLanesAndTheLastStaysInside() {
        // a promotion and an alert a few pixels apart, and another pair at the right edge
        double[] anchors = {300, 306, 992, 998};
        double[] widths = {30, 40, 30, 40};
        List<LabelLanes.Placement> placed = LabelLanes.place(anchors, widths, 1000, 4, 3);
        assertThat(placed).allMatch(LabelLanes.Placement::shown);
        assertThat(placed.get(0).lane()).isNotEqualTo(placed.get(1).lane());
        assertThat(placed.get(2).lane()).isNotEqualTo(placed.get(3).lane());
        // at the right edge the labels sit left of their lines
        assertThat(placed.get(3).left() + widths[3]).isLessThanOrEqualTo(998);
        assertNoOverlapInside(placed, widths, 1000, 4);
    }

    @Test
    void farApartLabelsShareTheFirstLane() {
        double[] anchors = {100, 400, 700};
        double[] widths = {30, 30, 30};
        assertThat(LabelLanes.place(anchors, widths, 1000, 4, 3)).extracting(LabelLanes.Placement::lane).containsOnly(0);
    }

    @Test
    void labelsThatFitInNoLaneAreNotShownAndTheRestStillDoNotOverlap() {
        double[] anchors = {500, 501, 502, 503, 504};
        double[] widths = {60, 60, 60, 60, 60};
        List<LabelLanes.Placement> placed = LabelLanes.place(anchors, widths, 1000, 4, 2);
        assertThat(placed.stream().filter(LabelLanes.Placement::shown).count()).isBetween(2L, 4L);
        assertThat(placed.stream().filter(p -> !p.shown()).count()).isPositive();
        assertNoOverlapInside(placed, widths, 1000, 4);
    }

    @Test
    void aLabelWiderThanThePlotOrOutsideItIsNotShown() {
        List<LabelLanes.Placement> placed = LabelLanes.place(new double[] {50, -10, 120}, new double[] {300, 20, 20}, 200, 4, 3);
        assertThat(placed).extracting(LabelLanes.Placement::shown).containsExactly(false, false, true);
    }

    @Test
    void whenRoomRunsOutTheLessImportantLabelsGo() {
        // an alert, a promotion and a change at one spot, one lane (room beside the line on either side): the alert goes
        double[] anchors = {500, 500, 500};
        double[] widths = {40, 30, 50};
        List<LabelLanes.Placement> placed = LabelLanes.place(anchors, widths, new int[] {2, 0, 1}, 1000, 4, 1);
        assertThat(placed).extracting(LabelLanes.Placement::shown).containsExactly(false, true, true);
    }
}
