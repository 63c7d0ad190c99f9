package kiln.ui.simulator;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioAction;
import kiln.ui.common.TaskRunner;

/**
 * The question before playing: a scenario or replay that would train or promote while a version is in
 * production waits for an answer; otherwise it starts at once. Which versions are in production is read
 * on a worker.
 */
final class PlayQuestions {

    /** Goes on with the start that was asked about, with or without the scenario's model changes. */
    interface Start {
        void begin(boolean modelChanges);
    }

    private final TaskRunner runner;
    /** The versions in production now ("glassware v1"); read on a worker. */
    private final Supplier<List<String>> inProduction;
    private final Consumer<String> status;
    private final ReadOnlyObjectWrapper<PlayConfirmation> confirmation = new ReadOnlyObjectWrapper<>(this, "confirmation");
    private boolean retrainsOnAlerts;
    private Start pending;

    PlayQuestions(TaskRunner runner, Supplier<List<String>> inProduction, Consumer<String> status) {
        this.runner = runner;
        this.inProduction = inProduction;
        this.status = status;
    }

    void setRetrainsOnAlerts(boolean retrains) {
        this.retrainsOnAlerts = retrains;
    }

    boolean asking() {
        return confirmation.get() != null;
    }

    void askScenario(Scenario scenario, Start start) {
        if (scenario.actions().stream().noneMatch(ScenarioAction::changesModels) && !retrainsOnAlerts) {
            start.begin(true);
            return;
        }
        ask(versions -> PlayConfirmation.of(scenario, versions, retrainsOnAlerts), start);
    }

    void askReplay(FileReplay asked, Start start) {
        ask(versions -> PlayConfirmation.ofReplay(asked.file().getFileName().toString(), asked.dataset(), asked.trainAt(),
                asked.window(), asked.sweep(), versions, asked.autoRetrain()), start);
    }

    private void ask(Function<List<String>, Optional<PlayConfirmation>> question, Start start) {
        runner.submit(null, sink -> inProduction.get(), versions -> {
            Optional<PlayConfirmation> asked = question.apply(versions);
            if (asked.isEmpty()) {
                start.begin(true);
            } else {
                pending = start;
                confirmation.set(asked.get());
            }
        }, e -> status.accept("Could not read which model is in production (" + e.getMessage() + "); nothing was started."));
    }

    void answer(PlayConfirmation.Choice choice) {
        if (confirmation.get() == null) {
            return;
        }
        confirmation.set(null);
        Start start = pending;
        pending = null;
        switch (choice) {
            case CONTINUE -> start.begin(true);
            case WITHOUT_MODEL_CHANGES -> start.begin(false);
            case CANCEL -> status.accept("Not started: nothing was written.");
        }
    }

    ReadOnlyObjectProperty<PlayConfirmation> confirmationProperty() {
        return confirmation.getReadOnlyProperty();
    }
}
