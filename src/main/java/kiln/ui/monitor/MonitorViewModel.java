package kiln.ui.monitor;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;

import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

import kiln.domain.DatasetSpec;
import kiln.domain.DriftScore;
import kiln.domain.Histogram;
import kiln.domain.KpiBand;
import kiln.domain.KpiGranularity;
import kiln.domain.QualityFinding;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TaskRunner;

/**
 * The Monitor's state and decisions, testable without a screen. A user choice (model, granularity,
 * counterfactual series, alert filter) loads a whole {@link MonitorSnapshot} through the
 * {@link TaskRunner}; while live, a {@link LivePoller} reads {@link MonitorQueries#dataVersion()}
 * every {@value #POLL_MILLIS} ms off the FX thread and reloads only when it moved, handing results
 * over at most every {@value #MIN_APPLY_MILLIS} ms.
 */
public final class MonitorViewModel {

    static final long POLL_MILLIS = 250;
    static final long MIN_APPLY_MILLIS = 100;
    static final String KPI = "accuracy";

    private final MonitorQueries queries;
    private final TaskRunner runner;
    private final Executor fxExecutor;
    private final Subscriptions subscriptions = new Subscriptions();
    private final LivePoller<MonitorSnapshot> poller;

    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ObjectProperty<String> model = new SimpleObjectProperty<>(this, "model");
    private final ObjectProperty<KpiGranularity> granularity = new SimpleObjectProperty<>(this, "granularity", KpiGranularity.DAY);
    private final ObservableList<String> availableSeries = FXCollections.observableArrayList();
    private final ObservableSet<String> shownSeries = FXCollections.observableSet(new LinkedHashSet<>());
    private final BooleanProperty openAlertsOnly = new SimpleBooleanProperty(this, "openAlertsOnly", true);

    private final ReadOnlyObjectWrapper<MonitorSnapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ObservableList<QualityFinding> quality = FXCollections.observableArrayList();
    private final AlertListModel alertList;
    private final ConfusionModel confusion;
    private final ReadOnlyObjectWrapper<MonitorEmptyState> emptyState = new ReadOnlyObjectWrapper<>(this, "emptyState", MonitorEmptyState.NONE);
    private final ReadOnlyObjectWrapper<MonitorHealth> health = new ReadOnlyObjectWrapper<>(this, "health", MonitorHealth.EMPTY);

    private final ObjectProperty<String> feature = new SimpleObjectProperty<>(this, "feature");
    private final ObjectProperty<TimeRange> detailWindow = new SimpleObjectProperty<>(this, "detailWindow");
    private final ReadOnlyObjectWrapper<WindowDetail> windowDetail = new ReadOnlyObjectWrapper<>(this, "windowDetail");

    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    /** Read by the poll thread; written on the FX thread. */
    private volatile MonitorRequest request;
    private volatile long loadedVersion = Long.MIN_VALUE;
    private volatile MonitorRequest loadedRequest;
    private TaskRunner.Handle snapshotJob;
    private TaskRunner.Handle detailJob;

    public MonitorViewModel(MonitorQueries queries, TaskRunner runner) {
        this(queries, runner, Platform::runLater);
    }

    MonitorViewModel(MonitorQueries queries, TaskRunner runner, Executor fxExecutor) {
        this(queries, runner, fxExecutor, LivePoller.Ticker.DAEMON_THREAD);
    }

    /** @param pollTicker what runs the live poll (tests tick it by hand) */
    MonitorViewModel(MonitorQueries queries, TaskRunner runner, Executor fxExecutor, LivePoller.Ticker pollTicker) {
        this.queries = queries;
        this.runner = runner;
        this.fxExecutor = fxExecutor;
        this.poller = new LivePoller<>(this::loadIfChanged, this::applySnapshot, e -> fail(request == null ? "Refreshing the monitor" : "Loading "
                + request.describe(), e), fxExecutor,
                POLL_MILLIS, MIN_APPLY_MILLIS, pollTicker);
        this.alertList = new AlertListModel(queries, runner, this::reload, this::fail, this::showDetail);
        this.confusion = new ConfusionModel(queries, runner, this::fail);
        subscriptions.onChange(model, (obs, old, m) -> {
            shownSeries.clear();
            feature.set(null);
            detailWindow.set(null);
            alertList.clear();
            confusion.clear();
            reload();
        });
        subscriptions.onChange(granularity, (obs, old, g) -> reload());
        subscriptions.onInvalidate(shownSeries, obs -> reload());
        subscriptions.onChange(openAlertsOnly, (obs, old, o) -> reload());
        subscriptions.onChange(feature, (obs, old, f) -> loadDetail());
        subscriptions.onChange(detailWindow, (obs, old, w) -> loadDetail());
        // the confusion matrix counts the window picked last (a heatmap cell's, an alert's), or all shown ones
        subscriptions.onChange(alertList.focusWindowProperty(), (obs, old, w) -> confusion.select(w));
        subscriptions.add(alertList::dispose);
        subscriptions.add(confusion::dispose);
        subscriptions.add(poller::stop);
    }

    /** Data version at which the model list was last looked at while no model was shown. */
    private volatile long modelsCheckedVersion = Long.MIN_VALUE;

    /** Lists the models and selects the first. */
    public void start() {
        runner.submit(null, sink -> queries.models(), names -> {
            models.setAll(names);
            if (model.get() == null || !names.contains(model.get())) {
                model.set(names.isEmpty() ? null : names.get(0));
            }
            if (names.isEmpty()) {
                emptyState.set(MonitorEmptyState.noModel());
                health.set(MonitorHealth.EMPTY);
            }
        }, e -> fail("Listing the monitored models", e));
    }

    /** Starts or stops live polling (the workspace is shown or hidden). */
    public void setLive(boolean live) {
        if (live) {
            // a poll under way at the last stop may have read data it never showed: the first poll reads again
            loadedVersion = Long.MIN_VALUE;
            poller.start();
        } else {
            poller.stop();
        }
    }

    public boolean isLive() {
        return poller.isRunning();
    }

    public void dispose() {
        if (snapshotJob != null) {
            snapshotJob.cancel();
        }
        if (detailJob != null) {
            detailJob.cancel();
        }
        subscriptions.dispose();
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    // ---- loading ------------------------------------------------------------------------------

    private MonitorRequest currentRequest() {
        return new MonitorRequest(model.get(), granularity.get(), shownSeries, openAlertsOnly.get());
    }

    /** Reloads everything for the current choice, cancelling a load still running for an older one. */
    public void reload() {
        MonitorRequest r = currentRequest();
        request = r;
        if (snapshotJob != null) {
            snapshotJob.cancel();
        }
        if (r.model() == null) {
            return;
        }
        status.set("Loading " + r.model() + " …");
        snapshotJob = runner.submit(null, sink -> load(r, queries.dataVersion()), this::applySnapshot, e -> fail("Loading " + r.describe(), e));
    }

    /**
     * Polled off the FX thread: reads the data version and loads a snapshot only when the version
     * or the request moved since the last load; null otherwise.
     */
    MonitorSnapshot loadIfChanged() {
        MonitorRequest r = request;
        if (r == null || r.model() == null) {
            lookForFirstModel();
            return null;
        }
        long version = queries.dataVersion();
        if (version == loadedVersion && r.equals(loadedRequest)) {
            return null;
        }
        return load(r, version);
    }

    /** With no model yet (an empty database being simulated into), picks one up as soon as it appears. */
    private void lookForFirstModel() {
        long version = queries.dataVersion();
        if (version == modelsCheckedVersion) {
            return;
        }
        modelsCheckedVersion = version;
        if (!queries.models().isEmpty()) {
            fxExecutor.execute(this::start);
        }
    }

    private MonitorSnapshot load(MonitorRequest r, long version) {
        MonitorSnapshot s = MonitorSnapshot.read(queries, r, version);
        loadedVersion = version;
        loadedRequest = r;
        return s;
    }

    /** Applies a snapshot on the FX thread; one that answers an older request is dropped. */
    void applySnapshot(MonitorSnapshot s) {
        if (!s.request().equals(request)) {
            return;
        }
        status.set("");
        error.set("");
        if (!availableSeries.equals(s.availableSeries())) {
            availableSeries.setAll(s.availableSeries());
        }
        if (!quality.equals(s.quality())) {
            quality.setAll(s.quality()); // only when changed: setAll makes the table rebuild its rows
        }
        snapshot.set(s);
        alertList.show(s.alerts(), s.incidents());
        emptyState.set(MonitorEmptyState.of(s.request().model(), s.production()));
        health.set(MonitorHealth.of(s));
        chooseDefaultDetail(s.drift());
        confusion.snapshot(s);
    }

    /** Points the feature/window detail at the most drifted feature of the newest window, unless chosen. */
    private void chooseDefaultDetail(List<DriftScore> drift) {
        if (drift.isEmpty()) {
            return;
        }
        Instant newest = drift.stream().map(DriftScore::windowStart).max(Comparator.naturalOrder()).orElseThrow();
        if (detailWindow.get() == null) {
            DriftScore last = drift.stream().filter(d -> d.windowStart().equals(newest)).findFirst().orElseThrow();
            detailWindow.set(new TimeRange(last.windowStart(), last.windowEnd()));
        }
        if (feature.get() == null) {
            feature.set(drift.stream().filter(d -> d.windowStart().equals(newest))
                    .max(Comparator.comparingDouble(DriftScore::psi)).map(DriftScore::feature).orElseThrow());
        }
    }

    private void loadDetail() {
        String m = model.get();
        String f = feature.get();
        TimeRange w = detailWindow.get();
        if (detailJob != null) {
            detailJob.cancel();
        }
        if (m == null || f == null || w == null) {
            windowDetail.set(null);
            return;
        }
        detailJob = runner.submit(null, sink -> readDetail(m, f, w), d -> {
            if (d.feature().equals(feature.get()) && d.window().equals(detailWindow.get())) {
                windowDetail.set(d);
            }
        }, e -> fail("Loading the distributions of " + f, e));
    }

    /** Off the FX thread: a categorical feature's category shares, a numeric one's histograms, and the predictions. */
    private WindowDetail readDetail(String m, String f, TimeRange w) {
        Histogram predictions = queries.predictionDistribution(m, w.from(), w.to());
        DatasetSpec spec = queries.dataset(m);
        if (spec != null && spec.featureNames().contains(f) && !spec.feature(f).numeric()) {
            return WindowDetail.categorical(f, w, queries.categoryShares(m, f, w.from(), w.to()), predictions);
        }
        Histogram[] pair = queries.referenceAndCurrent(m, f, w.from(), w.to());
        if (pair.length < 2) {
            return WindowDetail.unavailable(f, w, "No reference distribution of " + f + " is stored for the window from "
                    + UtcTime.format(w.from()) + " UTC (its drift has not been computed against a reference), so there is nothing"
                    + " to compare.", predictions);
        }
        return WindowDetail.numeric(f, w, pair[0], pair[1], predictions);
    }

    /** Chooses the feature and window for the distribution views (a heatmap cell was clicked). */
    public void showDetail(String featureName, TimeRange window) {
        confusion.select(window);
        detailWindow.set(window);
        feature.set(featureName);
    }

    // ---- edits ---------------------------------------------------------------------------------

    /** The band as typed in percent ("80", "100"); says what is wrong when it is not a number. */
    public void setBandPercent(String lowerText, String upperText) {
        try {
            setBand(Double.parseDouble(lowerText.trim().replace(',', '.')) / 100, Double.parseDouble(upperText.trim().replace(',', '.')) / 100);
        } catch (NumberFormatException e) {
            error.set("Band: type both bounds as numbers in percent, e.g. 80 and 100 (got \"" + lowerText + "\" and \"" + upperText + "\").");
        }
    }

    /** Stores a new acceptable accuracy band (fractions, 0 ≤ lower < upper ≤ 1) and reloads. */
    public void setBand(double lower, double upper) {
        MonitorSnapshot s = snapshot.get();
        String m = model.get();
        if (m == null) {
            return;
        }
        if (!(lower >= 0 && upper <= 1 && lower < upper)) {
            error.set(String.format(Locale.ROOT, "Band %.1f–%.1f %% is not valid: lower must be below upper, both within 0–100 %%.",
                    lower * 100, upper * 100));
            return;
        }
        double warnMargin = s == null ? KpiBand.defaultAccuracy(m).warnMargin() : s.band().warnMargin();
        KpiBand band = new KpiBand(m, KPI, lower, upper, warnMargin);
        runner.submit("Saving band", sink -> {
            queries.setBand(band);
            return band;
        }, b -> reload(), e -> fail("Saving the band", e));
    }

    public void setSeriesShown(String series, boolean shown) {
        if (shown) {
            shownSeries.add(series);
        } else {
            shownSeries.remove(series);
        }
    }

    private void fail(String doing, Throwable e) {
        status.set("");
        error.set(FailureText.of(doing, e));
    }

    // ---- properties ----------------------------------------------------------------------------

    public ObservableList<String> models() {
        return models;
    }

    public ObjectProperty<String> modelProperty() {
        return model;
    }

    public ObjectProperty<KpiGranularity> granularityProperty() {
        return granularity;
    }

    public ObservableList<String> availableSeries() {
        return availableSeries;
    }

    public ObservableSet<String> shownSeries() {
        return FXCollections.unmodifiableObservableSet(shownSeries);
    }

    public BooleanProperty openAlertsOnlyProperty() {
        return openAlertsOnly;
    }

    public ReadOnlyObjectProperty<MonitorSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ObservableList<QualityFinding> quality() {
        return quality;
    }

    /** The alert list, its filter, selection and actions. */
    public AlertListModel alertList() {
        return alertList;
    }

    /** The confusion matrix of the window looked at. */
    ConfusionModel confusion() {
        return confusion;
    }

    /** Firing alerts of the shown model (for a badge beside the workspace's name). */
    public ReadOnlyIntegerProperty firingAlertCountProperty() {
        return alertList.firingCountProperty();
    }

    /** Why the accuracy chart is empty, if it is. */
    public ReadOnlyObjectProperty<MonitorEmptyState> emptyStateProperty() {
        return emptyState.getReadOnlyProperty();
    }

    /** The health strip's figures for the shown snapshot. */
    public ReadOnlyObjectProperty<MonitorHealth> healthProperty() {
        return health.getReadOnlyProperty();
    }

    public ObjectProperty<String> featureProperty() {
        return feature;
    }

    public ObjectProperty<TimeRange> detailWindowProperty() {
        return detailWindow;
    }

    public ReadOnlyObjectProperty<WindowDetail> windowDetailProperty() {
        return windowDetail.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
