package kiln.ui.data;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.CorrelationMatrix;
import kiln.domain.eda.EdaResults.DataRow;
import kiln.domain.eda.EdaResults.DayBox;
import kiln.domain.eda.EdaResults.DayCount;
import kiln.domain.eda.EdaResults.Envelope;
import kiln.domain.eda.EdaResults.FeatureProfile;
import kiln.domain.eda.EdaResults.Histogram;
import kiln.domain.eda.EdaResults.LabelBalance;
import kiln.domain.eda.EdaResults.RunWindow;
import kiln.domain.eda.EdaResults.ScatterSample;
import kiln.domain.eda.EdaResults.TimeBounds;
import kiln.domain.eda.RowFilter;
import kiln.domain.eda.TimeWindow;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TaskRunner;

/**
 * The Data workspace's state and decisions: which data set and window are chosen, and the results
 * of the EDA queries for them. Every query runs through the {@link TaskRunner}; choosing another
 * data set, window or feature cancels the queries still running for the previous choice, and
 * results that arrive for an outdated choice are dropped.
 */
public final class DataViewModel {

    public static final int HISTOGRAM_BINS = 40;
    /**
     * About one bucket per two or three pixels of a wide chart: the mean reads as a trend and the min-max envelope
     * still shows the spread (2,000 buckets of a few readings each drew noise); zooming in re-buckets the range.
     */
    public static final int ENVELOPE_BUCKETS = 500;
    public static final int SCATTER_SAMPLE = 2000;
    public static final int PAGE_SIZE = 100;

    private final DataQueries queries;
    private final Subscriptions subscriptions = new Subscriptions();

    private final ObservableList<String> datasets = FXCollections.observableArrayList();
    private final ObjectProperty<String> dataset = new SimpleObjectProperty<>(this, "dataset");
    private final ObjectProperty<WindowPreset> preset = new SimpleObjectProperty<>(this, "preset", WindowPreset.ALL);
    private final ObservableList<RunWindow> runs = FXCollections.observableArrayList();
    private final ObjectProperty<RunWindow> run = new SimpleObjectProperty<>(this, "run");
    private final ObjectProperty<LocalDate> customFrom = new SimpleObjectProperty<>(this, "customFrom");
    private final ObjectProperty<LocalDate> customTo = new SimpleObjectProperty<>(this, "customTo");
    private final ObjectProperty<String> feature = new SimpleObjectProperty<>(this, "feature");
    private final BooleanProperty colourByLabel = new SimpleBooleanProperty(this, "colourByLabel", false);
    /** The label code whose share over time the envelope draws: binary 0 (the other class), multi-class any class. */
    private final ObjectProperty<Integer> shareCode = new SimpleObjectProperty<>(this, "shareCode", 0);

    private final ReadOnlyObjectWrapper<EdaDataset> catalog = new ReadOnlyObjectWrapper<>(this, "catalog");
    private final ReadOnlyObjectWrapper<TimeBounds> bounds = new ReadOnlyObjectWrapper<>(this, "bounds");
    private final ReadOnlyObjectWrapper<TimeWindow> window = new ReadOnlyObjectWrapper<>(this, "window", TimeWindow.ALL);
    private final ObservableList<FeatureProfile> profile = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<LabelBalance> labelBalance = new ReadOnlyObjectWrapper<>(this, "labelBalance");
    private final ReadOnlyObjectWrapper<List<DayCount>> readingsPerDay = new ReadOnlyObjectWrapper<>(this, "readingsPerDay", List.of());
    private final ReadOnlyObjectWrapper<Map<String, Histogram>> histograms = new ReadOnlyObjectWrapper<>(this, "histograms", Map.of());
    private final ReadOnlyObjectWrapper<Envelope> envelope = new ReadOnlyObjectWrapper<>(this, "envelope");
    private final ReadOnlyObjectWrapper<List<DayBox>> dailyBoxes = new ReadOnlyObjectWrapper<>(this, "dailyBoxes", List.of());
    private final ReadOnlyObjectWrapper<ScatterSample> scatter = new ReadOnlyObjectWrapper<>(this, "scatter");
    private final ReadOnlyObjectWrapper<CorrelationMatrix> correlation = new ReadOnlyObjectWrapper<>(this, "correlation");

    private final ShapedSeries series = new ShapedSeries();
    private final DrillDown drill;

    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    /** Jobs of the current selection; cancelled when the selection changes. */
    private final SelectionJobs jobs;

    public DataViewModel(DataQueries queries, TaskRunner runner) {
        this.queries = queries;
        this.jobs = new SelectionJobs(runner, error::set);
        this.drill = new DrillDown(queries, catalog::get, window::get, new DrillDown.Queries() {
            @Override
            public <T> TaskRunner.Handle submit(TaskRunner.Job<T> job, Consumer<? super T> onResult) {
                return jobs.submitOwn(job, onResult);
            }
        });
        subscriptions.onChange(dataset, (obs, old, name) -> loadDataset(name));
        subscriptions.onChange(preset, (obs, old, p) -> windowChanged());
        subscriptions.onChange(run, (obs, old, r) -> windowChanged());
        subscriptions.onChange(customFrom, (obs, old, d) -> windowChanged());
        subscriptions.onChange(customTo, (obs, old, d) -> windowChanged());
        subscriptions.onChange(feature, (obs, old, f) -> refreshFeatureViews());
        subscriptions.onChange(colourByLabel, (obs, old, c) -> refreshFeatureViews());
        subscriptions.onChange(shareCode, (obs, old, c) -> {
            if (colourByLabel.get()) {
                refreshFeatureViews();
            }
        });
    }

    /** Lists the data sets and selects the one with the newest model or import (or keeps the current one). */
    public void start() {
        jobs.submitView("Listing data sets", sink -> new Listing(queries.datasetNames(sink), queries.preferredDataset(sink)), listing -> {
            datasets.setAll(listing.names());
            if (dataset.get() == null || !listing.names().contains(dataset.get())) {
                dataset.set(listing.preferred() != null ? listing.preferred() : listing.names().isEmpty() ? null : listing.names().get(0));
            }
        }, jobs.viewGeneration());
    }

    private record Listing(List<String> names, String preferred) {
    }

    private record DatasetState(EdaDataset catalog, TimeBounds bounds, List<RunWindow> runs) {
    }

    private void loadDataset(String name) {
        jobs.cancelAll();
        long gen = jobs.nextViewGeneration();
        catalog.set(null);
        if (name == null) {
            return;
        }
        jobs.submitView("Opening data set " + name, sink -> {
            EdaDataset ds = queries.dataset(name, sink);
            return new DatasetState(ds, queries.timeBounds(ds, TimeWindow.ALL, sink), queries.runWindows(name, sink));
        }, state -> {
            runs.setAll(state.runs());
            bounds.set(state.bounds());
            Integer code = shareCode.get();
            if (!state.catalog().multiClass() || code == null || code < 0 || code >= state.catalog().classCount()) {
                shareCode.set(0);
            }
            catalog.set(state.catalog());
            if (feature.get() == null || !state.catalog().featureNames().contains(feature.get())) {
                feature.set(state.catalog().featureNames().isEmpty() ? null : state.catalog().featureNames().get(0));
            }
            windowChanged();
        }, gen);
    }

    private void windowChanged() {
        if (catalog.get() == null) {
            return;
        }
        TimeWindow w;
        try {
            w = preset.get().window(bounds.get(), run.get(), customFrom.get(), customTo.get());
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        error.set("");
        window.set(w);
        refreshViews();
    }

    /** Re-runs every query for the current data set and window. */
    public void refreshViews() {
        EdaDataset ds = catalog.get();
        if (ds == null) {
            return;
        }
        long gen = jobs.nextViewGeneration();
        TimeWindow w = window.get();
        drill.clear();
        jobs.submitView("Profiling " + ds.name(), sink -> queries.profile(ds, w, sink), profile::setAll, gen);
        jobs.submitView(null, sink -> queries.labelBalance(ds, w, sink), labelBalance::set, gen);
        jobs.submitView(null, sink -> shaped(queries.readingsPerDay(ds, w, sink), ChartSeries::perDay), r -> {
            readingsPerDay.set(r.result());
            series.perDay.set(r.series());
        }, gen);
        jobs.submitView("Histograms of " + ds.name(), sink -> shaped(queries.histograms(ds, w, HISTOGRAM_BINS, sink), ChartSeries::histograms),
                r -> {
                    histograms.set(r.result());
                    series.histograms.set(r.series());
                }, gen);
        jobs.submitView(null, sink -> queries.scatterSample(ds, w, SCATTER_SAMPLE, sink), scatter::set, gen);
        jobs.submitView(null, sink -> queries.correlation(ds, w, sink), correlation::set, gen);
        refreshFeatureViews();
    }

    /** Re-runs the per-feature views (time-series envelope and daily box plot). */
    private void refreshFeatureViews() {
        EdaDataset ds = catalog.get();
        String f = feature.get();
        if (ds == null || f == null || !ds.featureNames().contains(f)) {
            return;
        }
        long gen = jobs.nextFeatureGeneration();
        TimeWindow w = window.get();
        Integer share = colourByLabel.get() ? shareCode.get() : null;
        TimeBounds known = bounds.get();
        jobs.submitFeature("Time series of " + f, sink -> shaped(queries.envelope(ds, f, w, known, ENVELOPE_BUCKETS, share, sink),
                ChartSeries::envelope), r -> {
                    envelope.set(r.result());
                    series.envelope.set(r.series());
                }, gen);
        jobs.submitFeature(null, sink -> shaped(queries.dailyBoxes(ds, f, w, sink), ChartSeries::dayBoxes), r -> {
            dailyBoxes.set(r.result());
            series.dayBoxes.set(r.series());
        }, gen);
    }

    /** A query's result with its chart-ready shape, both made on the worker. */
    private record Shaped<R, S>(R result, S series) {
    }

    private static <R, S> Shaped<R, S> shaped(R result, Function<R, S> shape) {
        return new Shaped<>(result, shape.apply(result));
    }

    /** Drills into the rows of the histogram bar of {@code featureName} that holds {@code value}. */
    public void drillIntoBin(String featureName, double value, Integer label) {
        Histogram h = histograms.get().get(featureName);
        if (h != null) {
            drill.intoBin(h, featureName, value, label);
        }
    }

    /** Drills into the rows read between two times (e.g. a zoomed span of the time series). */
    public void drillIntoTime(LocalDateTime from, LocalDateTime to) {
        drill.intoTime(from, to);
    }

    public void nextPage() {
        drill.nextPage(PAGE_SIZE);
    }

    public void previousPage() {
        drill.previousPage(PAGE_SIZE);
    }

    /** Cancels running queries and removes the model's own listeners. */
    public void dispose() {
        jobs.cancelAll();
        drill.cancel();
        subscriptions.dispose();
    }

    // --- properties -----------------------------------------------------------------------------

    public ObservableList<String> datasets() {
        return datasets;
    }

    public ObjectProperty<String> datasetProperty() {
        return dataset;
    }

    public ObjectProperty<WindowPreset> presetProperty() {
        return preset;
    }

    public ObservableList<RunWindow> runs() {
        return runs;
    }

    public ObjectProperty<RunWindow> runProperty() {
        return run;
    }

    public ObjectProperty<LocalDate> customFromProperty() {
        return customFrom;
    }

    public ObjectProperty<LocalDate> customToProperty() {
        return customTo;
    }

    public ObjectProperty<String> featureProperty() {
        return feature;
    }

    public BooleanProperty colourByLabelProperty() {
        return colourByLabel;
    }

    public ObjectProperty<Integer> shareCodeProperty() {
        return shareCode;
    }

    public ReadOnlyObjectProperty<EdaDataset> catalogProperty() {
        return catalog.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TimeBounds> boundsProperty() {
        return bounds.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TimeWindow> windowProperty() {
        return window.getReadOnlyProperty();
    }

    public ObservableList<FeatureProfile> profile() {
        return profile;
    }

    public ReadOnlyObjectProperty<LabelBalance> labelBalanceProperty() {
        return labelBalance.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<DayCount>> readingsPerDayProperty() {
        return readingsPerDay.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Map<String, Histogram>> histogramsProperty() {
        return histograms.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Envelope> envelopeProperty() {
        return envelope.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<DayBox>> dailyBoxesProperty() {
        return dailyBoxes.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ScatterSample> scatterProperty() {
        return scatter.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CorrelationMatrix> correlationProperty() {
        return correlation.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RowFilter> drillFilterProperty() {
        return drill.filterProperty();
    }

    public ObservableList<DataRow> drillRows() {
        return drill.rows();
    }

    public ReadOnlyLongProperty drillOffsetProperty() {
        return drill.offsetProperty();
    }

    public ReadOnlyLongProperty drillTotalProperty() {
        return drill.totalProperty();
    }

    /** The results as the charts draw them. */
    public ShapedSeries series() {
        return series;
    }

    public ReadOnlyStringProperty statusProperty() {
        return jobs.statusProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return jobs.busyProperty();
    }
}
