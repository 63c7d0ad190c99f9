package kiln.ui.registry;

import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import kiln.domain.ModelVersion;
import kiln.ml.sweep.SweepSpec;
import kiln.registry.FamilyRuns;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TaskRunner;

/**
 * "Register family from training…": the experiments holding a per-group training, and registering
 * one as a model family's members with the plan {@link FamilyRuns} makes (each group's best run, the
 * best pooled run, small groups left to the pooled member), as {@code kiln model register-family} does.
 */
public final class FamilyRegistration {

    private final RegistryServices services;
    private final TaskRunner runner;
    private final Consumer<String> error;
    /** The family shown in the Registry, if one is: registering again adds a training's members to it. */
    private final Supplier<String> shownFamily;
    private final Subscriptions subscriptions = new Subscriptions();

    private final BooleanProperty open = new SimpleBooleanProperty(this, "open");
    private final ObservableList<FamilyRuns.Training> trainings = FXCollections.observableArrayList();
    private final ObjectProperty<FamilyRuns.Training> training = new SimpleObjectProperty<>(this, "training");
    private final StringProperty familyName = new SimpleStringProperty(this, "familyName", "");
    private final StringProperty minRows = new SimpleStringProperty(this, "minRows", String.valueOf(FamilyRuns.DEFAULT_MIN_ROWS));
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");

    FamilyRegistration(RegistryServices services, TaskRunner runner, Consumer<String> error, Supplier<String> shownFamily) {
        this.services = services;
        this.runner = runner;
        this.error = error;
        this.shownFamily = shownFamily;
        subscriptions.onChange(training, (obs, old, t) -> {
            if (t != null) {
                String family = shownFamily.get();
                familyName.set(family != null ? family : t.dataset() + "-family");
            }
        });
        subscriptions.onInvalidate(minRows, o -> problem.set(minRows() < 0 ? "Minimum rows: a whole number of labelled rows, e.g. "
                + FamilyRuns.DEFAULT_MIN_ROWS + "." : ""));
    }

    /** Opens the form and lists the per-group trainings (newest first). */
    public void open() {
        open.set(true);
        error.accept("");
        runner.submit("Listing per-group trainings", p -> services.familyRuns().trainings(), list -> {
            trainings.setAll(list);
            training.set(list.isEmpty() ? null : list.get(0));
        }, e -> error.accept("Listing per-group trainings failed: " + RegistryViewModel.message(e)));
    }

    public void cancel() {
        open.set(false);
    }

    /**
     * Registers the chosen training as members of the family named, with the sweep's default metric
     * and the minimum labelled rows typed; {@code registered} gets the family's name and what was done.
     */
    void register(String note, String user, BiConsumer<String, String> registered) {
        FamilyRuns.Training t = training.get();
        String name = familyName.get() == null ? "" : familyName.get().strip();
        long min = minRows();
        if (t == null || name.isEmpty() || min < 0) {
            error.accept(t == null ? "Choose a per-group training to register." : name.isEmpty() ? "Name the family." : problem.get());
            return;
        }
        String metric = FamilyRuns.DEFAULT_METRIC;
        error.accept("");
        runner.submit("Registering family " + name, p -> {
            FamilyRuns.Plan plan = services.familyRuns().plan(String.valueOf(t.experimentId()), metric,
                    !SweepSpec.LOWER_IS_BETTER.contains(metric), min);
            List<ModelVersion> members = services.registry().families().registerFamily(name, plan.runs(), note, user);
            return String.format(Locale.ROOT, "Registered %,d members of %s (v%d..v%d) from experiment %d%s", members.size(), name,
                    members.get(0).version(), members.get(members.size() - 1).version(), t.experimentId(),
                    plan.skipped().isEmpty() ? "." : String.format(Locale.ROOT,
                            "; %,d groups with fewer than %,d labelled rows are served by the pooled member.",
                            plan.skipped().size(), min));
        }, text -> {
            open.set(false);
            registered.accept(name, text);
        }, e -> error.accept("Registering the family failed: " + RegistryViewModel.message(e)));
    }

    private long minRows() {
        String s = minRows.get() == null ? "" : minRows.get().strip();
        return s.matches("\\d{1,9}") ? Long.parseLong(s) : -1;
    }

    void dispose() {
        subscriptions.dispose();
    }

    /** Whether the form is open. */
    public BooleanProperty openProperty() {
        return open;
    }

    public ObservableList<FamilyRuns.Training> trainings() {
        return trainings;
    }

    public ObjectProperty<FamilyRuns.Training> trainingProperty() {
        return training;
    }

    public StringProperty familyNameProperty() {
        return familyName;
    }

    /** The labelled rows a group needs for a member of its own, as typed. */
    public StringProperty minRowsProperty() {
        return minRows;
    }

    /** Why the typed minimum cannot be used (empty when it can). */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
