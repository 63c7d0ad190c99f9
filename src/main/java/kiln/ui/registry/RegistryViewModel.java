package kiln.ui.registry;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.domain.ProgressSink;
import kiln.domain.Run;
import kiln.domain.UserFacingException;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TaskRunner;

/**
 * The Registry workspace's state and decisions: the registered models and their versions with
 * lineage, the finished runs that could be registered (best first), the history and production
 * timeline of the chosen model, and the actions (register, promote through the gate, demote,
 * archive, export, import). Every call to the services runs through the {@link TaskRunner}; after an
 * action the lists are reloaded.
 */
public final class RegistryViewModel {

    /** How finished runs are ranked for registration. */
    public static final String RANKING_METRIC = "accuracy";

    private final RegistryServices services;
    private final TaskRunner runner;
    private final String user;
    private final Subscriptions subscriptions = new Subscriptions();

    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ObjectProperty<String> model = new SimpleObjectProperty<>(this, "model");
    private final ObservableList<VersionRow> versions = FXCollections.observableArrayList();
    private final ObjectProperty<VersionRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<Run> finishedRuns = FXCollections.observableArrayList();
    private final ObjectProperty<Run> runToRegister = new SimpleObjectProperty<>(this, "runToRegister");
    private final ObservableList<ModelEvent> events = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<List<ProductionPeriod>> timeline = new ReadOnlyObjectWrapper<>(this, "timeline", List.of());
    private final ReadOnlyStringWrapper gateText = new ReadOnlyStringWrapper(this, "gateText", "");
    private final ReadOnlyObjectWrapper<VersionLanes> lanes = new ReadOnlyObjectWrapper<>(this, "lanes", VersionLanes.EMPTY);
    private final PromotionConfirmation confirmation = new PromotionConfirmation();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyObjectWrapper<Map<String, Long>> familySizes = new ReadOnlyObjectWrapper<>(this, "familySizes", Map.of());
    private final FamilyMembers members;
    private final MemberActions memberActions;
    private final FamilyRegistration familyRegistration;
    private final RegistrySnapshots snapshots;
    // FX-thread state of the reload: what is on screen, whether a snapshot is being applied, a load in flight.
    private String shownModel;
    private boolean applying;
    private boolean loading;
    private boolean reloadWanted;
    private int loads;

    public RegistryViewModel(RegistryServices services, TaskRunner runner, String user) {
        this.services = services;
        this.runner = runner;
        this.user = user;
        this.snapshots = new RegistrySnapshots(services);
        this.members = new FamilyMembers(services, runner, error::set);
        this.memberActions = new MemberActions(services, runner, error::set);
        this.familyRegistration = new FamilyRegistration(services, runner, error::set, members.familyProperty()::get);
        // Only the user's choice of another model reloads: a snapshot being shown moves the combo box
        // (refilling its items clears and restores the value), and reacting to that reloaded forever.
        subscriptions.onChange(model, (obs, old, name) -> {
            if (!applying && name != null && !name.equals(shownModel)) {
                refresh();
            }
        });
    }

    public void start() {
        refresh();
    }

    /**
     * Reloads models, versions, runs, history and timeline of the chosen model. At most one load runs
     * at a time: calls meanwhile are folded into one more load after it, and the stale snapshot is dropped.
     */
    public void refresh() {
        if (loading) {
            reloadWanted = true;
            return;
        }
        loading = true;
        loads++;
        String wanted = model.get();
        error.set("");
        runner.submit("Loading the registry", p -> snapshots.load(wanted), s -> {
            loading = false;
            if (reloadWanted) {
                reloadWanted = false;
                refresh();
            } else {
                show(s);
            }
        }, e -> {
            loading = false;
            reloadWanted = false;
            error.set("Loading the registry failed: " + message(e));
        });
    }

    /** How many loads have started since this view model was made (tests prove a screen loads once). */
    public int loadCount() {
        return loads;
    }

    private void show(RegistrySnapshots.Snapshot s) {
        applying = true;
        try {
            apply(s);
        } finally {
            applying = false;
        }
    }

    private void apply(RegistrySnapshots.Snapshot s) {
        shownModel = s.model();
        familySizes.set(s.familySizes()); // before the list, whose cells name the families
        if (!models.equals(s.models())) {
            models.setAll(s.models());
        }
        if (!Objects.equals(model.get(), s.model())) {
            model.set(s.model());
        }
        Integer keep = selected.get() == null ? null : selected.get().version().version();
        versions.setAll(s.versions());
        selected.set(s.versions().stream().filter(r -> keep != null && r.version().version() == keep).findFirst()
                .orElse(s.versions().isEmpty() ? null : s.versions().get(0)));
        events.setAll(s.events());
        timeline.set(s.timeline());
        lanes.set(s.lanes());
        gateText.set(s.gate());
        Long keepRun = runToRegister.get() == null ? null : runToRegister.get().runId();
        finishedRuns.setAll(s.finishedRuns());
        runToRegister.set(s.finishedRuns().stream().filter(r -> keepRun != null && r.runId() == keepRun).findFirst()
                .orElse(s.finishedRuns().isEmpty() ? null : s.finishedRuns().get(0)));
        members.show(s.familySizes().containsKey(s.model()) ? s.model() : null);
    }

    /** Registers {@code run} as the next version (of the chosen plain model, or of the run's data set when none or a family is chosen). */
    public void register(Run run, String note) {
        // a family's members come from a per-group training: a run registered while one is shown starts its own model
        String name = familySizes.get().containsKey(model.get()) ? null : model.get();
        run("Registering run " + run.runId(), () -> services.register((int) run.runId(), name, blankToNull(note), user),
                v -> {
                    status.set("Registered " + v.modelName() + " v" + v.version() + " from run " + run.runId());
                    model.set(v.modelName());
                    refresh();
                }, "Registering failed");
    }

    /**
     * Evaluates the gate (if any) and asks for confirmation through {@link #confirmation()}, with
     * what the "effective from" field needs: the registry's now, the current production period and
     * the readings' span.
     */
    public void requestPromotion(VersionRow row) {
        if (row == null) {
            return;
        }
        String name = row.version().modelName();
        int v = row.version().version();
        Instant trainedUntil = row.run() == null || row.run().windowEnd() == null ? null : row.run().windowEnd().toInstant(ZoneOffset.UTC);
        run("Checking the promotion gate", () -> {
            Optional<RegistryServices.GateVerdict> verdict = services.evaluateGate(name, v);
            Optional<ProductionPeriod> live = services.productionTimeline(name).stream().filter(p -> p.end() == null).findFirst();
            return new PendingPromotion(name, v, verdict, services.now(), live.map(ProductionPeriod::start).orElse(null),
                    live.map(ProductionPeriod::version).orElse(null), services.readingSpanOrNone(name), trainedUntil);
        }, confirmation::open, "Checking the promotion gate failed");
    }

    /** What a confirmed promotion did: the version promoted and how many readings were scored after it. */
    private record Promoted(ModelVersion version, long scored, String scoringError) {
    }

    /**
     * Promotes the pending version with {@code note} from the typed effective time (forcing past a
     * failed gate, which the note records), then scores the readings it now owns: a promotion in the
     * past scores the readings from then on at once. Does nothing while the time is not valid.
     */
    public void confirmPromotion(String note) {
        PendingPromotion p = confirmation.pendingProperty().get();
        Optional<Instant> at = confirmation.effectiveFrom();
        if (p == null || at.isEmpty()) {
            return;
        }
        confirmation.close();
        if (p.action() != PendingPromotion.Action.VERSION) {
            memberActions.confirm(p, at.get(), blankToNull(note), user, done -> {
                status.set(done);
                refresh();
            });
            return;
        }
        run("Promoting " + p.modelName() + " v" + p.version(), () -> {
            ModelVersion promoted = services.promote(p.modelName(), p.version(), blankToNull(note), user, at.get());
            try {
                return new Promoted(promoted, services.scoreProduction(p.modelName(), ProgressSink.NONE), null);
            } catch (RuntimeException e) {
                return new Promoted(promoted, 0, message(e));
            }
        }, done -> {
            ModelVersion v = done.version();
            status.set("Promoted " + v.modelName() + " v" + v.version() + " to production from "
                    + EffectiveTime.format(at.get()) + " UTC; " + (done.scoringError() != null ? "scoring failed: " + done.scoringError()
                            : done.scored() == 0 ? "no reading from then on was waiting to be scored."
                                    : String.format(Locale.ROOT, "scored %,d readings from then on.", done.scored())));
            refresh();
        }, "Promoting failed");
    }

    /** Asks to promote a family's member to production (replacing only its group's member). */
    public void requestMemberPromotion(MemberRow row) {
        memberActions.requestPromotion(row, confirmation::open);
    }

    /** Asks to roll a family member's group back to its previous production member. */
    public void requestRollback(MemberRow row) {
        memberActions.requestRollback(row, confirmation::open);
    }

    /** Asks to promote every member of the shown family's latest training. */
    public void requestFamilyPromotion() {
        memberActions.requestFamilyPromotion(members.familyProperty().get(), confirmation::open);
    }

    /** Registers the training chosen in {@link #familyRegistration()} as members of the family named there, and shows it. */
    public void registerFamily(String note) {
        familyRegistration.register(blankToNull(note), user, (name, done) -> {
            status.set(done);
            model.set(name);
            refresh();
        });
    }

    public void cancelPromotion() {
        confirmation.close();
    }

    /** Makes a version the challenger (shadow scoring). */
    public void makeChallenger(VersionRow row, String note) {
        act(row, "Making challenger", () -> services.makeChallenger(row.version().modelName(), row.version().version(), blankToNull(note), user),
                "is now challenger");
    }

    public void demote(VersionRow row, String note) {
        act(row, "Demoting", () -> services.demote(row.version().modelName(), row.version().version(), blankToNull(note), user),
                "lost its alias");
    }

    public void archive(VersionRow row, String note) {
        act(row, "Archiving", () -> services.archive(row.version().modelName(), row.version().version(), blankToNull(note), user),
                "is archived");
    }

    public void exportVersion(VersionRow row, Path file) {
        run("Exporting " + row.label(), () -> services.exportVersion(row.version().modelName(), row.version().version(), file, user),
                written -> status.set("Exported " + row.version().modelName() + " " + row.label() + " to " + written), "Exporting failed");
    }

    public void importFile(Path file) {
        run("Importing " + file.getFileName(), () -> services.importFile(file, user), v -> {
            status.set("Imported " + file.getFileName() + " as " + v.modelName() + " v" + v.version());
            model.set(v.modelName());
            refresh();
        }, "Importing failed");
    }

    private void act(VersionRow row, String what, Call<ModelVersion> job, String done) {
        if (row == null) {
            return;
        }
        run(what + " " + row.label(), job, v -> {
            status.set(v.modelName() + " v" + v.version() + " " + done);
            refresh();
        }, what + " failed");
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private <T> void run(String title, Call<T> call, Consumer<T> onSuccess, String failure) {
        error.set("");
        runner.submit(title, p -> call.call(), onSuccess, e -> error.set(failure + ": " + message(e)));
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof UserFacingException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public void dispose() {
        subscriptions.dispose();
        confirmation.dispose();
        members.dispose();
        familyRegistration.dispose();
    }

    /** The shown family's members (empty while the model is plain). */
    public FamilyMembers members() {
        return members;
    }

    /** The "Register family from training…" form. */
    public FamilyRegistration familyRegistration() {
        return familyRegistration;
    }

    /** The families among the models, with how many members each has (plain models are not in it). */
    public ReadOnlyObjectProperty<Map<String, Long>> familySizesProperty() {
        return familySizes.getReadOnlyProperty();
    }

    public ObservableList<String> models() {
        return models;
    }

    public ObjectProperty<String> modelProperty() {
        return model;
    }

    public ObservableList<VersionRow> versions() {
        return versions;
    }

    public ObjectProperty<VersionRow> selectedProperty() {
        return selected;
    }

    public ObservableList<Run> finishedRuns() {
        return finishedRuns;
    }

    /** The run the register action would register (the best finished run unless the user picks another). */
    public ObjectProperty<Run> runToRegisterProperty() {
        return runToRegister;
    }

    public ObservableList<ModelEvent> events() {
        return events;
    }

    public ReadOnlyObjectProperty<List<ProductionPeriod>> timelineProperty() {
        return timeline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty gateTextProperty() {
        return gateText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PendingPromotion> pendingPromotionProperty() {
        return confirmation.pendingProperty();
    }

    /** The pending promotion with its "effective from" field. */
    public PromotionConfirmation confirmation() {
        return confirmation;
    }

    /** The production timeline as lanes, one per version. */
    public ReadOnlyObjectProperty<VersionLanes> lanesProperty() {
        return lanes.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
