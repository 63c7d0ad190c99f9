package kiln.ui.registry;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.domain.Run;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TaskRunner;

/**
 * The Members section of a model family (decision 0013): its members a page at a time, searched by
 * group, and the chosen member's history and production timeline ({@link MemberActions} changes
 * them). A family may have tens of thousands of members: only one page is ever held, and
 * at most one page load runs at a time (changes meanwhile fold into one more load after it).
 */
public final class FamilyMembers {

    public static final int PAGE_SIZE = 100;

    private final RegistryServices services;
    private final TaskRunner runner;
    private final Consumer<String> error;
    private final Subscriptions subscriptions = new Subscriptions();

    private final ReadOnlyObjectWrapper<String> family = new ReadOnlyObjectWrapper<>(this, "family");
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ObjectProperty<String> aliasFilter = new SimpleObjectProperty<>(this, "aliasFilter");
    private final ObservableList<MemberRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper(this, "total");
    private final ReadOnlyStringWrapper pageText = new ReadOnlyStringWrapper(this, "pageText", "");
    private final ReadOnlyBooleanWrapper hasPrevious = new ReadOnlyBooleanWrapper(this, "hasPrevious");
    private final ReadOnlyBooleanWrapper hasNext = new ReadOnlyBooleanWrapper(this, "hasNext");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ObjectProperty<MemberRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<ModelEvent> events = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<VersionLanes> lanes = new ReadOnlyObjectWrapper<>(this, "lanes", VersionLanes.EMPTY);
    private int offset;
    private boolean loading;
    private boolean reloadWanted;
    private int pageLoads;
    private int inFlight;
    private int mostInFlight;
    private long rowsLoaded;
    private int detailRequest;

    /** One page of members as loaded. */
    private record Page(String family, int offset, List<MemberRow> rows, long total) {
    }

    /** The chosen member's history and timeline lane. */
    private record Detail(List<ModelEvent> events, VersionLanes lanes) {
    }

    FamilyMembers(RegistryServices services, TaskRunner runner, Consumer<String> error) {
        this.services = services;
        this.runner = runner;
        this.error = error;
        subscriptions.onInvalidate(search, o -> firstPage());
        subscriptions.onInvalidate(aliasFilter, o -> firstPage());
        subscriptions.onChange(selected, (obs, old, row) -> loadDetail(row));
    }

    /**
     * Shows {@code name}'s members (null: the model shown is plain, and the section is empty). Another
     * family starts at its first page with an empty search; the same family reloads the page it is on.
     */
    void show(String name) {
        if (!Objects.equals(name, family.get())) {
            family.set(name);
            offset = 0;
            selected.set(null);
            rows.clear();
            total.set(0);
            pageText.set("");
            hasPrevious.set(false);
            hasNext.set(false);
            if (!search.get().isEmpty() || aliasFilter.get() != null) {
                search.set(""); // reloads through its listener
                aliasFilter.set(null);
                return;
            }
        }
        reload();
    }

    public void nextPage() {
        if (offset + PAGE_SIZE < total.get()) {
            offset += PAGE_SIZE;
            reload();
        }
    }

    public void previousPage() {
        if (offset > 0) {
            offset = Math.max(0, offset - PAGE_SIZE);
            reload();
        }
    }

    private void firstPage() {
        offset = 0;
        reload();
    }

    /** Loads the current page of the family shown; while a load runs, one more follows it with the latest search and page. */
    public void reload() {
        String name = family.get();
        if (name == null) {
            return;
        }
        if (loading) {
            reloadWanted = true;
            return;
        }
        loading = true;
        busy.set(true);
        pageLoads++;
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        String groupContains = blankToNull(search.get());
        String alias = aliasFilter.get();
        int at = offset;
        runner.submit(null, p -> load(name, groupContains, alias, at), page -> {
            finished();
            if (reloadWanted || !name.equals(family.get())) {
                reloadWanted = false;
                reload();
            } else {
                showPage(page);
            }
        }, e -> {
            finished();
            reloadWanted = false;
            error.accept("Loading the members failed: " + RegistryViewModel.message(e));
        });
    }

    private void finished() {
        loading = false;
        busy.set(false); // a load that follows sets it again
        inFlight--;
    }

    private Page load(String name, String groupContains, String alias, int from) {
        RegistryServices.MemberPage page = services.members(name, groupContains, alias, from, PAGE_SIZE);
        int at = from;
        if (page.members().isEmpty() && from > 0 && page.total() > 0) {
            // the family shrank under the page (a search, an archive): show its last page
            at = (int) ((page.total() - 1) / PAGE_SIZE * PAGE_SIZE);
            page = services.members(name, groupContains, alias, at, PAGE_SIZE);
        }
        List<ModelVersion> members = page.members();
        Map<Long, Run> runs = services.runsById(members.stream().map(ModelVersion::runId).filter(Objects::nonNull).map(Integer::longValue)
                .toList()).stream().collect(Collectors.toMap(Run::runId, Function.identity()));
        Map<Integer, Instant> promoted = services.promotedAt(name, members.stream().map(ModelVersion::version).toList());
        List<MemberRow> list = members.stream().map(m -> new MemberRow(m, m.runId() == null ? null : runs.get((long) m.runId()),
                promoted.get(m.version()))).toList();
        return new Page(name, at, list, page.total());
    }

    private void showPage(Page page) {
        offset = page.offset();
        rowsLoaded += page.rows().size();
        Integer keep = selected.get() == null ? null : selected.get().member().version();
        total.set(page.total());
        hasPrevious.set(page.offset() > 0);
        hasNext.set(page.offset() + page.rows().size() < page.total());
        rows.setAll(page.rows());
        pageText.set(page.total() == 0 ? (search.get().isBlank() && aliasFilter.get() == null ? "No members" : "No member matches")
                : String.format(Locale.ROOT, "%,d–%,d of %,d", page.offset() + 1, page.offset() + page.rows().size(), page.total()));
        // the chosen member stays chosen (with fresh aliases) while it is on the page
        MemberRow again = page.rows().stream().filter(r -> keep != null && r.member().version() == keep).findFirst().orElse(null);
        if (again != null) {
            selected.set(again);
        }
    }

    private void loadDetail(MemberRow row) {
        int request = ++detailRequest;
        if (row == null) {
            events.clear();
            lanes.set(VersionLanes.EMPTY);
            return;
        }
        String name = row.member().modelName();
        String scope = row.group();
        runner.submit(null, p -> {
            List<ModelEvent> history = services.memberHistory(name, scope);
            List<ProductionPeriod> periods = services.memberTimelines(name, scope).getOrDefault(scope, List.of());
            List<Integer> versions = Stream.concat(Stream.of(row.member().version()), history.stream().map(ModelEvent::version)
                    .filter(Objects::nonNull)).distinct().sorted(Comparator.reverseOrder()).toList();
            return new Detail(history, VersionLanes.of(versions, history, periods, services.readingSpanOrNone(name)));
        }, d -> {
            if (request == detailRequest) {
                events.setAll(d.events());
                lanes.set(d.lanes());
            }
        }, e -> error.accept("Loading the member's history failed: " + RegistryViewModel.message(e)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    void dispose() {
        subscriptions.dispose();
    }

    /** The family shown, or null while the model is plain. */
    public ReadOnlyObjectProperty<String> familyProperty() {
        return family.getReadOnlyProperty();
    }

    /** Text a group's key must contain (empty: every member). */
    public StringProperty searchProperty() {
        return search;
    }

    /** Only members with this alias (null: any). */
    public ObjectProperty<String> aliasFilterProperty() {
        return aliasFilter;
    }

    /** The page of members shown (at most {@link #PAGE_SIZE}). */
    public ObservableList<MemberRow> rows() {
        return rows;
    }

    /** How many members match the search in all. */
    public ReadOnlyLongProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    /** Whether a page is being loaded. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Whether there is a page before the one shown. */
    public ReadOnlyBooleanProperty hasPreviousProperty() {
        return hasPrevious.getReadOnlyProperty();
    }

    /** Whether there is a page after the one shown. */
    public ReadOnlyBooleanProperty hasNextProperty() {
        return hasNext.getReadOnlyProperty();
    }

    /** "101–200 of 2,001". */
    public ReadOnlyStringProperty pageTextProperty() {
        return pageText.getReadOnlyProperty();
    }

    public ObjectProperty<MemberRow> selectedProperty() {
        return selected;
    }

    /** The chosen member's history (its scope's events). */
    public ObservableList<ModelEvent> events() {
        return events;
    }

    /** The chosen member's scope's production timeline, one lane per member that scope has had. */
    public ReadOnlyObjectProperty<VersionLanes> lanesProperty() {
        return lanes.getReadOnlyProperty();
    }

    public int offset() {
        return offset;
    }

    /** Page loads started (tests prove paging loads a page at a time). */
    public int pageLoads() {
        return pageLoads;
    }

    /** The most page loads that ran at once (tests prove it is one). */
    public int mostPageLoadsAtOnce() {
        return mostInFlight;
    }

    /** Member rows loaded in all since the section was made (tests prove a family is never loaded whole). */
    public long rowsLoaded() {
        return rowsLoaded;
    }
}
