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
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TaskRunner;
import kiln.ui.registry.RegistryServices.PerGroupTraining;
import kiln.ui.registry.RegistryServices.RegisteredFamily;

/**
 * "Register family from training…": the experiments holding a per-group training, and registering
 * one as a model family's members (each group's best run, the best pooled run, small groups left to
 * the pooled member), as {@code kiln model register-family} does.
 */
public final class FamilyRegistration {

    private final RegistryServices services;
    private final TaskRunner runner;
    private final Consumer<String> error;
    /** The family shown in the Registry, if one is: registering again adds a training's members to it. */
    private final Supplier<String> shownFamily;
    private final Subscriptions subscriptions = new Subscriptions();

    private final BooleanProperty open = new SimpleBooleanProperty(this, "open");
    private final ObservableList<PerGroupTraining> trainings = FXCollections.observableArrayList();
    private final ObjectProperty<PerGroupTraining> training = new SimpleObjectProperty<>(this, "training");
    private final StringProperty familyName = new SimpleStringProperty(this, "familyName", "");
    private final StringProperty minRows = new SimpleStringProperty(this, "minRows");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");

    FamilyRegistration(RegistryServices services, TaskRunner runner, Consumer<String> error, Supplier<String> shownFamily) {
        this.services = services;
        this.runner = runner;
        this.error = error;
        this.shownFamily = shownFamily;
        minRows.set(String.valueOf(services.defaultMinRows()));
        subscriptions.onChange(training, (obs, old, t) -> {
            if (t != null) {
                String family = shownFamily.get();
                familyName.set(family != null ? family : t.dataset() + "-family");
            }
        });
        subscriptions.onInvalidate(minRows, o -> problem.set(minRows() < 0 ? "Minimum rows: a whole number of labelled rows, e.g. "
                + services.defaultMinRows() + "." : ""));
    }

    /** Opens the form and lists the per-group trainings (newest first). */
    public void open() {
        open.set(true);
        error.accept("");
        runner.submit("Listing per-group trainings", p -> services.perGroupTrainings(), list -> {
            trainings.setAll(list);
            training.set(list.isEmpty() ? null : list.get(0));
        }, e -> error.accept("Listing per-group trainings failed: " + RegistryViewModel.message(e)));
    }

    public void cancel() {
        open.set(false);
    }

    /**
     * Registers the chosen training as members of the family named, with the minimum labelled rows
     * typed; {@code registered} gets the family's name and what was done.
     */
    void register(String note, String user, BiConsumer<String, String> registered) {
        PerGroupTraining t = training.get();
        String name = familyName.get() == null ? "" : familyName.get().strip();
        long min = minRows();
        if (t == null || name.isEmpty() || min < 0) {
            error.accept(t == null ? "Choose a per-group training to register." : name.isEmpty() ? "Name the family." : problem.get());
            return;
        }
        error.accept("");
        runner.submit("Registering family " + name, p -> {
            RegisteredFamily family = services.registerFamily(name, t.experimentId(), min, note, user);
            List<ModelVersion> members = family.members();
            return String.format(Locale.ROOT, "Registered %,d members of %s (v%d..v%d) from experiment %d%s", members.size(), name,
                    members.get(0).version(), members.get(members.size() - 1).version(), t.experimentId(),
                    family.groupsLeftToPooled() == 0 ? "." : String.format(Locale.ROOT,
                            "; %,d groups with fewer than %,d labelled rows are served by the pooled member.",
                            family.groupsLeftToPooled(), min));
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

    public ObservableList<PerGroupTraining> trainings() {
        return trainings;
    }

    public ObjectProperty<PerGroupTraining> trainingProperty() {
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
