package kiln.ui.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class MarkerLabelLayoutTest {

    @Test
    void labelsAtTheSameTimeGoToSeparateRowsAndStayInsideThePlot() {
        double[] anchors = {5, 5, 200, 395};
        double[] widths = {70, 60, 80, 90};

        List<MarkerLabelLayout.Placement> placed = MarkerLabelLayout.place(anchors, widths, 400, 2, 6);

        assertThat(placed).allMatch(MarkerLabelLayout.Placement::shown);
        for (int i = 0; i < placed.size(); i++) {
            assertThat(placed.get(i).x()).isBetween(0.0, 400 - widths[i]);
            for (int j = i + 1; j < placed.size(); j++) {
                boolean sameRow = placed.get(i).row() == placed.get(j).row();
                boolean apart = placed.get(i).x() + widths[i] <= placed.get(j).x() || placed.get(j).x() + widths[j] <= placed.get(i).x();
                assertThat(!sameRow || apart).as("labels %d and %d overlap", i, j).isTrue();
            }
        }
        assertThat(placed.get(0).row()).isNotEqualTo(placed.get(1).row());
    }

    @Test
    void aLabelWithNoFreeRowIsLeftOutRatherThanDrawnOverAnother() {
        List<MarkerLabelLayout.Placement> placed = MarkerLabelLayout.place(new double[] {50, 52, 54}, new double[] {60, 60, 60}, 300, 2, 6);

        assertThat(placed).filteredOn(MarkerLabelLayout.Placement::shown).hasSize(2);
        assertThat(placed.get(2).shown()).isFalse();
        assertThat(MarkerLabelLayout.place(new double[] {10}, new double[] {500}, 300, 2, 6).get(0).shown()).isFalse();
    }
}
