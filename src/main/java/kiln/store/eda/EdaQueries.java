package kiln.store.eda;

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

/**
 * The exploratory-analysis queries behind the Data workspace. Every figure is aggregated in DuckDB
 * so a screen receives at most a few thousand values however many rows the window holds. Each
 * method runs one or two cancellable statements: cancelling the job's {@link ProgressSink}
 * interrupts the query. Failures are unchecked ({@link kiln.store.DataAccessException}).
 * The queries live by kind in {@link CatalogQueries}, {@link ProfileQueries}, {@link TimeSeriesQueries},
 * {@link DistributionQueries}, {@link RelationshipQueries} and {@link RowQueries}; this is their one entry point.
 */
public final class EdaQueries {

    /** Values per feature in the reservoir behind the profile's quantiles (exact below it). */
    public static final int QUANTILE_SAMPLE = ProfileQueries.QUANTILE_SAMPLE;

    private final CatalogQueries catalog;
    private final ProfileQueries profiles;
    private final TimeSeriesQueries timeSeries;
    private final DistributionQueries distributions;
    private final RelationshipQueries relationships;
    private final RowQueries rows;

    public EdaQueries(KilnStore store) {
        this.catalog = new CatalogQueries(store);
        this.profiles = new ProfileQueries(store);
        this.timeSeries = new TimeSeriesQueries(store);
        this.distributions = new DistributionQueries(store);
        this.relationships = new RelationshipQueries(store, timeSeries);
        this.rows = new RowQueries(store);
    }

    /** Names of the data sets in the catalog, in name order. */
    public List<String> datasetNames(ProgressSink sink) {
        return catalog.datasetNames(sink);
    }

    /**
     * The data set a newcomer most likely wants to look at first: the one whose model was registered
     * last, else the one imported last, else the first by name; null when there is none.
     */
    public String preferredDataset(ProgressSink sink) {
        return catalog.preferredDataset(sink);
    }

    /** The catalog entry of one data set with its features in position order. */
    public EdaDataset dataset(String name, ProgressSink sink) {
        return catalog.dataset(name, sink);
    }

    /** Training windows of the runs on this data set, newest first. */
    public List<RunWindow> runWindows(String dataset, ProgressSink sink) {
        return catalog.runWindows(dataset, sink);
    }

    /** First and last reading time and the row count inside the window. */
    public TimeBounds timeBounds(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        return timeSeries.timeBounds(ds, window, sink);
    }

    /** Count, missing, moments, quantiles, distinct and out-of-range count per feature, in one scan. */
    public List<FeatureProfile> profile(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        return profiles.profile(ds, window, sink);
    }

    /** Readings per label code and unlabelled readings in the window. */
    public LabelBalance labelBalance(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        return profiles.labelBalance(ds, window, sink);
    }

    /** Readings per calendar day (UTC) in the window. */
    public List<DayCount> readingsPerDay(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        return timeSeries.readingsPerDay(ds, window, sink);
    }

    /** Histograms of every feature split by label, {@code bins} equal bins between the feature's min and max in the window. */
    public Map<String, Histogram> histograms(EdaDataset ds, TimeWindow window, int bins, ProgressSink sink) {
        return distributions.histograms(ds, window, bins, sink);
    }

    /**
     * Min, max and mean of one feature per time bucket ({@code buckets} equal spans over the window's
     * readings); with {@code withLabels} also the share of the other class (code 0) per bucket.
     */
    public Envelope envelope(EdaDataset ds, String feature, TimeWindow window, int buckets, boolean withLabels, ProgressSink sink) {
        return timeSeries.envelope(ds, feature, window, null, buckets, withLabels ? 0 : null, sink);
    }

    /** As above, with the data set's first and last reading time already known, which saves a scan. */
    public Envelope envelope(EdaDataset ds, String feature, TimeWindow window, TimeBounds datasetBounds, int buckets, boolean withLabels,
            ProgressSink sink) {
        return timeSeries.envelope(ds, feature, window, datasetBounds, buckets, withLabels ? 0 : null, sink);
    }

    /** As above, with the share per bucket of label code {@code shareCode} (null for none) among the labelled readings. */
    public Envelope envelope(EdaDataset ds, String feature, TimeWindow window, TimeBounds datasetBounds, int buckets, Integer shareCode,
            ProgressSink sink) {
        return timeSeries.envelope(ds, feature, window, datasetBounds, buckets, shareCode, sink);
    }

    /** A reproducible random sample of at most {@code size} rows with their labels, and the window's row count. */
    public ScatterSample scatterSample(EdaDataset ds, TimeWindow window, int size, ProgressSink sink) {
        return relationships.scatterSample(ds, window, size, sink);
    }

    /** Pearson correlation of every feature pair over the window, in one scan. */
    public CorrelationMatrix correlation(EdaDataset ds, TimeWindow window, ProgressSink sink) {
        return relationships.correlation(ds, window, sink);
    }

    /** Box-plot figures (min, quartiles, max) of one feature per day. */
    public List<DayBox> dailyBoxes(EdaDataset ds, String feature, TimeWindow window, ProgressSink sink) {
        return distributions.dailyBoxes(ds, feature, window, sink);
    }

    /** One page of the rows behind a selection, ordered by time then id, with the total match count. */
    public RowPage rows(EdaDataset ds, TimeWindow window, RowFilter filter, long offset, int limit, ProgressSink sink) {
        return rows.rows(ds, window, filter, offset, limit, sink);
    }
}
