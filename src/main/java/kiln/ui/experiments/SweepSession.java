package kiln.ui.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import kiln.domain.Run;
import kiln.domain.UserFacingException;
import kiln.ml.sweep.SweepListener.RunState;
import kiln.ml.sweep.SweepPlan;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.sweep.SweepResult;
import kiln.ml.sweep.SweepSpec;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TaskRunner;

/**
 * The Experiments workspace's sweep: the form and the runs it plans, starting and cancelling the
 * sweep through the {@link TaskRunner}, its live board and the summary when it ends.
 */
final class SweepSession {

    private final ExperimentsServices services;
    private final TaskRunner runner;
    private final Executor uiThread;
    /** Told the sweep's metric when it starts, so the runs table ranks by it. */
    private final Consumer<String> metricChosen;
    /** Told when runs have ended (during the sweep and at its end), so the runs table reloads. */
    private final Runnable runsEnded;
    private final Subscriptions subscriptions = new Subscriptions();

    private final SweepForm form = new SweepForm();
    private final SweepBoard board;
    private final ReadOnlyStringWrapper formError = new ReadOnlyStringWrapper(this, "formError", "");
    private final ReadOnlyStringWrapper plannedRuns = new ReadOnlyStringWrapper(this, "plannedRuns", "");
    private final ReadOnlyBooleanWrapper sweepRunning = new ReadOnlyBooleanWrapper(this, "sweepRunning");
    private final ObjectProperty<Path> seedSweepFile = new SimpleObjectProperty<>(this, "seedSweepFile", ExperimentsViewModel.SEED_SWEEP);
    private TaskRunner.Handle sweepJob;
    private long runsEndedSeen;
    private boolean disposed;

    SweepSession(ExperimentsServices services, TaskRunner runner, Executor uiThread, Consumer<String> metricChosen, Runnable runsEnded) {
        this.services = services;
        this.runner = runner;
        this.uiThread = uiThread;
        this.metricChosen = metricChosen;
        this.runsEnded = runsEnded;
        this.board = new SweepBoard(uiThread);
        subscriptions.onListChange(board.rows(), change -> onBoardChanged());
        subscriptions.onInvalidate(form.searchProperty(), o -> updatePlan());
        subscriptions.onInvalidate(form.samplesProperty(), o -> updatePlan());
        for (TrainerChoice t : form.trainers()) {
            subscriptions.onInvalidate(t.enabledProperty(), o -> updatePlan());
            t.params().forEach(p -> subscriptions.onInvalidate(p.textProperty(), o -> updatePlan()));
        }
        updatePlan();
    }

    private void updatePlan() {
        try {
            SweepSpec spec = form.toSearchSpec();
            plannedRuns.set(SweepForm.describe(SweepPlan.expand(spec).size(), spec.metric()));
        } catch (RuntimeException e) {
            plannedRuns.set(e.getMessage());
        }
    }

    /** Starts the sweep the form describes; problems with the form show in {@link #formErrorProperty()}. */
    boolean startSweep() {
        if (sweepRunning.get()) {
            return false;
        }
        SweepRequest request;
        try {
            request = form.toRequest();
        } catch (UserFacingException | IllegalArgumentException e) {
            formError.set(e.getMessage());
            return false;
        }
        formError.set("");
        int planned = SweepPlan.expand(request.spec()).size();
        runsEndedSeen = 0;
        board.reset("Loading " + request.dataset() + " " + form.fromProperty().get() + " .. " + form.toProperty().get() + " · " + planned
                + " runs planned", request.workerCount());
        sweepRunning.set(true);
        metricChosen.accept(request.spec().metric());
        SweepResult[] outcome = new SweepResult[1];
        sweepJob = runner.submit("Sweep " + request.spec().name() + " (" + planned + " runs)", sink -> {
            try {
                outcome[0] = services.runSweep(request, board.timingStatus(sink), board);
                return outcome[0];
            } finally {
                // Also after cancel, when the runner no longer reports: the in-flight runs have now been recorded.
                uiThread.execute(() -> sweepEnded(outcome[0]));
            }
        }, result -> {}, error -> formError.set(error instanceof UserFacingException ? error.getMessage() : "The sweep failed: " + error));
        return true;
    }

    private void sweepEnded(SweepResult result) {
        if (disposed || !sweepRunning.get()) {
            return;
        }
        sweepRunning.set(false);
        sweepJob = null;
        if (result == null) {
            board.finish("Sweep stopped before training started");
        } else {
            // the workspace's ranking, not the runner's pick, so the summary and the table's star agree on ties
            List<Run> ran = result.outcomes().stream().map(SweepResult.Outcome::run).filter(r -> r != null).toList();
            String best = RunRanking.best(ran, result.metric()).map(r -> " · best of this sweep: run #" + r.runId() + " " + result.metric()
                    + " " + String.format(Locale.ROOT, "%.4f", r.metric(result.metric()))).orElse("");
            board.finish((result.cancelled() ? "Cancelled" : "Finished") + " · " + count(result, true) + " trained, "
                    + count(result, false) + " reused · " + (result.elapsedMillis() + 999) / 1000 + " s" + best);
        }
        runsEnded.run();
    }

    private static long count(SweepResult r, boolean trained) {
        return r.outcomes().stream().filter(o -> o.state() == (trained ? RunState.FINISHED : RunState.REUSED)).count();
    }

    /** Tells about runs as the sweep finishes them, not only at its end. */
    private void onBoardChanged() {
        long ended = board.rows().stream().filter(r -> r != null && (r.state() == RunState.FINISHED || r.state() == RunState.FAILED
                || r.state() == RunState.CANCELLED)).count();
        if (ended > runsEndedSeen) {
            runsEndedSeen = ended;
            runsEnded.run();
        }
    }

    /** Asks the running sweep to stop; runs in flight end as cancelled, queued ones are skipped. */
    void cancelSweep() {
        if (sweepJob != null) {
            sweepJob.cancel();
            board.finish("Cancelling: waiting for the runs in flight to stop…");
        }
    }

    /** Fills the form from a sweep file. */
    void loadSweepFile(Path file) {
        try {
            form.show(SweepSpec.load(file));
            formError.set("");
        } catch (UserFacingException e) {
            formError.set(e.getMessage());
        }
    }

    /**
     * Fills the form's trainers, split and metric with the seed webinar's grid (the sample file if it is
     * there, else the copy shipped in Kiln); the grid names no data set or window, so the chosen ones stay.
     */
    void loadSeedGrid() {
        Path file = seedSweepFile.get();
        if (file != null && Files.isRegularFile(file)) {
            loadSweepFile(file);
            return;
        }
        try {
            form.show(SweepSpec.resolve(SweepSpec.SEED_GRID));
            formError.set("");
        } catch (UserFacingException e) {
            formError.set(e.getMessage());
        }
    }

    void dispose() {
        disposed = true;
        cancelSweep();
        subscriptions.dispose();
    }

    SweepForm form() {
        return form;
    }

    SweepBoard board() {
        return board;
    }

    ReadOnlyStringProperty formErrorProperty() {
        return formError.getReadOnlyProperty();
    }

    ReadOnlyStringProperty plannedRunsProperty() {
        return plannedRuns.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty sweepRunningProperty() {
        return sweepRunning.getReadOnlyProperty();
    }

    ObjectProperty<Path> seedSweepFileProperty() {
        return seedSweepFile;
    }
}
