package kiln.ui.data;

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

/**
 * What the Data workspace reads (decision 0010): the catalogue and the aggregates of one data set
 * over a window. Every method may block on the database, so callers run them off the FX thread;
 * cancelling the {@link ProgressSink} interrupts the query. Methods throw unchecked exceptions only.
 */
public interface DataQueries {

    /** Names of the data sets, in name order. */
    List<String> datasetNames(ProgressSink sink);

    /** The data set to show first (the newest model's, else the newest import's); null when there is none. */
    String preferredDataset(ProgressSink sink);

    /** The catalogue entry of one data set, features in position order. */
    EdaDataset dataset(String name, ProgressSink sink);

    /** Training windows of the runs on this data set, newest first. */
    List<RunWindow> runWindows(String dataset, ProgressSink sink);

    /** First and last reading time and the row count inside the window. */
    TimeBounds timeBounds(EdaDataset ds, TimeWindow window, ProgressSink sink);

    /** Count, missing, moments, quantiles, distinct and out-of-range count per feature. */
    List<FeatureProfile> profile(EdaDataset ds, TimeWindow window, ProgressSink sink);

    /** Readings per label code and unlabelled readings in the window. */
    LabelBalance labelBalance(EdaDataset ds, TimeWindow window, ProgressSink sink);

    /** Readings per calendar day (UTC) in the window. */
    List<DayCount> readingsPerDay(EdaDataset ds, TimeWindow window, ProgressSink sink);

    /** Histograms of every feature split by label, {@code bins} equal bins over the window's range. */
    Map<String, Histogram> histograms(EdaDataset ds, TimeWindow window, int bins, ProgressSink sink);

    /**
     * Min, max and mean of one feature per time bucket, and the share of label code {@code shareCode}
     * (null for none) among the labelled readings; {@code datasetBounds} saves a scan when known (may be null).
     */
    Envelope envelope(EdaDataset ds, String feature, TimeWindow window, TimeBounds datasetBounds, int buckets, Integer shareCode,
            ProgressSink sink);

    /** A reproducible random sample of at most {@code size} rows with their labels. */
    ScatterSample scatterSample(EdaDataset ds, TimeWindow window, int size, ProgressSink sink);

    /** Pearson correlation of every feature pair over the window. */
    CorrelationMatrix correlation(EdaDataset ds, TimeWindow window, ProgressSink sink);

    /** Box-plot figures of one feature per day. */
    List<DayBox> dailyBoxes(EdaDataset ds, String feature, TimeWindow window, ProgressSink sink);

    /** One page of the rows behind a selection, ordered by time then id, with the total match count. */
    RowPage rows(EdaDataset ds, TimeWindow window, RowFilter filter, long offset, int limit, ProgressSink sink);
}
