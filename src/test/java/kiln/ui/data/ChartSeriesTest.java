package kiln.ui.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import kiln.domain.eda.EdaResults.DayBox;
import kiln.domain.eda.EdaResults.Envelope;
import kiln.domain.eda.EdaResults.Histogram;
import org.junit.jupiter.api.Test;

class ChartSeriesTest {

    @Test
    void eachClassHasItsOwnSideOfTheBinSoTheBarsNeverCoverEachOther() {
        Histogram h = new Histogram("temp", new double[] {350, 351, 352, 353}, new long[] {5, 7, 9}, new long[] {2, 4, 6}, new long[] {0, 1, 0});

        ChartSeries.HistogramBars bars = ChartSeries.histogram(h);

        for (int i = 0; i < 3; i++) {
            double width = h.edges()[i + 1] - h.edges()[i];
            double barHalf = ChartSeries.BAR_SHARE_OF_BIN * width / 2;
            double positive = bars.positive().x()[i];
            double other = bars.other().x()[i];
            // both bars inside their bin, and apart from each other
            assertThat(positive - barHalf).isGreaterThanOrEqualTo(h.edges()[i]);
            assertThat(other + barHalf).isLessThanOrEqualTo(h.edges()[i + 1]);
            assertThat(positive + barHalf).isLessThan(other - barHalf);
            assertThat(h.binOf(positive)).isEqualTo(i);
            assertThat(h.binOf(other)).isEqualTo(i);
        }
        assertThat(bars.positive().y()).containsExactly(5, 7, 9);
        assertThat(bars.other().y()).containsExactly(2, 4, 6);
    }

    @Test
    void timeIsInEpochSecondsAndTheOtherClassShareIsCountWeighted() {
        long start = LocalDateTime.of(2019, 7, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        int n = 2 * ChartSeries.SHARE_POINTS;
        long[] starts = new long[n];
        double[] min = new double[n];
        double[] max = new double[n];
        double[] mean = new double[n];
        long[] count = new long[n];
        double[] share = new double[n];
        for (int i = 0; i < n; i++) {
            starts[i] = start + i * 60_000L;
            min[i] = 1;
            mean[i] = 3;
            max[i] = 6;
            // pairs of buckets: 1 reading all of the other class, then 3 readings none of it
            count[i] = i % 2 == 0 ? 1 : 3;
            share[i] = i % 2 == 0 ? 1.0 : 0.0;
        }
        Envelope e = new Envelope("temp", 60_000, starts, min, max, mean, count, share, 4L * n / 2);

        ChartSeries.EnvelopeLines lines = ChartSeries.envelope(e);

        assertThat(lines.meanWithRange().x()[0]).isEqualTo(start / 1000.0 + 30);
        assertThat(lines.meanWithRange().below()[0]).isEqualTo(2);
        assertThat(lines.meanWithRange().above()[0]).isEqualTo(3);
        // two buckets to a span, each span 1 of 4 readings: 25 %, not the 50 % of an unweighted mean
        assertThat(lines.otherShare().y()).hasSize(ChartSeries.SHARE_POINTS);
        assertThat(Arrays.stream(lines.otherShare().y()).boxed().toList()).allSatisfy(y -> assertThat(y).isCloseTo(25.0, within(1e-9)));

        ChartSeries.DayBoxes boxes = ChartSeries.dayBoxes(List.of(new DayBox(LocalDate.of(2019, 7, 1), 10, 1, 2, 3, 4, 5)));
        assertThat(boxes.range().x()[0]).isEqualTo(LocalDateTime.of(2019, 7, 1, 12, 0).toEpochSecond(ZoneOffset.UTC));
        assertThat(boxes.range().below()).containsExactly(2);
        assertThat(boxes.quartiles().above()).containsExactly(1);
    }
}
