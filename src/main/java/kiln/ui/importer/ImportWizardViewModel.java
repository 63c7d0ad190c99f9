package kiln.ui.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import kiln.domain.UserFacingException;
import kiln.domain.ingest.FilePreview;
import kiln.domain.ingest.ImportRequest;
import kiln.domain.ingest.LabelValues;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TaskRunner;

/**
 * The import wizard's state: a preview of the file, the columns chosen as id, time, group and label
 * (guessed, editable), the label's positive class for a two-valued label (guessed from the data's own
 * values), the features, and the data set's name. {@link #request()} turns the choices into an import.
 */
public final class ImportWizardViewModel {

    /** The choice "no such column" in the pickers. */
    public static final String NONE = "(none)";

    private final TaskRunner runner;
    private final ImportQueries queries;
    private final Subscriptions subscriptions = new Subscriptions();
    private final ObjectProperty<FilePreview> preview = new SimpleObjectProperty<>(this, "preview");
    private final ObservableList<String> columnChoices = FXCollections.observableArrayList();
    private final StringProperty dataset = new SimpleStringProperty(this, "dataset", "");
    private final StringProperty id = new SimpleStringProperty(this, "id", NONE);
    private final StringProperty time = new SimpleStringProperty(this, "time", NONE);
    private final StringProperty group = new SimpleStringProperty(this, "group", NONE);
    private final StringProperty label = new SimpleStringProperty(this, "label", NONE);
    private final StringProperty positive = new SimpleStringProperty(this, "positive");
    private final ObservableList<String> positiveChoices = FXCollections.observableArrayList();
    private final Map<String, BooleanProperty> features = new LinkedHashMap<>();
    private final ReadOnlyStringWrapper labelSummary = new ReadOnlyStringWrapper(this, "labelSummary", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "Reading the file…");
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(this, "ready", false);
    private Path file;

    /** @param queries reads the file's preview and suggests its data set (both on a worker) */
    public ImportWizardViewModel(TaskRunner runner, ImportQueries queries) {
        this.runner = runner;
        this.queries = queries;
        for (StringProperty p : List.of(dataset, id, time, group, label, positive)) {
            subscriptions.onChange(p, (obs, old, v) -> check());
        }
        subscriptions.onChange(label, (obs, old, v) -> showLabel());
    }

    /** Reads the file's preview on a worker and fills in the guesses. */
    public void load(Path file) {
        this.file = file;
        problem.set("Reading " + file.getFileName() + "…");
        runner.submit("Reading " + file.getFileName(), sink -> new Loaded(queries.preview(file), queries.suggestDataset(file)), this::show,
                e -> problem.set("Cannot read " + file.getFileName() + ": " + message(e)));
    }

    private record Loaded(FilePreview preview, String dataset) {
    }

    private void show(Loaded loaded) {
        FilePreview p = loaded.preview();
        dataset.set(loaded.dataset());
        features.clear();
        for (String c : p.columns()) {
            features.put(c, new SimpleBooleanProperty(this, c, true));
            subscriptions.onChange(features.get(c), (obs, old, v) -> check());
        }
        List<String> choices = new ArrayList<>();
        choices.add(NONE);
        choices.addAll(p.columns());
        columnChoices.setAll(choices);
        preview.set(p);
        id.set(orNone(p.guessId()));
        time.set(orNone(p.guessTime()));
        label.set(orNone(p.guessLabel()));
        group.set(orNone(p.guessGroup(p.guessTime(), p.guessLabel())));
        showLabel();
        check();
    }

    private void showLabel() {
        FilePreview p = preview.get();
        String column = chosen(label);
        if (p == null || column == null) {
            positiveChoices.clear();
            positive.set(null);
            labelSummary.set(column == null ? "No label: readings only (labels can come later in their own file)." : "");
            return;
        }
        List<String> values = p.values(column);
        long classes = p.distinctCount(column);
        if (classes == 2) {
            positiveChoices.setAll(values);
            positive.set(LabelValues.guessPositive(values).orElse(null));
            labelSummary.set("Two classes (" + String.join(", ", values) + "): which one is the positive class?");
        } else {
            positiveChoices.clear();
            positive.set(null);
            labelSummary.set(classes > LabelValues.MAX_CLASSES ? classes + " different values: too many for a class label"
                    : classes + " classes: " + String.join(", ", values.stream().limit(12).toList()) + (classes > 12 ? ", …" : ""));
        }
        check();
    }

    private void check() {
        FilePreview p = preview.get();
        String why = null;
        if (p == null) {
            why = problem.get();
        } else if (dataset.get() == null || dataset.get().isBlank()) {
            why = "Name the data set.";
        } else if (chosen(time) == null) {
            why = "Choose the time column: Kiln watches a model over time.";
        } else if (chosen(label) != null && p.distinctCount(chosen(label)) == 2 && positive.get() == null) {
            why = "Choose which value of " + chosen(label) + " is the positive class.";
        } else if (chosen(label) != null && p.distinctCount(chosen(label)) > LabelValues.MAX_CLASSES) {
            why = chosen(label) + " has " + p.distinctCount(chosen(label)) + " different values; choose a class label.";
        } else if (featureColumns().isEmpty()) {
            why = "Keep at least one feature.";
        } else if (duplicateRole() != null) {
            why = duplicateRole() + " is chosen for two roles.";
        }
        problem.set(why == null ? "" : why);
        ready.set(why == null);
    }

    private String duplicateRole() {
        List<String> seen = new ArrayList<>();
        for (StringProperty role : List.of(id, time, group, label)) {
            String c = chosen(role);
            if (c != null && seen.contains(c)) {
                return c;
            }
            if (c != null) {
                seen.add(c);
            }
        }
        return null;
    }

    /** Whether the column is chosen as id, time, group or label. */
    public boolean hasRole(String column) {
        return List.of(id, time, group, label).stream().anyMatch(role -> column.equals(chosen(role)));
    }

    /** The feature columns: every column kept that has no other role. */
    public List<String> featureColumns() {
        List<String> roles = new ArrayList<>();
        for (StringProperty role : List.of(id, time, group, label)) {
            roles.add(chosen(role));
        }
        return features.entrySet().stream().filter(e -> e.getValue().get() && !roles.contains(e.getKey())).map(Map.Entry::getKey).toList();
    }

    /** The import the choices describe. */
    public ImportRequest request() {
        if (!ready.get()) {
            throw new IllegalStateException("The import is not ready: " + problem.get());
        }
        return new ImportRequest(file, dataset.get().strip(), chosen(id), chosen(time), chosen(group), chosen(label), featureColumns(),
                ImportRequest.DEFAULT_TOLERANCE, chosen(label) == null ? null : positive.get(), false, null);
    }

    /** A data-set name from a file name: lower case, letters, digits and underscores. */
    public static String suggestName(Path file) {
        String n = file.getFileName().toString().replaceFirst("\\.[^.]+(\\.gz)?$", "");
        return n.replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(Locale.ROOT);
    }

    private static String chosen(StringProperty p) {
        return p.get() == null || NONE.equals(p.get()) ? null : p.get();
    }

    private static String orNone(String column) {
        return column == null ? NONE : column;
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof UserFacingException)) {
            t = t.getCause();
        }
        return Objects.requireNonNullElse(t.getMessage(), t.getClass().getSimpleName());
    }

    public void dispose() {
        subscriptions.dispose();
    }

    public ObjectProperty<FilePreview> previewProperty() {
        return preview;
    }

    public ObservableList<String> columnChoices() {
        return columnChoices;
    }

    public StringProperty datasetProperty() {
        return dataset;
    }

    public StringProperty idProperty() {
        return id;
    }

    public StringProperty timeProperty() {
        return time;
    }

    public StringProperty groupProperty() {
        return group;
    }

    public StringProperty labelProperty() {
        return label;
    }

    public StringProperty positiveProperty() {
        return positive;
    }

    public ObservableList<String> positiveChoices() {
        return positiveChoices;
    }

    /** Whether a column is kept as a feature (when it has no other role). */
    public BooleanProperty featureProperty(String column) {
        return features.get(column);
    }

    public ReadOnlyStringProperty labelSummaryProperty() {
        return labelSummary.getReadOnlyProperty();
    }

    /** What is missing before the import can start; empty when it can. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }
}
