package kiln.ui.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import kiln.domain.ProgressSink;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.CorrelationMatrix;
import kiln.domain.eda.EdaResults.DayBox;
import kiln.domain.eda.EdaResults.DayCount;
import kiln.domain.eda.EdaResults.Envelope;
import kiln.domain.eda.EdaResults.FeatureProfile;
import kiln.domain.eda.EdaResults.Histogram;
import kiln.domain.eda.EdaResults.LabelBalance;
import kiln.domain.eda.EdaResults.RowPage;
import kiln.domain.eda.EdaResults.RunWindow;
import kiln.domain.eda.EdaResults.ScatterSample;
import kiln.domain.eda.EdaResults.TimeBounds;
import kiln.domain.eda.RowFilter;
import kiln.domain.eda.TimeWindow;
import kiln.ui.common.ImmediateTaskRunner;
import org.junit.jupiter.api.Test;

/** The Data screen's view-model against an in-memory port: what it asks for and how it shows a failure, no database. */
class DataViewModelFakeTest {

    @Test
    void opensThePreferredDataSetAndAsksOnlyForIt() {
        FakeDataQueries port = new FakeDataQueries();
        DataViewModel model = new DataViewModel(port, new ImmediateTaskRunner());
        model.start();

        assertThat(model.datasets()).containsExactly("kiln-a", "kiln-b");
        assertThat(model.datasetProperty().get()).isEqualTo("kiln-b");
        assertThat(port.datasetsOpened).containsExactly("kiln-b");
        assertThat(model.labelBalanceProperty().get()).isEqualTo(new LabelBalance(7, 3, 2));
        assertThat(model.readingsPerDayProperty().get()).containsExactly(new DayCount(LocalDate.of(2020, 1, 1), 12));
        assertThat(model.errorProperty().get()).isEmpty();
        model.dispose();
    }

    @Test
    void aFailingQueryShowsItsMessageAndTheOtherViewsStillFill() {
        FakeDataQueries port = new FakeDataQueries();
        port.profileFailure = new IllegalStateException("profile table is locked");
        DataViewModel model = new DataViewModel(port, new ImmediateTaskRunner());
        model.start();

        assertThat(model.errorProperty().get()).contains("profile table is locked");
        assertThat(model.profile()).isEmpty();
        assertThat(model.labelBalanceProperty().get()).isEqualTo(new LabelBalance(7, 3, 2));
        model.dispose();
    }

    /** Two data sets, the second preferred, each with one feature and a day of twelve readings. */
    static final class FakeDataQueries implements DataQueries {
        static final LocalDateTime FIRST = LocalDateTime.of(2020, 1, 1, 0, 0);
        static final LocalDateTime LAST = LocalDateTime.of(2020, 1, 1, 11, 0);

        final List<String> datasetsOpened = new ArrayList<>();
        RuntimeException profileFailure;

        @Override
        public List<String> datasetNames(ProgressSink sink) {
            return List.of("kiln-a", "kiln-b");
        }

        @Override
        public String preferredDataset(ProgressSink sink) {
            return "kiln-b";
        }

        @Override
        public EdaDataset dataset(String name, ProgressSink sink) {
            datasetsOpened.add(name);
            return new EdaDataset(name, name + "_reading", name + "_label", "id", "ts", "quality", "good", true,
                    List.of(new EdaDataset.Feature("temp", "°C", 0.0, 100.0)));
        }

        @Override
        public List<RunWindow> runWindows(String dataset, ProgressSink sink) {
            return List.of();
        }

        @Override
        public TimeBounds timeBounds(EdaDataset ds, TimeWindow window, ProgressSink sink) {
            return new TimeBounds(FIRST, LAST, 12);
        }

        @Override
        public List<FeatureProfile> profile(EdaDataset ds, TimeWindow window, ProgressSink sink) {
            if (profileFailure != null) {
                throw profileFailure;
            }
            return List.of(new FeatureProfile("temp", "°C", 12, 0, 50.0, 1.0, 48.0, 48.0, 49.0, 50.0, 51.0, 52.0, 52.0, 5, 0));
        }

        @Override
        public LabelBalance labelBalance(EdaDataset ds, TimeWindow window, ProgressSink sink) {
            return new LabelBalance(7, 3, 2);
        }

        @Override
        public List<DayCount> readingsPerDay(EdaDataset ds, TimeWindow window, ProgressSink sink) {
            return List.of(new DayCount(FIRST.toLocalDate(), 12));
        }

        @Override
        public Map<String, Histogram> histograms(EdaDataset ds, TimeWindow window, int bins, ProgressSink sink) {
            return Map.of("temp", new Histogram("temp", new double[] {48, 50, 52}, new long[] {4, 3}, new long[] {1, 2}, new long[] {1, 1}));
        }

        @Override
        public Envelope envelope(EdaDataset ds, String feature, TimeWindow window, TimeBounds datasetBounds, int buckets, Integer shareCode,
                ProgressSink sink) {
            long start = FIRST.toInstant(ZoneOffset.UTC).toEpochMilli();
            return new Envelope(feature, 3_600_000, new long[] {start}, new double[] {48}, new double[] {52}, new double[] {50},
                    new long[] {12}, new double[] {Double.NaN}, 12);
        }

        @Override
        public ScatterSample scatterSample(EdaDataset ds, TimeWindow window, int size, ProgressSink sink) {
            return new ScatterSample(List.of("temp"), new double[][] {{49, 51}}, new int[] {1, 0}, 12);
        }

        @Override
        public CorrelationMatrix correlation(EdaDataset ds, TimeWindow window, ProgressSink sink) {
            return new CorrelationMatrix(List.of("temp"), new double[][] {{1}});
        }

        @Override
        public List<DayBox> dailyBoxes(EdaDataset ds, String feature, TimeWindow window, ProgressSink sink) {
            return List.of(new DayBox(FIRST.toLocalDate(), 12, 48, 49, 50, 51, 52));
        }

        @Override
        public RowPage rows(EdaDataset ds, TimeWindow window, RowFilter filter, long offset, int limit, ProgressSink sink) {
            return new RowPage(List.of(), offset, 0);
        }
    }
}
