package kiln.ui.monitor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.KpiPoint;
import kiln.domain.TimelineMarker;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SvgTest {

    @Test
    void escapesTextAndAttributeValuesAndStaysWellFormed() throws Exception {
        Svg svg = new Svg(200, 100, "a < b & \"c\"");
        svg.text(10, 20, "<script>alert('x')</script> & more", Svg.Anchor.START, "fill", "#123\"onload=\"x");
        svg.circle(5, 5, 2, "tip <here>", "fill", "red");
        String xml = svg.toString();
        assertThat(xml).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more")
                .contains("fill=\"#123&quot;onload=&quot;x\"").contains("<title>a &lt; b &amp; &quot;c&quot;</title>");
        Document doc = MonitorReportWriterTest.parse(xml);
        Element text = (Element) doc.getElementsByTagName("text").item(0);
        assertThat(text.getTextContent()).isEqualTo("<script>alert('x')</script> & more");
        assertThat(text.getAttribute("fill")).isEqualTo("#123\"onload=\"x");
    }

    @Test
    void dropsCharactersXmlCannotHold() throws Exception {
        assertThat(Html.esc("a\u0000b\u0007c\td")).isEqualTo("abc\td");
        MonitorReportWriterTest.parse(new Svg(10, 10, "x\u0001y").toString());
    }

    @Test
    void pathVisitsEveryPointInOrder() {
        List<double[]> points = List.of(new double[] {0, 0}, new double[] {10.04, 20.06}, new double[] {30, -5.5});
        String xml = new Svg(100, 100, "t").path(points, "stroke", "blue").toString();
        assertThat(xml).contains("<path d=\"M0 0 L10 20.1 L30 -5.5\" fill=\"none\" stroke=\"blue\"/>");
        assertThat(new Svg(100, 100, "t").path(List.of()).toString()).doesNotContain("<path");
    }

    @Test
    void refusesMalformedAttributesAndUnclosedGroups() {
        assertThatThrownBy(() -> new Svg(1, 1, "t").rect(0, 0, 1, 1, "fill")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Svg(1, 1, "t").rect(0, 0, 1, 1, "on load", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Svg(1, 1, "t").group(null).toString()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Svg(1, 1, "t").endGroup()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void numbersAreShortAndNeverNaN() {
        assertThat(Svg.n(12.0)).isEqualTo("12");
        assertThat(Svg.n(12.345)).isEqualTo("12.3");
        assertThat(Svg.n(-0.04)).isEqualTo("0");
        assertThat(Svg.n(Double.NaN)).isEqualTo("0");
        assertThat(Svg.n(Double.POSITIVE_INFINITY)).isEqualTo("0");
    }

    @Test
    void linearScaleMapsBothWaysAndPicksRoundTicks() {
        LinearScale y = new LinearScale(0.5, 1.0, 300, 20); // a y axis: larger values higher up
        assertThat(y.map(0.5)).isEqualTo(300);
        assertThat(y.map(1.0)).isEqualTo(20);
        assertThat(y.map(0.75)).isCloseTo(160, within(1e-9));
        assertThat(y.clamped(2)).isEqualTo(20);
        assertThat(y.ticks(6)).containsExactly(0.5, 0.6, 0.7, 0.8, 0.9, 1.0);
        assertThat(new LinearScale(0, 0.37, 0, 100).ticks(6)).containsExactly(0.0, 0.1, 0.2, 0.3);
        assertThat(new LinearScale(-3, 1234, 0, 100).ticks(6)).containsExactly(0.0, 500.0, 1000.0);
        assertThat(new LinearScale(0, 0.0371, 0, 100).ticks(6)).containsExactly(0.0, 0.01, 0.02, 0.03);
        assertThat(LinearScale.decimals(0.01)).isEqualTo(2);
        assertThat(LinearScale.decimals(0.2)).isEqualTo(1);
        assertThat(LinearScale.decimals(5)).isZero();
    }

    @Test
    void aScaleOverOneValueStillHasRoom() {
        LinearScale s = new LinearScale(0.9, 0.9, 0, 100);
        assertThat(s.map(0.9)).isCloseTo(50, within(1e-9));
        assertThat(s.ticks(5)).isNotEmpty();
        assertThatThrownBy(() -> new LinearScale(0, Double.NaN, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeScaleTicksOnCalendarBoundariesLabelledForTheirStep() {
        Instant from = Instant.parse("2019-07-01T00:00:00Z");
        TimeScale month = new TimeScale(from, Instant.parse("2019-07-31T00:00:00Z"), 0, 900);
        List<TimeScale.Tick> weeks = month.ticks(10);
        assertThat(weeks).extracting(TimeScale.Tick::label).containsExactly("07-01", "07-08", "07-15", "07-22", "07-29"); // Mondays
        assertThat(month.map(from)).isZero();
        assertThat(month.map(Instant.parse("2019-07-16T00:00:00Z"))).isCloseTo(450, within(1e-9));
        assertThat(month.describeRange()).isEqualTo("2019-07-01 – 2019-07-31");

        TimeScale day = new TimeScale(Instant.parse("2019-07-01T05:30:00Z"), Instant.parse("2019-07-02T05:00:00Z"), 0, 900);
        assertThat(day.ticks(10)).extracting(TimeScale.Tick::label).containsExactly("07-01 06:00", "07-01 09:00", "07-01 12:00",
                "07-01 15:00", "07-01 18:00", "07-01 21:00", "07-02 00:00", "07-02 03:00");
        assertThat(day.describeRange()).isEqualTo("2019-07-01 05:30 – 2019-07-02 05:00");

        TimeScale years = new TimeScale(Instant.parse("2018-02-10T00:00:00Z"), Instant.parse("2019-12-01T00:00:00Z"), 0, 900);
        assertThat(years.ticks(10)).extracting(TimeScale.Tick::label).containsExactly("2018-04", "2018-07", "2018-10", "2019-01", "2019-04",
                "2019-07", "2019-10");
        for (TimeScale.Tick t : years.ticks(10)) {
            assertThat(years.contains(t.at())).isTrue();
        }
    }

    @Test
    void markerLabelsNeverOverlapNorRunOffTheRightEdge() {
        Instant from = Instant.parse("2019-07-01T00:00:00Z");
        TimeScale x = new TimeScale(from, Instant.parse("2019-07-31T00:00:00Z"), 70, 876);
        List<TimelineMarker> markers = new ArrayList<>();
        for (int h = 0; h < 6; h++) { // six markers within a few hours: they need several rows
            markers.add(new TimelineMarker(from.plusSeconds(3600L * 24 * 10 + h * 3600L), TimelineMarker.PROMOTION, "v" + (h + 2)
                    + " promoted to production"));
        }
        markers.add(new TimelineMarker(Instant.parse("2019-07-30T23:00:00Z"), TimelineMarker.ALERT, "alert: accuracy below band"));
        List<AccuracySvg.Placed> placed = AccuracySvg.place(markers, x, 876);
        List<double[]> spans = new ArrayList<>();
        for (AccuracySvg.Placed p : placed) {
            if (p.lane() < 0) {
                continue;
            }
            double w = p.label().length() * ChartParts.CHAR_WIDTH;
            double start = p.leftOfLine() ? p.x() - 3 - w : p.x() + 3;
            assertThat(start).isGreaterThanOrEqualTo(0);
            assertThat(start + w).isLessThanOrEqualTo(876);
            for (double[] other : spans) {
                if (other[2] == p.lane()) {
                    assertThat(start >= other[1] || start + w <= other[0]).as("label %s overlaps", p.label()).isTrue();
                }
            }
            spans.add(new double[] {start, start + w, p.lane()});
        }
        assertThat(placed.get(placed.size() - 1).leftOfLine()).isTrue(); // the last one would run off the right edge
        assertThat(placed.stream().mapToInt(AccuracySvg.Placed::lane).max().orElseThrow()).isGreaterThan(0);
        assertThat(placed.stream().filter(p -> p.lane() >= 0).count()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void counterfactualSeriesAreNamedForReaders() {
        assertThat(AccuracySvg.seriesLabel(KpiPoint.counterfactual(1))).isEqualTo("v1 had it stayed (counterfactual)");
        assertThat(AccuracySvg.seriesLabel("champion")).isEqualTo("champion");
    }

    @Test
    void windowsAreNamedForEachGranularity() {
        assertThat(Html.window("day")).isEqualTo("day window");
        assertThat(Html.window("every 500 predictions")).isEqualTo("window of 500 predictions");
        assertThat(Html.windows(32, "hour")).isEqualTo("32 hour windows");
        assertThat(Html.windows(12, "every 500 predictions")).isEqualTo("12 windows of 500 predictions");
    }

    @Test
    void binEdgesKeepThreeSignificantDigits() {
        assertThat(DistributionSvg.edge(350.25)).isEqualTo("350");
        assertThat(DistributionSvg.edge(0.012345)).isEqualTo("0.0123");
        assertThat(DistributionSvg.edge(1234567)).isEqualTo("1.23e+06");
        assertThat(DistributionSvg.edge(0)).isEqualTo("0");
    }
}
