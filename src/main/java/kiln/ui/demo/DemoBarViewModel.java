package kiln.ui.demo;

import java.util.List;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import kiln.domain.JobCancelledException;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;
import kiln.ui.common.TaskRunner;

/**
 * The guided demo as the presenter drives it: one click (or →) per step, back (←) to show an earlier
 * step again, pause, reset. Going back only shows: the data stays as the steps left it, and going
 * forward again re-shows the steps already done until the next one that has not run. The script it
 * drives is its port {@link DemoScript} (decision 0010).
 */
public final class DemoBarViewModel {

    /** What the demo asks of the workbench around it. */
    public interface Actions {
        /** Shows the workspace with this id, reloading it when it is already shown (a step has changed its data). */
        void showWorkspace(String id);

        /** As {@link #showWorkspace(String)}, on {@code model} where the workspace shows one model at a time. */
        default void showWorkspace(String id, String model) {
            showWorkspace(id);
        }

        /** Shows the sweep about to run (its grid, data set and window) and returns the listener that shows its runs. */
        SweepListener showSweep(SweepRequest request);

        /** Starts the demo over on a fresh demo database. */
        void reset();
    }

    /** The workspace the demo starts on and shows again when the presenter goes back before step 1. */
    static final String INTRO_WORKSPACE = "welcome";
    static final String PAUSED = "Paused. Press the step again to continue.";

    private final DemoScript demo;
    private final List<DemoStep> steps;
    private final TaskRunner runner;
    private final Actions actions;
    private final ReadOnlyStringWrapper stepTitle = new ReadOnlyStringWrapper(this, "stepTitle");
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper(this, "caption");
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper(this, "outcome", "");
    private final ReadOnlyStringWrapper nextLabel = new ReadOnlyStringWrapper(this, "nextLabel");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper canGoNext = new ReadOnlyBooleanWrapper(this, "canGoNext");
    private final ReadOnlyBooleanWrapper canGoBack = new ReadOnlyBooleanWrapper(this, "canGoBack");
    /** The step on show: -1 for the introduction. */
    private final ReadOnlyIntegerWrapper shownStep = new ReadOnlyIntegerWrapper(this, "shownStep", -1);
    /** False while the step on show is running, was paused, or failed: "next" then means that step again. */
    private boolean shownStepComplete = true;
    private TaskRunner.Handle job;
    /** Callbacks of a job the presenter paused must not touch what is shown now. */
    private long jobGeneration;

    public DemoBarViewModel(DemoScript demo, TaskRunner runner, Actions actions) {
        this.demo = demo;
        this.steps = List.copyOf(demo.steps());
        this.runner = runner;
        this.actions = actions;
        showIntroText();
        updateControls();
    }

    /** Runs the next step in the background, or shows the next step again when it has already run. */
    public void next() {
        if (running.get()) {
            return;
        }
        int target = nextTarget();
        if (target >= steps.size()) {
            return;
        }
        if (target < demo.nextStep()) {
            show(target);
        } else {
            run(target);
        }
    }

    /** Shows the step before the one on show (its caption, outcome and workspace); changes no data. */
    public void back() {
        if (running.get() || shownStep.get() < 0) {
            return;
        }
        show(shownStep.get() - 1);
    }

    /** Stops the step that runs; pressing the step again continues where it stopped. */
    public void pause() {
        if (job != null && running.get()) {
            job.cancel();
            job = null;
            jobGeneration++;
            running.set(false);
            outcome.set(PAUSED);
            updateControls();
        }
    }

    public void reset() {
        pause();
        actions.reset();
    }

    private void run(int index) {
        DemoStep step = steps.get(index);
        shownStep.set(index);
        shownStepComplete = false;
        showStepText(index);
        outcome.set("Working …");
        if (step.followsRun()) {
            actions.showWorkspace(step.workspace(), step.model());
        }
        SweepListener sweepListener = demo.sweepAhead().map(actions::showSweep).orElse(SweepListener.NONE);
        long generation = ++jobGeneration;
        running.set(true);
        updateControls();
        job = runner.submit("Demo: " + step.title(), sink -> {
            try {
                return demo.runStep(index, sink, sweepListener);
            } catch (JobCancelledException e) {
                return null; // cancelled from the status bar, not with Pause: the bar must hear of it all the same
            }
        }, result -> {
            if (generation != jobGeneration) {
                return;
            }
            job = null;
            running.set(false);
            if (result == null) {
                outcome.set(PAUSED);
            } else {
                shownStepComplete = true;
                outcome.set(result);
                actions.showWorkspace(step.workspace(), step.model());
            }
            updateControls();
        }, error -> {
            if (generation != jobGeneration) {
                return;
            }
            job = null;
            running.set(false);
            outcome.set("Stopped: " + error.getMessage() + " — press the step again to continue.");
            updateControls();
        });
    }

    /** Shows a step that has run (or the introduction, -1) as it was: caption, outcome, workspace. */
    private void show(int index) {
        shownStep.set(index);
        shownStepComplete = true;
        if (index < 0) {
            showIntroText();
            actions.showWorkspace(INTRO_WORKSPACE);
        } else {
            showStepText(index);
            outcome.set(demo.outcome(index).orElse(""));
            DemoStep step = steps.get(index);
            actions.showWorkspace(step.workspace(), step.model());
        }
        updateControls();
    }

    private int nextTarget() {
        return shownStepComplete ? shownStep.get() + 1 : shownStep.get();
    }

    private void showIntroText() {
        stepTitle.set(introTitle());
        caption.set(introCaption());
        outcome.set("");
    }

    /** Short: in a small window in the presentation theme the title shares its row with the buttons. */
    String introTitle() {
        return "Guided demo, " + steps.size() + " steps";
    }

    String introCaption() {
        int fleet = demo.fleetChapter();
        return "Two stories: glassware (steps 1–" + fleet + "), then a fleet of " + demo.fleetSensors() + " sensors with a model each (steps "
                + (fleet + 1) + "–" + steps.size() + "). Each step plays its story up to its next moment and shows where to look. "
                + "→ or Space for the next step, ← to look back. Pause at any time; Reset starts over.";
    }

    private void showStepText(int index) {
        DemoStep step = steps.get(index);
        stepTitle.set((index + 1) + "/" + steps.size() + "  " + step.title());
        caption.set(step.caption());
    }

    private void updateControls() {
        int target = nextTarget();
        boolean atEnd = target >= steps.size();
        nextLabel.set(atEnd ? "The end" : "▶ " + steps.get(target).title());
        canGoNext.set(!running.get() && !atEnd);
        canGoBack.set(!running.get() && shownStep.get() >= 0);
    }

    public ReadOnlyStringProperty stepTitleProperty() {
        return stepTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty captionProperty() {
        return caption.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nextLabelProperty() {
        return nextLabel.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** False while a step runs and once the last step is on show. */
    public ReadOnlyBooleanProperty canGoNextProperty() {
        return canGoNext.getReadOnlyProperty();
    }

    /** False while a step runs and while the introduction is on show. */
    public ReadOnlyBooleanProperty canGoBackProperty() {
        return canGoBack.getReadOnlyProperty();
    }

    /** The step on show, 0-based; -1 for the introduction. */
    public ReadOnlyIntegerProperty shownStepProperty() {
        return shownStep.getReadOnlyProperty();
    }
}
