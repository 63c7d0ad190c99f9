package kiln.ui.monitor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

import kiln.domain.Alert;
import kiln.domain.DriftScore;
import kiln.domain.Histogram;
import kiln.domain.KpiBand;
import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;
import kiln.domain.MonitorQueries;
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
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

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
    private final ObjectProperty<String> alertKind = new SimpleObjectProperty<>(this, "alertKind");

    private final ReadOnlyObjectWrapper<MonitorSnapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ObservableList<Alert> alerts = FXCollections.observableArrayList();
    private final ObservableList<QualityFinding> quality = FXCollections.observableArrayList();
    private final ObjectProperty<Alert> selectedAlert = new SimpleObjectProperty<>(this, "selectedAlert");
    private final ReadOnlyObjectWrapper<TimeRange> focusWindow = new ReadOnlyObjectWrapper<>(this, "focusWindow");
    private final ReadOnlyStringWrapper alertDetails = new ReadOnlyStringWrapper(this, "alertDetails", "");
    private final ObjectProperty<Consumer<Alert>> retrainHandler = new SimpleObjectProperty<>(this, "retrainHandler");
    private final BooleanBinding canRetrain;

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
        this(queries, runner, javafx.application.Platform::runLater);
    }

    MonitorViewModel(MonitorQueries queries, TaskRunner runner, Executor fxExecutor) {
        this.queries = queries;
        this.runner = runner;
        this.fxExecutor = fxExecutor;
        this.poller = new LivePoller<>(this::loadIfChanged, this::applySnapshot, e -> error.set(message(e)), fxExecutor,
                POLL_MILLIS, MIN_APPLY_MILLIS);
        canRetrain = Bindings.createBooleanBinding(() -> retrainHandler.get() != null && selectedAlert.get() != null
                && Alert.FIRING.equals(selectedAlert.get().state()), retrainHandler, selectedAlert);
        subscriptions.onChange(model, (obs, old, m) -> {
            shownSeries.clear();
            feature.set(null);
            detailWindow.set(null);
            selectedAlert.set(null);
            reload();
        });
        subscriptions.onChange(granularity, (obs, old, g) -> reload());
        subscriptions.onInvalidate(shownSeries, obs -> reload());
        subscriptions.onChange(openAlertsOnly, (obs, old, o) -> reload());
        subscriptions.onChange(alertKind, (obs, old, k) -> filterAlerts());
        subscriptions.onChange(selectedAlert, (obs, old, a) -> alertSelected(a));
        subscriptions.onChange(feature, (obs, old, f) -> loadDetail());
        subscriptions.onChange(detailWindow, (obs, old, w) -> loadDetail());
        subscriptions.add(canRetrain::dispose);
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
                status.set("No model has predictions yet: score or simulate to fill the monitor.");
            }
        }, this::fail);
    }

    /** Starts or stops live polling (the workspace is shown or hidden). */
    public void setLive(boolean live) {
        if (live) {
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
        snapshotJob = runner.submit(null, sink -> load(r, queries.dataVersion()), this::applySnapshot, this::fail);
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
        List<KpiPoint> production = queries.kpis(r.model(), r.granularity(), KpiPoint.PRODUCTION);
        List<String> available = queries.seriesNames(r.model());
        Map<String, List<KpiPoint>> counterfactuals = new LinkedHashMap<>();
        for (String series : available) {
            if (r.series().contains(series)) {
                counterfactuals.put(series, queries.kpis(r.model(), r.granularity(), series));
            }
        }
        List<QualityFinding> findings = production.isEmpty() ? List.of()
                : queries.quality(r.model(), production.get(0).windowStart(), production.get(production.size() - 1).windowEnd());
        MonitorSnapshot s = new MonitorSnapshot(r, version, production, counterfactuals, queries.band(r.model(), KPI), available,
                queries.markers(r.model()), queries.featureDrift(r.model(), r.granularity()), findings,
                queries.alerts(r.model(), r.openAlertsOnly()));
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
        filterAlerts();
        chooseDefaultDetail(s.drift());
    }

    private void filterAlerts() {
        MonitorSnapshot s = snapshot.get();
        if (s == null) {
            alerts.clear();
            return;
        }
        String kind = alertKind.get();
        Alert selected = selectedAlert.get();
        List<Alert> wanted = s.alerts().stream().filter(a -> kind == null || kind.equals(a.kind())).toList();
        if (!alerts.equals(wanted)) {
            alerts.setAll(wanted);
        }
        if (selected != null) {
            // keep the same alert selected with its fresh row (state and note may have moved)
            selectedAlert.set(alerts.stream().filter(a -> a.alertId() == selected.alertId()).findFirst().orElse(null));
        }
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
        detailJob = runner.submit(null, sink -> {
            Histogram[] pair = queries.referenceAndCurrent(m, f, w.from(), w.to());
            return new WindowDetail(f, w, pair[0], pair[1], queries.predictionDistribution(m, w.from(), w.to()));
        }, d -> {
            if (d.feature().equals(feature.get()) && d.window().equals(detailWindow.get())) {
                windowDetail.set(d);
            }
        }, this::fail);
    }

    /** Chooses the feature and window for the distribution views (a heatmap cell was clicked). */
    public void showDetail(String featureName, TimeRange window) {
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
        }, b -> reload(), this::fail);
    }

    public void acknowledge(Alert alert, String note) {
        String by = System.getProperty("user.name", "user");
        runner.submit("Acknowledging alert " + alert.alertId(), sink -> {
            queries.acknowledge(alert.alertId(), note, by);
            return alert;
        }, a -> reload(), this::fail);
    }

    public void silence(Alert alert, Instant until) {
        String by = System.getProperty("user.name", "user");
        runner.submit("Silencing alert " + alert.alertId(), sink -> {
            queries.silence(alert.alertId(), until, by);
            return alert;
        }, a -> reload(), this::fail);
    }

    /** Hands the selected firing alert to the retrain handler the app set (the retraining loop). */
    public void retrain() {
        Alert a = selectedAlert.get();
        Consumer<Alert> handler = retrainHandler.get();
        if (a != null && handler != null) {
            handler.accept(a);
        }
    }

    public void setSeriesShown(String series, boolean shown) {
        if (shown) {
            shownSeries.add(series);
        } else {
            shownSeries.remove(series);
        }
    }

    private void alertSelected(Alert a) {
        if (a == null) {
            alertDetails.set("");
            return;
        }
        TimeRange window = new TimeRange(a.windowStart(), a.windowEnd());
        focusWindow.set(window);
        if (a.feature() != null) {
            showDetail(a.feature(), window);
        }
        alertDetails.set(describe(a));
    }

    static String describe(Alert a) {
        StringBuilder sb = new StringBuilder();
        sb.append(a.rule()).append(" · ").append(a.state());
        sb.append(" · model ").append(a.modelName());
        if (a.modelVersion() != null) {
            sb.append(" v").append(a.modelVersion());
        }
        sb.append(" · data window ").append(TIME.format(a.windowStart())).append(" – ").append(TIME.format(a.windowEnd())).append(" UTC");
        if (a.value() != null) {
            sb.append(" · ").append(a.metric()).append(' ').append(number(a.metric(), a.value()));
            if (a.threshold() != null) {
                sb.append(" (threshold ").append(number(a.metric(), a.threshold())).append(')');
            }
        }
        if (a.feature() != null) {
            sb.append(" · feature ").append(a.feature());
        }
        sb.append(" · fired ").append(TIME.format(a.firedAt()));
        if (a.acknowledgedAt() != null) {
            sb.append(" · acknowledged by ").append(a.acknowledgedBy()).append(' ').append(TIME.format(a.acknowledgedAt()));
        }
        if (a.silencedUntil() != null) {
            sb.append(" · silenced until ").append(TIME.format(a.silencedUntil()));
        }
        if (a.note() != null && !a.note().isBlank()) {
            sb.append(" · note: ").append(a.note());
        }
        return sb.toString();
    }

    private static String number(String metric, double v) {
        return KPI.equals(metric) ? String.format(Locale.ROOT, "%.1f %%", v * 100) : String.format(Locale.ROOT, "%.3g", v);
    }

    static String time(Instant t) {
        return t == null ? "—" : TIME.format(t);
    }

    private void fail(Throwable e) {
        status.set("");
        error.set(message(e));
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The alert kinds the filter offers (null = all). */
    static List<String> alertKinds() {
        List<String> kinds = new ArrayList<>();
        kinds.add(null);
        kinds.addAll(List.of(Alert.KIND_KPI, Alert.KIND_DRIFT, Alert.KIND_QUALITY, Alert.KIND_DETECTOR));
        return kinds;
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

    public ObjectProperty<String> alertKindProperty() {
        return alertKind;
    }

    public ReadOnlyObjectProperty<MonitorSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ObservableList<Alert> alerts() {
        return alerts;
    }

    public ObservableList<QualityFinding> quality() {
        return quality;
    }

    public ObjectProperty<Alert> selectedAlertProperty() {
        return selectedAlert;
    }

    public ReadOnlyObjectProperty<TimeRange> focusWindowProperty() {
        return focusWindow.getReadOnlyProperty();
    }

    /** Forgets the jump target (the chart shows everything again). */
    public void clearFocus() {
        focusWindow.set(null);
    }

    public ReadOnlyStringProperty alertDetailsProperty() {
        return alertDetails.getReadOnlyProperty();
    }

    public ObjectProperty<Consumer<Alert>> retrainHandlerProperty() {
        return retrainHandler;
    }

    public BooleanBinding canRetrainBinding() {
        return canRetrain;
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
