package kiln.ui.experiments;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import kiln.domain.Run;
import kiln.domain.UserFacingException;
import kiln.ml.sweep.SweepSpec;
import kiln.ml.tracking.RunCurves;
import kiln.ml.tracking.RunFilter;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TaskRunner;

/**
 * The Experiments workspace's state and decisions: the sweep form and the running sweep, the runs
 * table (filter, best-by-metric), tags and notes, and the comparison of selected runs. Every
 * database call and every training runs through the {@link TaskRunner}.
 * The sweep itself is a {@link SweepSession}.
 */
public final class ExperimentsViewModel {

    /** The table holds at most this many runs (newest first); TableView draws only the visible rows. */
    public static final int MAX_RUNS = 20_000;
    /** Curves are drawn for at most this many selected runs (more lines are unreadable). */
    public static final int MAX_CURVE_RUNS = 8;
    public static final Path SEED_SWEEP = Path.of("sample-data", "sweeps", SweepSpec.SEED_GRID + ".yaml");

    private final ExperimentsServices services;
    private final TaskRunner runner;
    private final Subscriptions subscriptions = new Subscriptions();

    private final SweepSession sweep;
    private final SweepForm form;
    private final ObservableList<String> datasets = FXCollections.observableArrayList();

    private final ObservableList<Run> runs = FXCollections.observableArrayList();
    /** The listed runs' numeric parameters (the scatter's x choices), found on the worker that loads the runs. */
    private final ObservableList<String> scatterParams = FXCollections.observableArrayList();
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper(this, "filterError", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ObjectProperty<String> bestMetric = new SimpleObjectProperty<>(this, "bestMetric", "accuracy");
    private final ReadOnlyObjectWrapper<Long> bestRunId = new ReadOnlyObjectWrapper<>(this, "bestRunId");
    private final ObservableList<Run> selected = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<RunComparison> comparison = new ReadOnlyObjectWrapper<>(this, "comparison");
    private final ReadOnlyObjectWrapper<Map<Long, RunCurves>> curves = new ReadOnlyObjectWrapper<>(this, "curves", Map.of());
    private final ObjectProperty<Consumer<Run>> onRegisterRequested = new SimpleObjectProperty<>(this, "onRegisterRequested");
    private boolean disposed;
    private boolean runsLoading;
    private boolean reloadAgain;
    private long runsGeneration;
    private long curvesGeneration;

    /** @param uiThread runs a task on the UI thread ({@code Platform::runLater} in the app, {@code Runnable::run} in tests) */
    public ExperimentsViewModel(ExperimentsServices services, TaskRunner runner, Executor uiThread) {
        this.services = services;
        this.runner = runner;
        this.sweep = new SweepSession(services, runner, uiThread, bestMetric::set, this::reloadRuns);
        this.form = sweep.form();
        subscriptions.onChange(form.datasetProperty(), (obs, old, name) -> loadDataset(name));
        subscriptions.onChange(bestMetric, (obs, old, m) -> updateBest());
        subscriptions.onListChange(runs, change -> updateBest());
        subscriptions.onListChange(selected, change -> compareSelected());
    }

    /** Lists the data sets (choosing the first) and loads the runs. */
    public void start() {
        runner.submit(null, services::datasetNames, names -> {
            datasets.setAll(names);
            if (form.datasetProperty().get() == null || !names.contains(form.datasetProperty().get())) {
                form.datasetProperty().set(names.isEmpty() ? null : names.get(0));
            }
        }, this::showError);
        reloadRuns();
    }

    private void loadDataset(String name) {
        if (name == null) {
            return;
        }
        runner.submit(null, sink -> services.dataset(name, sink), info -> {
            if (!name.equals(form.datasetProperty().get())) {
                return;
            }
            form.setFeatures(info.features());
            if (info.bounds().first() != null && form.fromProperty().get() == null) {
                form.defaultWindow(info.bounds().first(), info.bounds().last());
            }
        }, this::showError);
    }

    // ---- the sweep ----------------------------------------------------------------------------

    /** Starts the sweep the form describes; problems with the form show in {@link #formErrorProperty()}. */
    public boolean startSweep() {
        return sweep.startSweep();
    }

    /** Asks the running sweep to stop; runs in flight end as cancelled, queued ones are skipped. */
    public void cancelSweep() {
        sweep.cancelSweep();
    }

    /** Fills the form from a sweep file. */
    public void loadSweepFile(Path file) {
        sweep.loadSweepFile(file);
    }

    /** Fills the form's trainers, split and metric with the seed webinar's grid; the chosen data set and window stay. */
    public void loadSeedGrid() {
        sweep.loadSeedGrid();
    }

    // ---- the runs table -----------------------------------------------------------------------

    /** Applies the filter text: a bad filter is reported at once with its column, the search runs off-thread. */
    public void applyFilter() {
        String filter = filterText.get();
        try {
            RunFilter.compile(filter);
        } catch (RunFilter.FilterSyntaxException e) {
            filterError.set(e.getMessage());
            return;
        }
        filterError.set("");
        reloadRuns();
    }

    /**
     * Reloads the runs off-thread. While a load is under way further requests are folded into one
     * more load after it, so a sweep finishing runs quickly never queues a reload per run.
     */
    public void reloadRuns() {
        if (runsLoading) {
            reloadAgain = true;
            return;
        }
        runsLoading = true;
        String filter = filterText.get();
        long gen = ++runsGeneration;
        runner.submit(null, sink -> {
            List<Run> found = services.runs(filter, MAX_RUNS);
            return new LoadedRuns(found, RunComparison.numericParams(found));
        }, loaded -> {
            loadEnded();
            if (gen != runsGeneration) {
                return;
            }
            List<Run> list = loaded.runs();
            List<Long> keep = selected.stream().map(Run::runId).toList();
            if (!scatterParams.equals(loaded.numericParams())) {
                scatterParams.setAll(loaded.numericParams()); // before the runs, whose listeners read it
            }
            runs.setAll(list);
            status.set(list.size() + (list.size() == 1 ? " run" : " runs") + (filter == null || filter.isBlank() ? "" : " match the filter")
                    + (list.size() == MAX_RUNS ? " (newest " + MAX_RUNS + " shown)" : ""));
            // Refresh the selected runs' data (tags, notes) without losing the selection.
            selected.setAll(list.stream().filter(r -> keep.contains(r.runId())).toList());
        }, error -> {
            loadEnded();
            if (error instanceof RunFilter.FilterSyntaxException f) {
                filterError.set(f.getMessage());
            } else {
                showError(error);
            }
        });
    }

    private record LoadedRuns(List<Run> runs, List<String> numericParams) {
    }

    private void loadEnded() {
        runsLoading = false;
        if (reloadAgain && !disposed) {
            reloadAgain = false;
            reloadRuns();
        }
    }

    private void updateBest() {
        bestRunId.set(RunRanking.best(runs, bestMetric.get()).map(Run::runId).orElse(null));
    }

    public Run bestRun() {
        Long id = bestRunId.get();
        return id == null ? null : runs.stream().filter(r -> r.runId() == id).findFirst().orElse(null);
    }

    /** Adds a tag to every selected run. */
    public void tagSelected(String tag) {
        String t = tag == null ? "" : tag.trim();
        if (t.isEmpty() || selected.isEmpty()) {
            return;
        }
        List<Long> ids = selected.stream().map(Run::runId).toList();
        runner.submit("Tagging " + ids.size() + " runs", sink -> {
            ids.forEach(id -> services.tag(id, t));
            return ids.size();
        }, n -> reloadRuns(), this::showError);
    }

    /** Sets the note of every selected run (an empty note clears it). */
    public void annotateSelected(String note) {
        if (selected.isEmpty()) {
            return;
        }
        String n = note == null || note.isBlank() ? null : note.trim();
        List<Long> ids = selected.stream().map(Run::runId).toList();
        runner.submit("Annotating " + ids.size() + " runs", sink -> {
            ids.forEach(id -> services.annotate(id, n));
            return ids.size();
        }, x -> reloadRuns(), this::showError);
    }

    // ---- compare ------------------------------------------------------------------------------

    private void compareSelected() {
        long gen = ++curvesGeneration;
        if (selected.size() < 2) {
            comparison.set(null);
            curves.set(Map.of());
            return;
        }
        List<Run> chosen = List.copyOf(selected);
        comparison.set(new RunComparison(chosen));
        List<Long> ids = chosen.stream().filter(r -> Run.FINISHED.equals(r.status())).limit(MAX_CURVE_RUNS).map(Run::runId).toList();
        runner.submit(null, sink -> {
            Map<Long, RunCurves> out = new LinkedHashMap<>();
            for (Long id : ids) {
                services.curves(id).ifPresent(c -> out.put(id, c));
            }
            return out;
        }, loaded -> {
            if (gen == curvesGeneration) {
                curves.set(loaded);
            }
        }, this::showError);
    }

    /** Hands the best run to whoever registers models (the Registry workspace), when someone listens. */
    public void registerBest() {
        Consumer<Run> hook = onRegisterRequested.get();
        Run best = selected.size() == 1 ? selected.get(0) : bestRun();
        if (hook != null && best != null) {
            hook.accept(best);
        }
    }

    private void showError(Throwable error) {
        status.set(error instanceof UserFacingException ? error.getMessage() : "Something went wrong: " + error.getMessage());
    }

    public void dispose() {
        disposed = true;
        sweep.dispose();
        subscriptions.dispose();
    }

    // ---- properties ---------------------------------------------------------------------------

    public SweepForm form() {
        return form;
    }

    public SweepBoard board() {
        return sweep.board();
    }

    public ObservableList<String> datasets() {
        return datasets;
    }

    public ReadOnlyStringProperty formErrorProperty() {
        return sweep.formErrorProperty();
    }

    public ReadOnlyStringProperty plannedRunsProperty() {
        return sweep.plannedRunsProperty();
    }

    public ReadOnlyBooleanProperty sweepRunningProperty() {
        return sweep.sweepRunningProperty();
    }

    public ObjectProperty<Path> seedSweepFileProperty() {
        return sweep.seedSweepFileProperty();
    }

    public ObservableList<Run> runs() {
        return runs;
    }

    /** The numeric parameters of the listed runs, by name. */
    public ObservableList<String> scatterParams() {
        return scatterParams;
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    public ReadOnlyStringProperty filterErrorProperty() {
        return filterError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ObjectProperty<String> bestMetricProperty() {
        return bestMetric;
    }

    public ReadOnlyObjectProperty<Long> bestRunIdProperty() {
        return bestRunId.getReadOnlyProperty();
    }

    /** The runs selected in the table (the view keeps this in step with the table's selection). */
    public ObservableList<Run> selected() {
        return selected;
    }

    public ReadOnlyObjectProperty<RunComparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Map<Long, RunCurves>> curvesProperty() {
        return curves.getReadOnlyProperty();
    }

    /** The hook the Registry workspace sets to register a run; null leaves "Register best…" disabled. */
    public ObjectProperty<Consumer<Run>> onRegisterRequestedProperty() {
        return onRegisterRequested;
    }
}
