package kiln.ui.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import kiln.sim.SimulationClock;
import kiln.sim.SimulationEngine;
import kiln.sim.SimulationProgress;
import kiln.sim.SimulationSummary;
import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioReader;
import kiln.registry.ModelRegistry;
import kiln.store.KilnStore;
import kiln.ui.common.TaskRunner;

/**
 * State and commands of the simulator panel: choose a scenario, play, pause, change speed, step one
 * hour. The simulation runs through the {@link TaskRunner}; its thread only records the latest
 * progress, and {@link #refresh()} (called by the view every ~100 ms on the FX thread) copies it into
 * the properties, so the screen never sees one update per row.
 */
public final class SimulatorPanelViewModel {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final KilnStore store;
    private final TaskRunner runner;
    private final Function<String, Scenario> scenarios;
    /** The versions in production now ("glassware v1"); read on a worker. */
    private final Supplier<List<String>> inProduction;
    private final ReadOnlyObjectWrapper<PlayConfirmation> confirmation = new ReadOnlyObjectWrapper<>(this, "confirmation");
    private boolean retrainsOnAlerts;

    /** The source choice after the scenarios: replay a recorded file, as {@code kiln replay} does. */
    public static final String RECORDED_FILE = "a recorded file…";

    private final ObservableList<String> scenarioNames = FXCollections.observableArrayList(ScenarioReader.BUILT_IN);
    private final ReplaySettingsViewModel replay;
    private final javafx.beans.binding.BooleanBinding fileChosen;
    /** Hooks the live loop into each replay of a file; without one only the rows are played. */
    private FileReplay.LiveLoop replayLoop;
    /** The replay asked about, started, or playing now (null for a scenario). */
    private FileReplay fileReplay;
    private final StringProperty selectedScenario = new SimpleStringProperty("glassware");
    private final ObjectProperty<PlaybackSpeed> speed = new SimpleObjectProperty<>(PlaybackSpeed.HOUR_PER_SECOND);
    private final StringProperty clockText = new SimpleStringProperty("—");
    private final LongProperty readings = new SimpleLongProperty();
    private final LongProperty labels = new SimpleLongProperty();
    private final DoubleProperty rowsPerSecond = new SimpleDoubleProperty();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanProperty paused = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("Choose a scenario or a recorded file and press play.");

    /** Written by the simulation thread, read by refresh() on the FX thread. */
    private final AtomicReference<SimulationProgress> latest = new AtomicReference<>();
    /** Set on the FX thread for a scenario, on the worker once a replay's file is staged. */
    private volatile SimulationClock clock;
    private volatile double speedFactor = PlaybackSpeed.HOUR_PER_SECOND.factor;
    private TaskRunner.Handle handle;
    private long lastRows;
    private long lastRefreshNanos;
    /** Lets the application attach scoring, monitoring and the retraining loop to each engine it starts. */
    private java.util.function.Consumer<SimulationEngine> engineSetup = engine -> { };
    /** The wall clock the simulated clock runs against; tests move their own by hand. */
    private java.util.function.LongSupplier wallNanos = System::nanoTime;

    public SimulatorPanelViewModel(KilnStore store, TaskRunner runner) {
        this(store, runner, ScenarioReader::resolve, () -> productionVersions(store));
    }

    SimulatorPanelViewModel(KilnStore store, TaskRunner runner, Function<String, Scenario> scenarios) {
        this(store, runner, scenarios, () -> productionVersions(store));
    }

    SimulatorPanelViewModel(KilnStore store, TaskRunner runner, Function<String, Scenario> scenarios, Supplier<List<String>> inProduction) {
        this.store = store;
        this.runner = runner;
        this.scenarios = scenarios;
        this.inProduction = inProduction;
        this.replay = new ReplaySettingsViewModel(runner, () -> kiln.sim.ReplaySetup.resumableDatasets(store));
        scenarioNames.add(RECORDED_FILE);
        this.fileChosen = javafx.beans.binding.Bindings.equal(RECORDED_FILE, selectedScenario);
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

    /** Called with every engine before it runs (on the FX thread); the default does nothing. */
    public void setEngineSetup(java.util.function.Consumer<SimulationEngine> setup) {
        this.engineSetup = setup == null ? engine -> { } : setup;
    }

    /** Called with every replay of a file before it plays, on a worker: attaches the live loop and says how to finish. */
    public void setReplayLoop(FileReplay.LiveLoop loop) {
        this.replayLoop = loop;
    }

    /** Runs the simulations started from now on against {@code wallNanos} instead of System.nanoTime (for tests). */
    void setWallClock(java.util.function.LongSupplier wallNanos) {
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
        this.retrainsOnAlerts = retrains;
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
        PlayConfirmation asked = confirmation.get();
        if (asked == null) {
            return;
        }
        confirmation.set(null);
        switch (choice) {
            case CONTINUE -> begin(pendingPaused, true);
            case WITHOUT_MODEL_CHANGES -> begin(pendingPaused, false);
            case CANCEL -> status.set("Not started: nothing was written.");
        }
    }

    private boolean pendingPaused;

    /** Starts at once, or asks first when the scenario would change models while one is in production. */
    private void startAsked(boolean startPaused) {
        if (confirmation.get() != null) {
            return; // already asking
        }
        if (fileChosen.get()) {
            askReplay(startPaused);
            return;
        }
        fileReplay = null;
        Scenario scenario = resolve();
        if (scenario == null) {
            return;
        }
        if (scenario.actions().stream().noneMatch(kiln.sim.scenario.ScenarioAction::changesModels) && !retrainsOnAlerts) {
            begin(startPaused, true);
            return;
        }
        runner.submit(null, sink -> inProduction.get(), versions -> {
            java.util.Optional<PlayConfirmation> question = PlayConfirmation.of(scenario, versions, retrainsOnAlerts);
            if (question.isEmpty()) {
                begin(startPaused, true);
            } else {
                pendingPaused = startPaused;
                confirmation.set(question.get());
            }
        }, e -> status.set("Could not read which model is in production (" + e.getMessage() + "); nothing was started."));
    }

    /** Like a scenario: asks first when the replay's train and promote would come while a version is in production. */
    private void askReplay(boolean startPaused) {
        if (!replay.readyProperty().get()) {
            status.set(replay.problemProperty().get());
            return;
        }
        FileReplay asked = new FileReplay(store, replay);
        fileReplay = asked;
        runner.submit(null, sink -> inProduction.get(), versions -> {
            java.util.Optional<PlayConfirmation> question = PlayConfirmation.ofReplay(asked.file().getFileName().toString(), asked.dataset(),
                    asked.trainAt(), asked.window(), asked.sweep(), versions, asked.autoRetrain());
            if (question.isEmpty()) {
                begin(startPaused, true);
            } else {
                pendingPaused = startPaused;
                confirmation.set(question.get());
            }
        }, e -> status.set("Could not read which model is in production (" + e.getMessage() + "); nothing was started."));
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
            return scenarios.apply(selectedScenario.get());
        } catch (RuntimeException e) {
            status.set(e.getMessage());
            return null;
        }
    }

    static List<String> productionVersions(KilnStore store) {
        ModelRegistry registry = new ModelRegistry(store, Instant::now);
        return registry.modelNames().stream().flatMap(name -> registry.production(name).stream())
                .map(v -> v.modelName() + " v" + v.version()).toList();
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
            status.set("Paused at " + clockText.get());
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
            clock.resume();   // wakes the engine so it sees the cancel at once
        }
    }

    private void start(boolean startPaused, boolean modelChanges) {
        String name = selectedScenario.get();
        Scenario scenario = resolve();
        if (scenario == null) {
            return;
        }
        clock = SimulationEngine.clockFor(scenario, speed.get().factor, wallNanos);
        if (startPaused) {
            clock.pause();
        }
        SimulationClock jobClock = clock;
        SimulationEngine engine = new SimulationEngine(store, scenario, scenario.seed(), jobClock);
        engine.allowModelChanges(modelChanges); // before the setup: the live loop reads it when it attaches
        engine.addListener(latest::set);
        engineSetup.accept(engine);
        latest.set(null);
        lastRows = 0;
        lastRefreshNanos = System.nanoTime();
        running.set(true);
        paused.set(startPaused);
        status.set((startPaused ? "Stepping " : "Playing ") + name + (modelChanges ? "" : " without model changes"));
        clockText.set(CLOCK.format(jobClock.now()));
        handle = runner.submit("Simulating " + name, sink -> engine.run(sink), this::finished, this::failed);
    }

    /** Stages the file (or goes on with an earlier replay of it) and plays it on a worker. */
    private void startReplay(FileReplay job, boolean stepping, boolean modelChanges) {
        clock = null;
        latest.set(null);
        lastRows = 0;
        lastRefreshNanos = System.nanoTime();
        readings.set(0);
        labels.set(0);
        running.set(true);
        paused.set(stepping);
        status.set((stepping ? "Stepping " : "Playing ") + playing() + (modelChanges ? "" : " without model changes")
                + " (staging the file first)");
        double factor = speedFactor;
        java.util.function.LongSupplier wall = wallNanos;
        FileReplay.LiveLoop live = replayLoop;
        handle = runner.submit("Replaying " + job.file().getFileName(), sink -> job.run(sink, factor, wall, stepping, modelChanges,
                c -> clock = c, latest::set, live), s -> {
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
        long now = System.nanoTime();
        SimulationClock c = clock;
        if (c != null) {
            clockText.set(CLOCK.format(c.now()));
        }
        SimulationProgress p = latest.get();
        long rows = p == null ? 0 : p.readingsSent() + p.labelsSent();
        if (p != null) {
            readings.set(p.readingsSent());
            labels.set(p.labelsSent());
        }
        double seconds = (now - lastRefreshNanos) / 1e9;
        if (seconds > 0.05) {
            double instant = Math.max(0, rows - lastRows) / seconds;
            // Smoothed so the figure is readable at a glance.
            rowsPerSecond.set(rowsPerSecond.get() * 0.5 + instant * 0.5);
            lastRows = rows;
            lastRefreshNanos = now;
        }
    }

    /** The settings of a replay of a recorded file. */
    public ReplaySettingsViewModel replay() {
        return replay;
    }

    /** Whether the source chosen is a recorded file (the panel shows the replay's settings). */
    public javafx.beans.binding.BooleanExpression fileChosenProperty() {
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
        return clockText;
    }

    public Instant simulatedTime() {
        return clock == null ? null : clock.now();
    }

    public ReadOnlyLongProperty readingsProperty() {
        return readings;
    }

    public ReadOnlyLongProperty labelsProperty() {
        return labels;
    }

    public ReadOnlyDoubleProperty rowsPerSecondProperty() {
        return rowsPerSecond;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public ReadOnlyBooleanProperty pausedProperty() {
        return paused;
    }

    /** The question to answer before the scenario starts (null when there is none). */
    public ReadOnlyObjectProperty<PlayConfirmation> confirmationProperty() {
        return confirmation.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }
}
