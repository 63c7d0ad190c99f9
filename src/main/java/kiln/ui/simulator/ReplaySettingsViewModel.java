package kiln.ui.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

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
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import kiln.domain.Durations;
import kiln.domain.ingest.FilePreview;
import kiln.ml.DataWindow;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TaskRunner;
import kiln.ui.importer.ImportWizardViewModel;

/**
 * The simulator panel's settings for replaying a recorded file, as {@code kiln replay} takes them: the
 * file, the data set (a new one named after the file, or an earlier replay to go on with), the id, time,
 * group and label columns (the import wizard's guesses, editable), the label delay, the training window,
 * the sweep, and whether alerts retrain. The columns live in an {@link ImportWizardViewModel}: the same
 * guesses and checks as an import.
 */
public final class ReplaySettingsViewModel {

    private final TaskRunner runner;
    private final SimulatorServices services;
    private final ImportWizardViewModel columns;
    private final Subscriptions subscriptions = new Subscriptions();
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>(this, "file");
    private final ObservableList<String> datasetChoices = FXCollections.observableArrayList();
    private final StringProperty labelDelay = new SimpleStringProperty(this, "labelDelay", "");
    private final StringProperty trainWindow = new SimpleStringProperty(this, "trainWindow", "");
    private final StringProperty sweep = new SimpleStringProperty(this, "sweep");
    private final BooleanProperty autoRetrain = new SimpleBooleanProperty(this, "autoRetrain", true);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "Choose the file to replay.");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(this, "ready", false);

    /** @param services reads the file's columns, the data sets replayed before (on a worker) and the default sweep */
    public ReplaySettingsViewModel(TaskRunner runner, SimulatorServices services) {
        this.runner = runner;
        this.services = services;
        this.columns = new ImportWizardViewModel(runner, services::preview);
        sweep.set(services.defaultSweep());
        for (ObservableValue<?> p : List.of(columns.problemProperty(), columns.labelProperty(), columns.datasetProperty(),
                labelDelay, trainWindow, sweep)) {
            subscriptions.onChange(p, (obs, old, v) -> check());
        }
        datasetChoices.addListener((ListChangeListener<String>) c -> check());
    }

    /** Reads the file's columns and fills in the guesses (on a worker), and which data sets were replayed before. */
    public void choose(Path chosen) {
        file.set(chosen);
        columns.load(chosen);
        runner.submit(null, sink -> services.earlierReplays(), datasetChoices::setAll, e -> datasetChoices.clear());
        check();
    }

    private void check() {
        String why = null;
        String resumeNote = "";
        if (file.get() == null) {
            why = "Choose the file to replay.";
        } else if (!columns.problemProperty().get().isEmpty()) {
            why = columns.problemProperty().get();
        } else if (ImportWizardViewModel.NONE.equals(columns.labelProperty().get())) {
            why = "Choose the label column: a replay trains on the labels and scores against them.";
        } else if (delayProblem() != null) {
            why = delayProblem();
        } else if (trainWindow.get().isBlank()) {
            why = "Enter the training window, FROM..TO (e.g. " + exampleWindow() + ").";
        } else if (windowProblem() != null) {
            why = windowProblem();
        } else if (sweep.get().isBlank()) {
            why = "Name the sweep (e.g. " + services.defaultSweep() + ") or a sweep file.";
        }
        if (why == null && datasetChoices.contains(dataset())) {
            resumeNote = "Goes on with the replay of " + dataset() + " where it stopped; the file and columns stay as they were first staged.";
        }
        note.set(resumeNote);
        problem.set(why == null ? "" : why);
        ready.set(why == null);
    }

    private String delayProblem() {
        if (labelDelay.get().isBlank()) {
            return null;
        }
        try {
            Durations.parse(labelDelay.get());
            return null;
        } catch (IllegalArgumentException e) {
            return "Label delay: " + e.getMessage() + ".";
        }
    }

    private String windowProblem() {
        try {
            DataWindow.parse(trainWindow.get().strip());
            return null;
        } catch (RuntimeException e) {
            return "Training window: " + e.getMessage() + " (write FROM..TO, e.g. " + exampleWindow() + ").";
        }
    }

    /** Two weeks from the first time in the file's first rows, as an example of the form (not a default: the user decides). */
    private String exampleWindow() {
        FilePreview p = columns.previewProperty().get();
        String time = columns.timeProperty().get();
        int c = p == null ? -1 : p.columns().indexOf(time);
        if (c >= 0) {
            for (List<String> row : p.rows()) {
                String v = row.get(c);
                if (v != null && v.strip().matches("\\d{4}-\\d{2}-\\d{2}.*")) {
                    LocalDate d = LocalDate.parse(v.strip().substring(0, 10));
                    return d + ".." + d.plusDays(13);
                }
            }
        }
        return "2021-03-01..2021-03-14";
    }

    /** What to replay, as the settings stand; only when {@link #readyProperty()} holds. */
    ReplayPlan plan() {
        DataWindow window = DataWindow.parse(trainWindow.get().strip());
        Duration delay = labelDelay.get().isBlank() ? null : Durations.parse(labelDelay.get());
        return new ReplayPlan(columns.request(), delay, window.start().toInstant(ZoneOffset.UTC), window.end().toInstant(ZoneOffset.UTC),
                trainWindow.get().strip(), sweep.get().strip(), autoRetrain.get());
    }

    /** The data set the file replays into. */
    public String dataset() {
        String d = columns.datasetProperty().get();
        return d == null ? "" : d.strip();
    }

    public void dispose() {
        subscriptions.dispose();
        columns.dispose();
    }

    /** The column choices (id, time, group, label, positive class, data set name), shared with the import wizard. */
    public ImportWizardViewModel columns() {
        return columns;
    }

    public ObjectProperty<Path> fileProperty() {
        return file;
    }

    /** The data sets replayed here before, to go on with. */
    public ObservableList<String> datasetChoices() {
        return datasetChoices;
    }

    public StringProperty labelDelayProperty() {
        return labelDelay;
    }

    public StringProperty trainWindowProperty() {
        return trainWindow;
    }

    public StringProperty sweepProperty() {
        return sweep;
    }

    public BooleanProperty autoRetrainProperty() {
        return autoRetrain;
    }

    /** What is missing before the file can play; empty when it can. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** A remark on the choices (an earlier replay goes on); empty when there is none. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }
}
