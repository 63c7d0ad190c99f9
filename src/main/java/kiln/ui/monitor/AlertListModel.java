package kiln.ui.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import kiln.domain.Alert;
import kiln.domain.MonitorQueries;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TaskRunner;

/**
 * The Monitor's alert list and what can be done with the selected alert: the kind filter, the
 * selection (which jumps the accuracy chart to the alert's window), acknowledge, silence and retrain,
 * and the number of firing alerts. Edits go through the {@link TaskRunner} and then ask the Monitor
 * to reload, so the list always shows what is stored.
 */
public final class AlertListModel {

    private final MonitorQueries queries;
    private final TaskRunner runner;
    private final Runnable reload;
    /** Told what was being done and what went wrong. */
    private final BiConsumer<String, Throwable> onFailure;
    private final BiConsumer<String, TimeRange> showFeatureDetail;
    private final Subscriptions subscriptions = new Subscriptions();

    private final ObservableList<Alert> alerts = FXCollections.observableArrayList();
    private final ObjectProperty<String> kind = new SimpleObjectProperty<>(this, "kind");
    private final ObjectProperty<Alert> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<TimeRange> focusWindow = new ReadOnlyObjectWrapper<>(this, "focusWindow");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "");
    private final ObjectProperty<Consumer<Alert>> retrainHandler = new SimpleObjectProperty<>(this, "retrainHandler");
    private final ReadOnlyIntegerWrapper firingCount = new ReadOnlyIntegerWrapper(this, "firingCount");
    private final BooleanBinding canAcknowledge;
    private final BooleanBinding canSilence;
    private final BooleanBinding canRetrain;
    private List<Alert> all = List.of();

    AlertListModel(MonitorQueries queries, TaskRunner runner, Runnable reload, BiConsumer<String, Throwable> onFailure,
                   BiConsumer<String, TimeRange> showFeatureDetail) {
        this.queries = queries;
        this.runner = runner;
        this.reload = reload;
        this.onFailure = onFailure;
        this.showFeatureDetail = showFeatureDetail;
        canAcknowledge = Bindings.createBooleanBinding(() -> selected.get() != null && canAcknowledge(selected.get()), selected);
        canSilence = Bindings.createBooleanBinding(() -> selected.get() != null && selected.get().isOpen(), selected);
        canRetrain = Bindings.createBooleanBinding(() -> retrainHandler.get() != null && selected.get() != null
                && canRetrain(selected.get()), retrainHandler, selected);
        subscriptions.onChange(kind, (obs, old, k) -> filter());
        subscriptions.onChange(selected, (obs, old, a) -> selectedChanged(a));
        subscriptions.add(canAcknowledge::dispose);
        subscriptions.add(canSilence::dispose);
        subscriptions.add(canRetrain::dispose);
    }

    /** Only a firing (or still pending) alert waits for someone to say they have seen it. */
    static boolean canAcknowledge(Alert a) {
        return Alert.FIRING.equals(a.state()) || Alert.PENDING.equals(a.state());
    }

    /**
     * Retraining answers a problem that is still there: firing, or acknowledged (seen, often precisely
     * so that a retrain can follow). A resolved alert needs none.
     */
    static boolean canRetrain(Alert a) {
        return Alert.FIRING.equals(a.state()) || Alert.ACKNOWLEDGED.equals(a.state());
    }

    /** Shows the alerts of a new snapshot (all kinds; the kind filter applies here). */
    void show(List<Alert> alertsOfSnapshot) {
        all = List.copyOf(alertsOfSnapshot);
        firingCount.set((int) all.stream().filter(a -> Alert.FIRING.equals(a.state())).count());
        filter();
    }

    /** Forgets everything (another model was chosen). */
    void clear() {
        selected.set(null);
        show(List.of());
    }

    private void filter() {
        String k = kind.get();
        Alert previous = selected.get();
        List<Alert> wanted = all.stream().filter(a -> k == null || k.equals(a.kind())).toList();
        if (!alerts.equals(wanted)) {
            alerts.setAll(wanted); // only when changed: setAll makes the table rebuild its rows
        }
        if (previous != null) {
            // keep the same alert selected with its fresh row (state and note may have moved)
            selected.set(alerts.stream().filter(a -> a.alertId() == previous.alertId()).findFirst().orElse(null));
        }
    }

    private void selectedChanged(Alert a) {
        if (a == null) {
            details.set("");
            return;
        }
        TimeRange window = new TimeRange(a.windowStart(), a.windowEnd());
        focusWindow.set(window);
        if (a.feature() != null) {
            showFeatureDetail.accept(a.feature(), window);
        }
        details.set(describe(a));
    }

    public void acknowledge(Alert alert, String note) {
        String by = System.getProperty("user.name", "user");
        runner.submit("Acknowledging alert " + alert.alertId(), sink -> {
            queries.acknowledge(alert.alertId(), note, by);
            return alert;
        }, a -> reload.run(), e -> onFailure.accept("Acknowledging alert #" + alert.alertId(), e));
    }

    public void silence(Alert alert, Instant until) {
        String by = System.getProperty("user.name", "user");
        runner.submit("Silencing alert " + alert.alertId(), sink -> {
            queries.silence(alert.alertId(), until, by);
            return alert;
        }, a -> reload.run(), e -> onFailure.accept("Silencing alert #" + alert.alertId(), e));
    }

    /** Hands the selected alert to the retrain handler the app set (the retraining loop). */
    public void retrain() {
        Alert a = selected.get();
        Consumer<Alert> handler = retrainHandler.get();
        if (a != null && handler != null && canRetrain(a)) {
            handler.accept(a);
        }
    }

    /** Forgets the jump target (the chart shows everything again). */
    public void clearFocus() {
        focusWindow.set(null);
    }

    static String describe(Alert a) {
        StringBuilder sb = new StringBuilder();
        sb.append(a.rule()).append(" · ").append(a.state());
        sb.append(" · model ").append(a.modelName());
        if (a.modelVersion() != null) {
            sb.append(" v").append(a.modelVersion());
        }
        sb.append(" · data window ").append(UtcTime.format(a.windowStart())).append(" – ")
                .append(UtcTime.format(a.windowEnd())).append(" UTC");
        if (a.value() != null) {
            sb.append(" · ").append(a.metric()).append(' ').append(number(a.metric(), a.value()));
            if (a.threshold() != null) {
                sb.append(" (threshold ").append(number(a.metric(), a.threshold())).append(')');
            }
        }
        if (a.feature() != null) {
            sb.append(" · feature ").append(a.feature());
        }
        sb.append(" · fired ").append(UtcTime.format(a.firedAt()));
        if (a.acknowledgedAt() != null) {
            sb.append(" · acknowledged by ").append(a.acknowledgedBy()).append(' ').append(UtcTime.format(a.acknowledgedAt()));
        }
        if (a.silencedUntil() != null) {
            sb.append(" · silenced until ").append(UtcTime.format(a.silencedUntil()));
        }
        if (a.note() != null && !a.note().isBlank()) {
            sb.append(" · note: ").append(a.note());
        }
        return sb.toString();
    }

    private static String number(String metric, double v) {
        return MonitorViewModel.KPI.equals(metric) ? String.format(Locale.ROOT, "%.1f %%", v * 100) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** The alert kinds the filter offers (null = all). */
    static List<String> kinds() {
        List<String> kinds = new java.util.ArrayList<>();
        kinds.add(null);
        kinds.addAll(List.of(Alert.KIND_KPI, Alert.KIND_DRIFT, Alert.KIND_QUALITY, Alert.KIND_DETECTOR));
        return kinds;
    }

    void dispose() {
        subscriptions.dispose();
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    // ---- properties ----------------------------------------------------------------------------

    public ObservableList<Alert> alerts() {
        return alerts;
    }

    /** The kind shown (null: all kinds). */
    public ObjectProperty<String> kindProperty() {
        return kind;
    }

    public ObjectProperty<Alert> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<TimeRange> focusWindowProperty() {
        return focusWindow.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    public ObjectProperty<Consumer<Alert>> retrainHandlerProperty() {
        return retrainHandler;
    }

    /** Alerts of the shown model that are firing now (whatever the filters show). */
    public ReadOnlyIntegerProperty firingCountProperty() {
        return firingCount.getReadOnlyProperty();
    }

    public BooleanBinding canAcknowledgeBinding() {
        return canAcknowledge;
    }

    public BooleanBinding canSilenceBinding() {
        return canSilence;
    }

    public BooleanBinding canRetrainBinding() {
        return canRetrain;
    }
}
