package kiln.ui.demo;

import java.util.function.Consumer;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import kiln.ops.GuidedDemo;
import kiln.ui.common.TaskRunner;

/** The guided demo as the presenter drives it: one click per step, pause, reset. */
public final class DemoBarViewModel {

    private final GuidedDemo demo;
    private final TaskRunner runner;
    private final Consumer<String> showWorkspace;
    private final Runnable reset;
    private final ReadOnlyStringWrapper stepTitle = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper nextLabel = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper();
    private TaskRunner.Handle job;

    public DemoBarViewModel(GuidedDemo demo, TaskRunner runner, Consumer<String> showWorkspace, Runnable reset) {
        this.demo = demo;
        this.runner = runner;
        this.showWorkspace = showWorkspace;
        this.reset = reset;
        stepTitle.set("Guided demo: the glassware story in " + GuidedDemo.STEPS.size() + " steps");
        caption.set("Each click plays the story up to its next moment and shows where to look. Pause at any time; Reset starts over.");
        updateNextLabel();
    }

    /** Runs the next step in the background, then shows its workspace and caption. */
    public void next() {
        if (running.get() || demo.finished()) {
            return;
        }
        int index = demo.nextStep();
        GuidedDemo.Step step = GuidedDemo.STEPS.get(index);
        running.set(true);
        stepTitle.set((index + 1) + "/" + GuidedDemo.STEPS.size() + "  " + step.title());
        caption.set(step.caption());
        outcome.set("Working …");
        job = runner.submit("Demo: " + step.title(), demo::runNext, result -> {
            running.set(false);
            outcome.set(result);
            showWorkspace.accept(step.workspace());
            done.set(demo.finished());
            updateNextLabel();
        }, error -> {
            running.set(false);
            outcome.set("Stopped: " + error.getMessage() + " — press the step again to continue.");
            updateNextLabel();
        });
    }

    /** Stops the step that runs; pressing the step again continues where it stopped. */
    public void pause() {
        if (job != null && running.get()) {
            job.cancel();
            running.set(false);
            outcome.set("Paused. Press the step again to continue.");
        }
    }

    public void reset() {
        pause();
        reset.run();
    }

    private void updateNextLabel() {
        nextLabel.set(demo.finished() ? "The end" : "▶ " + GuidedDemo.STEPS.get(demo.nextStep()).title());
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

    public ReadOnlyBooleanProperty doneProperty() {
        return done.getReadOnlyProperty();
    }
}
