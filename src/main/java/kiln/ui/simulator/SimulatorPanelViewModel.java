package kiln.ui.simulator;

import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import kiln.sim.SimulationClock;
import kiln.sim.SimulationSummary;
import kiln.sim.scenario.Scenario;
import kiln.ui.common.TaskRunner;

/**
 * State and commands of the simulator panel: choose a scenario, play, pause, change speed, step one
 * hour. The simulation runs through the {@link TaskRunner}; its thread only records the latest
 * progress, and {@link #refresh()} (called by the view every ~100 ms on the FX thread) copies it into
 * the properties ({@link ProgressReadout}), so the screen never sees one update per row. The question
 * before a start that would change models is {@link PlayQuestions}'. What it plays, and the database
 * it writes to, it reaches through its port {@link SimulatorServices} (decision 0010).
 */
public final class SimulatorPanelViewModel {

    private final SimulatorServices services;
    private final TaskRunner runner;
    private final PlayQuestions questions;
    private final ProgressReadout progress = new ProgressReadout();

    /** The source choice after the scenarios: replay a recorded file, as {@code kiln replay} does. */
    public static final String RECORDED_FILE = "a recorded file…";

    private final ObservableList<String> scenarioNames = FXCollections.observableArrayList();
    private final ReplaySettingsViewModel replay;
    private final BooleanBinding fileChosen;
    /** The replay asked about, started, or playing now (null for a scenario). */
    private FileReplay fileReplay;
    private final StringProperty selectedScenario = new SimpleStringProperty("glassware");
    private final ObjectProperty<PlaybackSpeed> speed = new SimpleObjectProperty<>(PlaybackSpeed.HOUR_PER_SECOND);
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanProperty paused = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("Choose a scenario or a recorded file and press play.");

    /** Set on the FX thread for a scenario, on the worker once a replay's file is staged. */
    private volatile SimulationClock clock;
    private volatile double speedFactor = PlaybackSpeed.HOUR_PER_SECOND.factor;
    private TaskRunner.Handle handle;
    /** The wall clock the simulated clock runs against; tests move their own by hand. */
    private LongSupplier wallNanos = System::nanoTime;

    public SimulatorPanelViewModel(SimulatorServices services, TaskRunner runner) {
        this.services = services;
        this.runner = runner;
        this.questions = new PlayQuestions(runner, services::productionVersions, status::set);
        this.replay = new ReplaySettingsViewModel(runner, services);
        scenarioNames.setAll(services.scenarioNames());
        scenarioNames.add(RECORDED_FILE);
        this.fileChosen = Bindings.equal(RECORDED_FILE, selectedScenario);
        speed.addListener((obs, old, value) -> {
            if (value != null) {
                speedFactor = value.factor;
            }
            SimulationClock c = clock;
            if (c != null && value != null) {
                c.setSpeed(value.factor);
            }
        });
    }

    /** Runs the simulations started from now on against {@code wallNanos} instead of System.nanoTime (for tests). */
    void setWallClock(LongSupplier wallNanos) {
        this.wallNanos = wallNanos;
    }

    /** The scenario chooser's current choice. */
    public void selectScenario(String name) {
        selectedScenario.set(name);
    }

    /**
     * Says that the application retrains and promotes on accuracy alerts while a scenario plays (its
     * live loop), so the question before playing mentions it; "Play without model changes" stops that too.
     */
    public void setRetrainsOnAlerts(boolean retrains) {
        questions.setRetrainsOnAlerts(retrains);
    }

    /**
     * Starts the chosen scenario, or resumes a paused one. When the scenario would train or promote
     * while a version is in production, nothing starts yet: {@link #confirmationProperty()} asks
     * first, and {@link #answer} goes on.
     */
    public void play() {
        if (running.get()) {
            SimulationClock c = clock;
            if (c != null) { // a replay's clock exists once its file is staged
                c.resume();
                paused.set(false);
                status.set("Playing " + playing());
            }
            return;
        }
        startAsked(false);
    }

    /** Goes on after the question: with or without the scenario's model changes, or not at all. */
    public void answer(PlayConfirmation.Choice choice) {
        questions.answer(choice);
    }

    /** Starts at once, or asks first when the scenario would change models while one is in production. */
    private void startAsked(boolean startPaused) {
        if (questions.asking()) {
            return;
        }
        if (fileChosen.get()) {
            if (!replay.readyProperty().get()) {
                status.set(replay.problemProperty().get());
                return;
            }
            FileReplay asked = new FileReplay(services, replay.plan());
            fileReplay = asked;
            questions.askReplay(asked, modelChanges -> begin(startPaused, modelChanges));
            return;
        }
        fileReplay = null;
        Scenario scenario = resolve();
        if (scenario != null) {
            questions.askScenario(scenario, modelChanges -> begin(startPaused, modelChanges));
        }
    }

    /** Starts; a start by "+1 h" begins paused and takes its step. */
    private void begin(boolean stepping, boolean modelChanges) {
        if (fileReplay != null) {
            startReplay(fileReplay, stepping, modelChanges);
            return;
        }
        start(stepping, modelChanges);
        if (stepping && running.get()) {
            clock.stepHour();
        }
    }

    private Scenario resolve() {
        try {
            return services.scenario(selectedScenario.get());
        } catch (RuntimeException e) {
            status.set(e.getMessage());
            return null;
        }
    }

    /** What plays: the scenario's name, or the replayed file's data set. */
    private String playing() {
        return fileReplay != null ? fileReplay.file().getFileName() + " into " + fileReplay.dataset() : selectedScenario.get();
    }

    /** Pauses the simulated clock; nothing is written until play or step. */
    public void pause() {
        if (clock != null && running.get()) {
            clock.pause();
            paused.set(true);
            status.set("Paused at " + progress.clockText.get());
        }
    }

    /** Moves simulated time one hour on (starting the scenario paused if it was not running). */
    public void stepHour() {
        if (!running.get()) {
            startAsked(true); // starts paused and steps, once any question is answered
            return;
        }
        SimulationClock c = clock;
        if (c != null) {
            c.stepHour();
        }
    }

    /** Jumps simulated time forward to {@code time}; everything up to it is written at once. */
    public void jumpTo(Instant time) {
        if (clock == null || !running.get()) {
            status.set("Start a scenario before jumping in time.");
            return;
        }
        try {
            clock.jumpTo(time);
        } catch (IllegalArgumentException e) {
            status.set(e.getMessage());
        }
    }

    /** Stops the simulation; what was written stays, and play continues from there next time. */
    public void stop() {
        if (handle != null) {
            handle.cancel();
        }
        if (clock != null) {
            clock.resume(); // wakes the engine so it sees the cancel at once
        }
    }

    private void start(boolean startPaused, boolean modelChanges) {
        String name = selectedScenario.get();
        Scenario scenario = resolve();
        if (scenario == null) {
            return;
        }
        clock = new SimulationClock(scenario.start(), speed.get().factor, wallNanos);
        if (startPaused) {
            clock.pause();
        }
        SimulationClock jobClock = clock;
        progress.restart();
        running.set(true);
        paused.set(startPaused);
        status.set((startPaused ? "Stepping " : "Playing ") + name + (modelChanges ? "" : " without model changes"));
        progress.showClock(jobClock.now());
        handle = runner.submit("Simulating " + name, sink -> services.playScenario(scenario, jobClock, modelChanges,
                progress::record, sink), this::finished, this::failed);
    }

    /** Stages the file (or goes on with an earlier replay of it) and plays it on a worker. */
    private void startReplay(FileReplay job, boolean stepping, boolean modelChanges) {
        clock = null;
        progress.restart();
        progress.readings.set(0);
        progress.labels.set(0);
        running.set(true);
        paused.set(stepping);
        status.set((stepping ? "Stepping " : "Playing ") + playing() + (modelChanges ? "" : " without model changes")
                + " (staging the file first)");
        double factor = speedFactor;
        LongSupplier wall = wallNanos;
        handle = runner.submit("Replaying " + job.file().getFileName(), sink -> job.run(sink, factor, wall, stepping, modelChanges,
                c -> clock = c, progress::record), s -> {
                    finished(s);
                    if (!job.staging().isEmpty()) {
                        status.set(status.get() + "; " + job.staging());
                    }
                }, e -> {
                    failed(e);
                    status.set(FileReplay.failure(job.file(), e));
                });
    }

    private void finished(SimulationSummary s) {
        running.set(false);
        paused.set(false);
        refresh();
        status.set((s.finished() ? "Finished " : s.cancelled() ? "Stopped " : "Stopped at the end time of ") + s.scenario() + ": "
                + String.format("%,d readings and %,d labels written", s.readingsWritten(), s.labelsWritten()));
    }

    private void failed(Throwable error) {
        running.set(false);
        paused.set(false);
        refresh();
        status.set("Simulation failed: " + error.getMessage());
    }

    /** Copies the latest progress into the properties; called on the FX thread, about every 100 ms. */
    public void refresh() {
        progress.refresh(clock);
    }

    /** The settings of a replay of a recorded file. */
    public ReplaySettingsViewModel replay() {
        return replay;
    }

    /** Whether the source chosen is a recorded file (the panel shows the replay's settings). */
    public BooleanExpression fileChosenProperty() {
        return fileChosen;
    }

    public ObservableList<String> scenarioNames() {
        return scenarioNames;
    }

    public StringProperty selectedScenarioProperty() {
        return selectedScenario;
    }

    public ObjectProperty<PlaybackSpeed> speedProperty() {
        return speed;
    }

    public List<PlaybackSpeed> speeds() {
        return List.of(PlaybackSpeed.values());
    }

    public ReadOnlyStringProperty clockTextProperty() {
        return progress.clockText;
    }

    public Instant simulatedTime() {
        return clock == null ? null : clock.now();
    }

    public ReadOnlyLongProperty readingsProperty() {
        return progress.readings;
    }

    public ReadOnlyLongProperty labelsProperty() {
        return progress.labels;
    }

    public ReadOnlyDoubleProperty rowsPerSecondProperty() {
        return progress.rowsPerSecond;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public ReadOnlyBooleanProperty pausedProperty() {
        return paused;
    }

    /** The question to answer before the scenario starts (null when there is none). */
    public ReadOnlyObjectProperty<PlayConfirmation> confirmationProperty() {
        return questions.confirmationProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }
}
