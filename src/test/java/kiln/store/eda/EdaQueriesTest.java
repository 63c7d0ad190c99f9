package kiln.store.eda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.CorrelationMatrix;
import kiln.domain.eda.EdaResults.DataRow;
import kiln.domain.eda.EdaResults.DayBox;
import kiln.domain.eda.EdaResults.Envelope;
import kiln.domain.eda.EdaResults.FeatureProfile;
import kiln.domain.eda.EdaResults.Histogram;
import kiln.domain.eda.EdaResults.LabelBalance;
import kiln.domain.eda.EdaResults.RowPage;
import kiln.domain.eda.EdaResults.ScatterSample;
import kiln.domain.eda.EdaResults.TimeBounds;
import kiln.domain.eda.RowFilter;
import kiln.domain.eda.TimeWindow;
import kiln.store.KilnStore;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdaQueriesTest {

    static final int ROWS = 20_000;
    @TempDir
    static Path dir;
    static KilnStore store;
    static EdaQueries eda;
    static EdaDataset ds;

    @BeforeAll
    static void load() throws Exception {
        store = KilnStore.open(dir.resolve("eda.duckdb"));
        GlasswareSql.insert(store, ROWS);
        eda = new EdaQueries(store);
        ds = eda.dataset("glassware", ProgressSink.NONE);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void catalogDescribesGlassware() {
        assertThat(eda.datasetNames(ProgressSink.NONE)).contains("glassware");
        assertThat(ds.featureNames()).containsExactly("temp", "pressure", "duration");
        assertThat(ds.feature("temp").unit()).isEqualTo("°C");
        assertThatThrownBy(() -> eda.dataset("nope", ProgressSink.NONE)).hasMessageContaining("no data set named nope");
    }

    @Test
    void labelCodeOnTheReadingsAnswersAsTheJoinWithTheLabelTableDoes() {
        assertThat(ds.labelCoded()).isTrue();
        EdaDataset viaJoin = new EdaDataset(ds.name(), ds.readingTable(), ds.labelTable(), ds.idColumn(), ds.timeColumn(), ds.labelColumn(),
                ds.positiveLabel(), false, ds.features());
        TimeWindow window = new TimeWindow(LocalDateTime.of(2019, 7, 3, 0, 0), LocalDateTime.of(2019, 7, 20, 0, 0));
        ProgressSink none = ProgressSink.NONE;
        LabelBalance coded = eda.labelBalance(ds, TimeWindow.ALL, none);
        assertThat(coded).isEqualTo(eda.labelBalance(viaJoin, TimeWindow.ALL, none));
        assertThat(coded.good()).isPositive();
        assertThat(coded.bad()).isPositive();
        assertThat(coded.unlabelled()).isPositive(); // the last two days wait for their labels
        assertThat(eda.histograms(ds, window, 20, none)).usingRecursiveComparison().isEqualTo(eda.histograms(viaJoin, window, 20, none));
        assertThat(eda.envelope(ds, "temp", window, 200, true, none)).usingRecursiveComparison()
                .isEqualTo(eda.envelope(viaJoin, "temp", window, 200, true, none));
        assertThat(labelledPoints(eda.scatterSample(ds, window, 500, none))).isEqualTo(labelledPoints(eda.scatterSample(viaJoin, window, 500, none)));
        RowFilter bad = new RowFilter(null, null, null, null, null, 0);
        assertThat(eda.rows(ds, window, bad, 0, 50, none)).usingRecursiveComparison().isEqualTo(eda.rows(viaJoin, window, bad, 0, 50, none));
    }

    /** A sample's points with their labels, in a fixed order (a join may return the sampled rows in any order). */
    private static List<String> labelledPoints(ScatterSample sample) {
        List<String> points = new ArrayList<>();
        for (int r = 0; r < sample.label().length; r++) {
            points.add(sample.values()[0][r] + "," + sample.values()[1][r] + "," + sample.values()[2][r] + ":" + sample.label()[r]);
        }
        points.sort(null);
        return points;
    }

    @Test
    void profileCountsEveryReadingAndFlagsOutOfRange() throws Exception {
        List<FeatureProfile> profile = eda.profile(ds, TimeWindow.ALL, ProgressSink.NONE);
        FeatureProfile temp = profile.get(0);
        assertThat(temp.count()).isEqualTo(ROWS);
        assertThat(temp.missing()).isZero();
        assertThat(temp.min()).isLessThan(temp.p1()).isGreaterThan(349);
        assertThat(temp.p25()).isLessThan(temp.median());
        assertThat(temp.median()).isBetween(354.0, 356.0).isLessThan(temp.p75());
        assertThat(temp.max()).isGreaterThan(temp.p99()).isLessThan(361);
        assertThat(temp.distinct()).isGreaterThan(ROWS / 2);
        // expected range 345..365: temp never leaves it; pressure 0..25 almost never; duration 27..34 rarely
        assertThat(temp.outOfRange()).isZero();
        long durationOut = profile.get(2).outOfRange();
        long expected = store.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM sensor_reading WHERE duration < 27 OR duration > 34")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(durationOut).isEqualTo(expected);
        double[] exact = store.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT avg(pressure), stddev_samp(pressure) FROM sensor_reading")) {
                rs.next();
                return new double[] {rs.getDouble(1), rs.getDouble(2)};
            }
        });
        assertThat(profile.get(1).mean()).isCloseTo(exact[0], Offset.offset(1e-9));
        assertThat(profile.get(1).std()).isCloseTo(exact[1], Offset.offset(1e-9));
    }

    @Test
    void labelBalanceLeavesTheLastTwoDaysUnlabelled() {
        LabelBalance b = eda.labelBalance(ds, TimeWindow.ALL, ProgressSink.NONE);
        assertThat(b.total()).isEqualTo(ROWS);
        assertThat(b.unlabelled()).isBetween(ROWS / 42L, ROWS * 3 / 42L);
        double badShare = (double) b.bad() / (b.good() + b.bad());
        assertThat(badShare).isBetween(0.25, 0.45); // 1 - 0.8 * 0.91 * 0.875
    }

    @Test
    void histogramsSplitByLabelShowBadAtLowTemperatureAndExtremePressure() {
        Map<String, Histogram> h = eda.histograms(ds, TimeWindow.ALL, 20, ProgressSink.NONE);
        Histogram temp = h.get("temp");
        long total = 0;
        for (int i = 0; i < temp.bins(); i++) {
            total += temp.good()[i] + temp.bad()[i] + temp.unlabelled()[i];
        }
        assertThat(total).isEqualTo(ROWS);
        // the lowest temperature bin (≈350..350.5) is almost all bad; the middle almost all good
        assertThat(temp.bad()[0]).isGreaterThan(5 * temp.good()[0]);
        assertThat(temp.good()[10]).isGreaterThan(temp.bad()[10]);
        Histogram pressure = h.get("pressure");
        assertThat(pressure.bad()[0]).isGreaterThan(pressure.good()[0]);
        assertThat(pressure.bad()[19]).isGreaterThan(pressure.good()[19]);
        assertThat(temp.binOf(temp.edges()[0] - 5)).isZero();
        assertThat(temp.binOf(temp.edges()[20] + 5)).isEqualTo(19);
    }

    @Test
    void envelopeHasAtMostTheBucketsAskedAndBracketsTheMean() {
        Envelope e = eda.envelope(ds, "pressure", TimeWindow.ALL, 500, true, ProgressSink.NONE);
        assertThat(e.size()).isBetween(450, 500);
        assertThat(e.rows()).isEqualTo(ROWS);
        for (int i = 0; i < e.size(); i++) {
            assertThat(e.min()[i]).isLessThanOrEqualTo(e.mean()[i]);
            assertThat(e.mean()[i]).isLessThanOrEqualTo(e.max()[i]);
        }
        assertThat(e.badShare()[0]).isBetween(0.0, 1.0);
        assertThat(e.badShare()[e.size() - 1]).isNaN(); // the last days have no labels yet
        Envelope plain = eda.envelope(ds, "pressure", TimeWindow.ALL, 500, false, ProgressSink.NONE);
        assertThat(plain.mean()).containsExactly(e.mean());
        Envelope known = eda.envelope(ds, "pressure", TimeWindow.ALL, eda.timeBounds(ds, TimeWindow.ALL, ProgressSink.NONE), 500, false,
                ProgressSink.NONE);
        assertThat(known.startMillis()).containsExactly(plain.startMillis());
        assertThat(known.max()).containsExactly(plain.max());
    }

    @Test
    void windowsRestrictEveryQuery() {
        TimeBounds all = eda.timeBounds(ds, TimeWindow.ALL, ProgressSink.NONE);
        TimeWindow lastWeek = TimeWindow.lastBefore(all.last(), Duration.ofDays(7));
        TimeBounds week = eda.timeBounds(ds, lastWeek, ProgressSink.NONE);
        assertThat(week.rows()).isBetween(ROWS * 6L / 42, ROWS * 8L / 42);
        assertThat(week.first()).isAfterOrEqualTo(lastWeek.from());
        assertThat(eda.readingsPerDay(ds, lastWeek, ProgressSink.NONE)).hasSizeBetween(7, 8);
        List<DayBox> boxes = eda.dailyBoxes(ds, "temp", lastWeek, ProgressSink.NONE);
        assertThat(boxes).hasSizeBetween(7, 8);
        assertThat(boxes.get(1).p25()).isLessThan(boxes.get(1).median());
        assertThat(eda.profile(ds, lastWeek, ProgressSink.NONE).get(0).count()).isEqualTo(week.rows());
    }

    @Test
    void scatterSampleAndCorrelation() throws Exception {
        ScatterSample s = eda.scatterSample(ds, TimeWindow.ALL, 500, ProgressSink.NONE);
        assertThat(s.size()).isEqualTo(500);
        assertThat(s.windowRows()).isEqualTo(ROWS);
        assertThat(Arrays.stream(s.values()[0]).allMatch(v -> v > 349 && v < 361)).isTrue();
        CorrelationMatrix c = eda.correlation(ds, TimeWindow.ALL, ProgressSink.NONE);
        assertThat(c.r()[0][0]).isEqualTo(1.0);
        assertThat(Math.abs(c.r()[0][1])).isLessThan(0.05); // independent features
        assertThat(c.r()[1][0]).isEqualTo(c.r()[0][1]);
        double[] exact = store.read(conn -> {
            try (var st = conn.createStatement();
                    var rs = st.executeQuery("SELECT corr(temp, pressure), corr(temp, duration), corr(pressure, duration) FROM sensor_reading")) {
                rs.next();
                return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)};
            }
        });
        assertThat(c.r()[0][1]).isCloseTo(exact[0], Offset.offset(1e-9));
        assertThat(c.r()[0][2]).isCloseTo(exact[1], Offset.offset(1e-9));
        assertThat(c.r()[1][2]).isCloseTo(exact[2], Offset.offset(1e-9));
    }

    @Test
    void drillDownPagesThroughTheRowsOfABar() {
        RowFilter filter = RowFilter.featureRange("temp", 350, 351, 0);
        RowPage first = eda.rows(ds, TimeWindow.ALL, filter, 0, 50, ProgressSink.NONE);
        assertThat(first.totalRows()).isGreaterThan(100);
        assertThat(first.rows()).hasSize(50).allMatch(r -> r.values().get("temp") >= 350 && r.values().get("temp") < 351 && r.label() == 0);
        RowPage second = eda.rows(ds, TimeWindow.ALL, filter, 50, 50, ProgressSink.NONE);
        DataRow lastOfFirst = first.rows().get(49);
        assertThat(second.rows().get(0).time()).isAfterOrEqualTo(lastOfFirst.time());
        assertThat(second.rows().get(0).id()).isNotEqualTo(lastOfFirst.id());
        LocalDateTime from = LocalDateTime.of(2019, 7, 3, 0, 0);
        RowPage day = eda.rows(ds, TimeWindow.ALL, RowFilter.timeRange(from, from.plusDays(1)), 0, 10, ProgressSink.NONE);
        assertThat(day.totalRows()).isBetween(ROWS / 42L - 5, ROWS / 42L + 5);
    }

    @Test
    void aCancelledJobStopsWithJobCancelled() {
        ProgressSink cancelled = new ProgressSink() {
            @Override
            public void progress(long done, long total, String message) {}

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> eda.profile(ds, TimeWindow.ALL, cancelled)).isInstanceOf(JobCancelledException.class);
    }
}
