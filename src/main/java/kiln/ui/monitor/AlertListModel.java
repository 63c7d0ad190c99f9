package kiln.ui.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import kiln.domain.AlertIncident;
import kiln.domain.AlertKind;
import kiln.domain.AlertState;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TaskRunner;

/**
 * The Monitor's alert list and what can be done with the selected alert: the kind filter, the
 * selection (which jumps the accuracy chart to the alert's window), acknowledge, silence and retrain,
 * and the number of firing alerts. An alert storm across groups is one incident row that expands to its
 * member alerts (read when first expanded, see {@link IncidentRows}) and is acknowledged as a whole.
 * Edits go through the {@link TaskRunner} and then ask the Monitor to reload, so the list always shows
 * what is stored.
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
    private final ObservableList<AlertRow> rows = FXCollections.observableArrayList();
    private final IncidentRows incidentRows;
    private final ObjectProperty<AlertKind> kind = new SimpleObjectProperty<>(this, "kind");
    private final ObjectProperty<Alert> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectProperty<AlertIncident> selectedIncident = new SimpleObjectProperty<>(this, "selectedIncident");
    private final ReadOnlyObjectWrapper<TimeRange> focusWindow = new ReadOnlyObjectWrapper<>(this, "focusWindow");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "");
    private final ObjectProperty<Consumer<Alert>> retrainHandler = new SimpleObjectProperty<>(this, "retrainHandler");
    private final ReadOnlyIntegerWrapper firingCount = new ReadOnlyIntegerWrapper(this, "firingCount");
    private final BooleanBinding canAcknowledge;
    private final BooleanBinding canSilence;
    private final BooleanBinding canRetrain;
    private List<Alert> all = List.of();
    private List<AlertIncident> allIncidents = List.of();

    AlertListModel(MonitorQueries queries, TaskRunner runner, Runnable reload, BiConsumer<String, Throwable> onFailure,
            BiConsumer<String, TimeRange> showFeatureDetail) {
        this.queries = queries;
        this.runner = runner;
        this.reload = reload;
        this.onFailure = onFailure;
        this.showFeatureDetail = showFeatureDetail;
        this.incidentRows = new IncidentRows(queries, runner, this::rebuildRows, onFailure);
        canAcknowledge = Bindings.createBooleanBinding(() -> selected.get() != null ? canAcknowledge(selected.get())
                : selectedIncident.get() != null && AlertState.FIRING == selectedIncident.get().state(), selected, selectedIncident);
        canSilence = Bindings.createBooleanBinding(() -> selected.get() != null ? selected.get().isOpen()
                : selectedIncident.get() != null && selectedIncident.get().isOpen(), selected, selectedIncident);
        canRetrain = Bindings.createBooleanBinding(() -> retrainHandler.get() != null && selected.get() != null
                && canRetrain(selected.get()), retrainHandler, selected);
        subscriptions.onChange(kind, (obs, old, k) -> filter());
        subscriptions.onChange(selected, (obs, old, a) -> selectedChanged(a));
        subscriptions.onChange(selectedIncident, (obs, old, i) -> selectedIncidentChanged(i));
        subscriptions.add(canAcknowledge::dispose);
        subscriptions.add(canSilence::dispose);
        subscriptions.add(canRetrain::dispose);
    }

    /** Only a firing (or still pending) alert waits for someone to say they have seen it. */
    static boolean canAcknowledge(Alert a) {
        return AlertState.FIRING == a.state() || AlertState.PENDING == a.state();
    }

    /**
     * Retraining answers a problem that is still there: firing, or acknowledged (seen, often precisely
     * so that a retrain can follow). A resolved alert needs none, and a group's alert is retrained by its
     * family's per-group retraining, not by a sweep of the whole model.
     */
    static boolean canRetrain(Alert a) {
        return (AlertState.FIRING == a.state() || AlertState.ACKNOWLEDGED == a.state()) && !AlertIncident.isMemberRule(a.rule());
    }

    /** Shows the alerts of a new snapshot (all kinds; the kind filter applies here). */
    void show(List<Alert> alertsOfSnapshot) {
        show(alertsOfSnapshot, List.of());
    }

    /**
     * Shows the alerts and incidents of a new snapshot: alerts of per-group rules are shown through their
     * incidents, the others one by one; a storm counts as one firing alert.
     */
    void show(List<Alert> alertsOfSnapshot, List<AlertIncident> incidentsOfSnapshot) {
        all = alertsOfSnapshot.stream().filter(a -> !AlertIncident.isMemberRule(a.rule())).toList();
        allIncidents = List.copyOf(incidentsOfSnapshot);
        incidentRows.show(allIncidents);
        firingCount.set((int) (all.stream().filter(a -> AlertState.FIRING == a.state()).count()
                + allIncidents.stream().filter(i -> AlertState.FIRING == i.state()).count()));
        filter();
    }

    /** Forgets everything (another model was chosen). */
    void clear() {
        selected.set(null);
        selectedIncident.set(null);
        incidentRows.clear();
        show(List.of(), List.of());
    }

    private void filter() {
        AlertKind k = kind.get();
        Alert previous = selected.get();
        AlertIncident previousIncident = selectedIncident.get();
        List<Alert> wanted = all.stream().filter(a -> k == null || k == a.kind()).toList();
        if (!alerts.equals(wanted)) {
            alerts.setAll(wanted); // only when changed: setAll makes the table rebuild its rows
        }
        rebuildRows(previous, previousIncident);
    }

    /** Rebuilds the rows (an incident expanded, collapsed or got its members), keeping the selection. */
    private void rebuildRows() {
        rebuildRows(selected.get(), selectedIncident.get());
    }

    /** The rows: incidents and alerts newest first, an expanded incident's members below it. */
    private void rebuildRows(Alert previous, AlertIncident previousIncident) {
        AlertKind k = kind.get();
        List<AlertRow> top = new ArrayList<>();
        allIncidents.stream().filter(i -> k == null || k == i.kind()).forEach(i -> top.add(AlertRow.of(i, false)));
        alerts.forEach(a -> top.add(AlertRow.of(a)));
        top.sort(Comparator.comparing(AlertRow::time, Comparator.nullsLast(Comparator.reverseOrder())));
        List<AlertRow> wanted = new ArrayList<>(top.size());
        for (AlertRow r : top) {
            if (r.isIncident()) {
                incidentRows.addRows(r.incident(), wanted);
            } else {
                wanted.add(r);
            }
        }
        if (!rows.equals(wanted)) {
            rows.setAll(wanted); // only when changed: setAll makes the table rebuild its rows (and drop its selection)
        }
        // the same alert or incident stays selected with its fresh row (state and note may have moved)
        if (previous != null) {
            selected.set(alerts.stream().filter(a -> a.alertId() == previous.alertId()).findFirst()
                    .or(() -> incidentRows.member(previous.alertId())).orElse(null));
        } else if (previousIncident != null) {
            selectedIncident.set(allIncidents.stream().filter(i -> i.incidentId() == previousIncident.incidentId()).findFirst()
                    .orElse(null));
        }
    }

    /** Selects what a row of the list stands for (an incident's loading line selects the incident). */
    void select(AlertRow row) {
        if (row == null) {
            selected.set(null);
            selectedIncident.set(null);
        } else if (row.alert() != null) {
            selected.set(row.alert());
        } else {
            selectedIncident.set(row.incident());
        }
    }

    /** Shows or hides an incident's member alerts (read in the background the first time). */
    public void setExpanded(AlertIncident incident, boolean expand) {
        incidentRows.setExpanded(incident, expand);
    }

    public boolean isExpanded(AlertIncident incident) {
        return incidentRows.isExpanded(incident);
    }

    private void selectedIncidentChanged(AlertIncident i) {
        if (i == null) {
            if (selected.get() == null) {
                details.set("");
            }
            return;
        }
        selected.set(null);
        if (i.windowStart() != null) {
            focusWindow.set(new TimeRange(i.windowStart(), i.windowStart().plus(Duration.ofDays(1))));
        }
        details.set(describe(i));
    }

    private void selectedChanged(Alert a) {
        if (a == null) {
            if (selectedIncident.get() == null) {
                details.set("");
            }
            return;
        }
        selectedIncident.set(null);
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

    /** Acknowledges an incident as a whole: every firing member, with the same note, who and when. */
    public void acknowledgeIncident(AlertIncident incident, String note) {
        String by = System.getProperty("user.name", "user");
        runner.submit("Acknowledging incident " + incident.incidentId(), sink -> queries.acknowledgeIncident(incident.incidentId(), note, by),
                n -> reload.run(), e -> onFailure.accept("Acknowledging incident #" + incident.incidentId(), e));
    }

    public void silence(Alert alert, Instant until) {
        String by = System.getProperty("user.name", "user");
        runner.submit("Silencing alert " + alert.alertId(), sink -> {
            queries.silence(alert.alertId(), until, by);
            return alert;
        }, a -> reload.run(), e -> onFailure.accept("Silencing alert #" + alert.alertId(), e));
    }

    /** Silences an incident as a whole: every open member stops notifying until {@code until}. */
    public void silenceIncident(AlertIncident incident, Instant until) {
        String by = System.getProperty("user.name", "user");
        runner.submit("Silencing incident " + incident.incidentId(), sink -> queries.silenceIncident(incident.incidentId(), until, by),
                n -> reload.run(), e -> onFailure.accept("Silencing incident #" + incident.incidentId(), e));
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

    /** An incident's details, short (the panel's rows already say state, kind and time): rule, summary, acknowledgement. */
    static String describe(AlertIncident i) {
        StringBuilder sb = new StringBuilder();
        sb.append("incident #").append(i.incidentId()).append(" (").append(i.rule()).append(", ").append(i.members())
                .append(i.members() == 1 ? " member" : " members").append("): ").append(i.summary());
        if (i.acknowledgedAt() != null) {
            sb.append(" · acknowledged by ").append(i.acknowledgedBy()).append(' ').append(UtcTime.format(i.acknowledgedAt()));
        }
        if (i.resolvedAt() != null) {
            sb.append(" · resolved ").append(UtcTime.format(i.resolvedAt()));
        }
        return sb.toString();
    }

    private static String number(String metric, double v) {
        return MonitorViewModel.KPI.equals(metric) ? String.format(Locale.ROOT, "%.1f %%", v * 100) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** The alert kinds the filter offers (null = all). */
    static List<AlertKind> kinds() {
        List<AlertKind> kinds = new ArrayList<>();
        kinds.add(null);
        kinds.addAll(List.of(AlertKind.values()));
        return kinds;
    }

    void dispose() {
        subscriptions.dispose();
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    // ---- properties ----------------------------------------------------------------------------

    /** The alerts of no incident that the kind filter keeps. */
    public ObservableList<Alert> alerts() {
        return alerts;
    }

    /** The incidents of the snapshot (every kind). */
    List<AlertIncident> incidents() {
        return allIncidents;
    }

    /** The kind shown (null: all kinds). */
    public ObjectProperty<AlertKind> kindProperty() {
        return kind;
    }

    public ObjectProperty<Alert> selectedProperty() {
        return selected;
    }

    /** The incident selected (its own row), null when an alert or nothing is. */
    public ObjectProperty<AlertIncident> selectedIncidentProperty() {
        return selectedIncident;
    }

    /** What the list shows: incidents and alerts newest first, expanded incidents followed by their members. */
    ObservableList<AlertRow> rows() {
        return rows;
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
