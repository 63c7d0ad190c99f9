package kiln.ui.fleet;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import kiln.domain.ProgressSink;
import kiln.domain.fleet.FleetResults.FleetGroup;
import kiln.domain.fleet.FleetResults.FleetHeatmap;
import kiln.domain.fleet.FleetResults.FleetIncident;
import kiln.domain.fleet.FleetResults.FleetModel;
import kiln.domain.fleet.FleetResults.GroupDetail;
import kiln.domain.fleet.FleetResults.GroupFeatures;
import kiln.ui.common.TaskRunner;

/**
 * The Fleet workspace's state: the grouped models, the chosen model's groups (filtered and sorted in
 * memory, so typing in the search box never queries again), its accuracy heatmap, incidents, and the
 * chosen group's detail. Loads run through the {@link TaskRunner} and are coalesced per kind.
 */
public final class FleetViewModel {

    /** Newest windows the heatmap shows. */
    static final int HEATMAP_WINDOWS = 48;

    /** Everything the screen shows for one model, read together. */
    record FleetLoad(FleetModel model, List<String> granularities, String granularity, List<FleetGroup> groups,
            FleetHeatmap heatmap, List<FleetIncident> incidents) {
    }

    /** What a load is asked for: the model and the window size wanted (null: the model's first). */
    record LoadKey(FleetModel model, String granularity) {
    }

    private final FleetQueries queries;
    private final TaskRunner runner;
    private final ObservableList<FleetModel> models = FXCollections.observableArrayList();
    private final ObjectProperty<FleetModel> model = new SimpleObjectProperty<>(this, "model");
    private final ObservableList<String> granularities = FXCollections.observableArrayList();
    private final ObjectProperty<String> granularity = new SimpleObjectProperty<>(this, "granularity");
    private final ObservableList<FleetGroup> groups = FXCollections.observableArrayList();
    /** Sorted first, then filtered: typing in the search box only drops and brings back rows, it never sorts 10,000 again. */
    private final SortedList<FleetGroup> sorted = new SortedList<>(groups);
    private final FilteredList<FleetGroup> filtered = new FilteredList<>(sorted);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final BooleanProperty onlyWithAlerts = new SimpleBooleanProperty(this, "onlyWithAlerts");
    private final ObjectProperty<Comparator<FleetGroup>> order = new SimpleObjectProperty<>(this, "order", FleetOrder.WORST_FIRST);
    private final ReadOnlyObjectWrapper<FleetHeatmap> heatmap = new ReadOnlyObjectWrapper<>(FleetHeatmap.EMPTY);
    private final ObservableList<FleetIncident> incidents = FXCollections.observableArrayList();
    private final ObjectProperty<FleetGroup> selectedGroup = new SimpleObjectProperty<>(this, "selectedGroup");
    private final ReadOnlyObjectWrapper<GroupDetail> detail = new ReadOnlyObjectWrapper<>();
    /** The chosen group's feature distributions: read apart from its accuracy, which is quicker and shown first. */
    private final ReadOnlyObjectWrapper<GroupFeatures> features = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    /** Why there is nothing to show (no grouped model, no per-group KPIs yet); empty when there is. */
    private final ReadOnlyStringWrapper emptyMessage = new ReadOnlyStringWrapper("");
    private final CoalescedLoader<LoadKey, FleetLoad> fleetLoader;
    private final CoalescedLoader<DetailKey, GroupDetail> detailLoader;
    private final CoalescedLoader<DetailKey, GroupFeatures> featuresLoader;

    /** The group whose detail is read, in the model and window size it was chosen in. */
    private record DetailKey(String model, String granularity, String group) {
    }
    /** Set while a load's answer is put in place, so the pickers it sets do not ask for another load. */
    private boolean applying;
    private List<String> groupedDatasets = List.of();
    /** What is shown: the model and window size a group's detail is read in. */
    private FleetLoad currentLoad;

    public FleetViewModel(FleetQueries queries, TaskRunner runner) {
        this.queries = queries;
        this.runner = runner;
        sorted.comparatorProperty().bind(order);
        search.addListener((obs, old, text) -> refilter());
        onlyWithAlerts.addListener((obs, old, on) -> refilter());
        fleetLoader = new CoalescedLoader<>(runner, "Reading the fleet", this::read, this::apply, this::failed);
        detailLoader = new CoalescedLoader<>(runner, null, (key, sink) -> queries.group(key.model(), key.granularity(), key.group(), sink),
                detail::set, this::failed);
        featuresLoader = new CoalescedLoader<>(runner, null, (key, sink) -> queries.groupFeatures(key.model(), key.group(), sink),
                features::set, this::failed);
        model.addListener((obs, old, m) -> {
            if (!applying && m != null) {
                requestLoad(new LoadKey(m, null));
            }
        });
        granularity.addListener((obs, old, g) -> {
            if (!applying && g != null && model.get() != null) {
                requestLoad(new LoadKey(model.get(), g));
            }
        });
        selectedGroup.addListener((obs, old, g) -> {
            if (g == null) {
                detail.set(null);
                features.set(null);
            } else {
                requestDetail(g);
            }
        });
    }

    /** Reads the grouped models and shows the first that has per-group KPIs. */
    public void start() {
        refresh();
    }

    /** Reads the models again (another screen or the CLI may have added KPIs) and reloads the chosen one. */
    public void refresh() {
        status.set("Reading models…");
        runner.submit(null, sink -> new ModelsAndDatasets(queries.models(sink), queries.groupedDatasets(sink)), found -> {
            groupedDatasets = found.datasets();
            FleetModel previous = model.get();
            applying = true;
            try {
                models.setAll(found.models());
                FleetModel keep = previous == null ? null
                        : found.models().stream().filter(m -> m.name().equals(previous.name())).findFirst().orElse(null);
                model.set(keep != null ? keep : found.models().isEmpty() ? null : found.models().get(0));
            } finally {
                applying = false;
            }
            if (model.get() == null) {
                clear();
                emptyMessage.set(FleetTexts.noFleet(groupedDatasets));
                status.set("");
            } else {
                requestLoad(new LoadKey(model.get(), granularity.get()));
            }
        }, this::failed);
    }

    private record ModelsAndDatasets(List<FleetModel> models, List<String> datasets) {
    }

    private void requestLoad(LoadKey key) {
        status.set("Reading the groups of " + key.model().name() + "…");
        fleetLoader.request(key);
    }

    private FleetLoad read(LoadKey key, ProgressSink sink) {
        String name = key.model().name();
        List<String> sizes = queries.granularities(name, sink);
        String chosen = key.granularity() != null && sizes.contains(key.granularity()) ? key.granularity() : sizes.isEmpty() ? null : sizes.get(0);
        if (chosen == null) {
            return new FleetLoad(key.model(), sizes, null, List.of(), FleetHeatmap.EMPTY, List.of());
        }
        return new FleetLoad(key.model(), sizes, chosen, queries.groups(name, chosen, sink),
                queries.heatmap(name, chosen, HEATMAP_WINDOWS, sink), queries.incidents(name, sink));
    }

    private void apply(FleetLoad load) {
        error.set("");
        currentLoad = load;
        applying = true;
        try {
            granularities.setAll(load.granularities());
            granularity.set(load.granularity());
        } finally {
            applying = false;
        }
        String keep = selectedGroup.get() == null ? null : selectedGroup.get().groupKey();
        groups.setAll(load.groups());
        heatmap.set(load.heatmap());
        incidents.setAll(load.incidents());
        emptyMessage.set(load.groups().isEmpty() ? FleetTexts.noKpis(load.model()) : "");
        FleetGroup again = keep == null ? null : load.groups().stream().filter(g -> g.groupKey().equals(keep)).findFirst().orElse(null);
        selectedGroup.set(again);
        if (again != null) {
            requestDetail(again); // its windows may have changed
        }
        status.set(load.groups().isEmpty() ? "" : FleetTexts.summary(load));
    }

    private void requestDetail(FleetGroup group) {
        if (currentLoad != null && currentLoad.granularity() != null) {
            DetailKey key = new DetailKey(currentLoad.model().name(), currentLoad.granularity(), group.groupKey());
            detailLoader.request(key);
            featuresLoader.request(key);
        }
    }

    private void clear() {
        currentLoad = null;
        granularities.clear();
        groups.clear();
        heatmap.set(FleetHeatmap.EMPTY);
        incidents.clear();
        selectedGroup.set(null);
    }

    private void failed(Throwable e) {
        status.set("");
        error.set(e.getMessage() == null ? e.toString() : e.getMessage());
    }

    private void refilter() {
        filtered.setPredicate(predicate(search.get(), onlyWithAlerts.get()));
    }

    /** The groups whose key contains {@code text} (any case), with open alerts only when asked; null keeps all. */
    static Predicate<FleetGroup> predicate(String text, boolean alertsOnly) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (wanted.isEmpty() && !alertsOnly) {
            return null;
        }
        return g -> (!alertsOnly || g.openAlerts() > 0) && (wanted.isEmpty() || g.groupKey().toLowerCase(Locale.ROOT).contains(wanted));
    }

    /** Chooses a group by key (an incident's member), clearing a filter that hides it; false when there is no such group. */
    public boolean selectGroup(String groupKey) {
        FleetGroup g = groups.stream().filter(x -> x.groupKey().equals(groupKey)).findFirst().orElse(null);
        if (g == null) {
            return false;
        }
        if (!filtered.contains(g)) {
            search.set("");
            onlyWithAlerts.set(false);
        }
        selectedGroup.set(g);
        return true;
    }

    public void dispose() {
        fleetLoader.dispose();
        detailLoader.dispose();
        featuresLoader.dispose();
        sorted.comparatorProperty().unbind();
    }

    public ObservableList<FleetModel> models() {
        return models;
    }

    public ObjectProperty<FleetModel> modelProperty() {
        return model;
    }

    public ObservableList<String> granularities() {
        return granularities;
    }

    public ObjectProperty<String> granularityProperty() {
        return granularity;
    }

    /** Every group of the model, unfiltered. */
    public ObservableList<FleetGroup> allGroups() {
        return groups;
    }

    /** The groups as listed: sorted by {@link #orderProperty()}, then filtered by the search and the alerts box. */
    public ObservableList<FleetGroup> shownGroups() {
        return filtered;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public BooleanProperty onlyWithAlertsProperty() {
        return onlyWithAlerts;
    }

    /** How the list (and so the heatmap's rows) is ordered; {@link FleetOrder#WORST_FIRST} unless a column says otherwise. */
    public ObjectProperty<Comparator<FleetGroup>> orderProperty() {
        return order;
    }

    public ReadOnlyObjectProperty<FleetHeatmap> heatmapProperty() {
        return heatmap.getReadOnlyProperty();
    }

    public ObservableList<FleetIncident> incidents() {
        return incidents;
    }

    public ObjectProperty<FleetGroup> selectedGroupProperty() {
        return selectedGroup;
    }

    public ReadOnlyObjectProperty<GroupDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<GroupFeatures> featuresProperty() {
        return features.getReadOnlyProperty();
    }

    /** The fleet's newest window (of the heatmap): a group whose windows end earlier has stopped; null when none is shown. */
    public Instant newestWindow() {
        List<Instant> starts = heatmap.get().windowStarts();
        return starts.isEmpty() ? null : starts.get(starts.size() - 1);
    }

    /** The chosen model's name; null when none is. */
    public String modelName() {
        return model.get() == null ? null : model.get().name();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty emptyMessageProperty() {
        return emptyMessage.getReadOnlyProperty();
    }

    /** The group column's name for headings ("group" when the catalogue does not say). */
    public String groupNoun() {
        FleetModel m = model.get();
        return m == null || m.groupColumn() == null ? "group" : m.groupColumn();
    }

    /** Loads started for the fleet and for details (tests: requests in quick succession are coalesced). */
    int loadsStarted() {
        return fleetLoader.started();
    }

    int detailLoadsStarted() {
        return detailLoader.started();
    }

    int featureLoadsStarted() {
        return featuresLoader.started();
    }
}
