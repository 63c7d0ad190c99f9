package kiln.app;

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
import kiln.store.KilnStore;
import kiln.store.eda.EdaQueries;
import kiln.ui.data.DataQueries;

/**
 * The Data screen's port over the store's EDA queries (decision 0010): the screen owns what it asks,
 * the store sits below the screens and cannot name their types, so the wiring adapts one to the other.
 */
public final class DataPort implements DataQueries {
    private final EdaQueries queries;

    public DataPort(EdaQueries queries) {
        this.queries = queries;
    }

    public DataPort(KilnStore store) {
        this(new EdaQueries(store));
    }

    @Override
    public List<String> datasetNames(ProgressSink sink) {
        return queries.datasetNames(sink);
    }

    @Override
    public String preferredDataset(ProgressSink sink) {
        return queries.preferredDataset(sink);
    }

    @Override
    public EdaDataset dataset(String name, ProgressSink sink) {
        return queries.dataset(name, sink);
    }

    @Override
    public List<RunWindow> runWindows(String dataset, ProgressSink sink) {
        return queries.runWindows(dataset, sink);
    }

    @Override
    public TimeBounds timeBounds(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        return queries.timeBounds(ds, window, sink);
    }

    @Override
    public List<FeatureProfile> profile(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        return queries.profile(ds, window, sink);
    }

    @Override
    public LabelBalance labelBalance(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        return queries.labelBalance(ds, window, sink);
    }

    @Override
    public List<DayCount> readingsPerDay(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        return queries.readingsPerDay(ds, window, sink);
    }

    @Override
    public Map<String, Histogram> histograms(EdaDataset ds, TimeWindow window, int bins, ProgressSink sink) {
        return queries.histograms(ds, window, bins, sink);
    }

    @Override
    public Envelope envelope(EdaDataset ds, String feature, TimeWindow window, TimeBounds datasetBounds, int buckets, Integer shareCode,
            ProgressSink sink) {
        return queries.envelope(ds, feature, window, datasetBounds, buckets, shareCode, sink);
    }

    @Override
    public ScatterSample scatterSample(EdaDataset ds, TimeWindow window, int size, ProgressSink sink) {
        return queries.scatterSample(ds, window, size, sink);
    }

    @Override
    public CorrelationMatrix correlation(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        return queries.correlation(ds, window, sink);
    }

    @Override
    public List<DayBox> dailyBoxes(EdaDataset ds, String feature, TimeWindow window, ProgressSink sink) {
        return queries.dailyBoxes(ds, feature, window, sink);
    }

    @Override
    public RowPage rows(EdaDataset ds, TimeWindow window, RowFilter filter, long offset, int limit, ProgressSink sink) {
        return queries.rows(ds, window, filter, offset, limit, sink);
    }
}
