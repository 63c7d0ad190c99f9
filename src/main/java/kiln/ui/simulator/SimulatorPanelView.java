package kiln.ui.simulator;

import java.io.File;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;

import kiln.ui.common.FxmlViews;
import kiln.ui.common.Subscriptions;
import kiln.ui.monitor.OwnedDialogs;

/**
 * The simulator panel: scenario chooser, play/pause, speed, step one hour, simulated clock, rows/s
 * and row counts. Self-contained: place {@link #root()} anywhere (Monitor workspace, a toolbar) and
 * call {@link #dispose()} when it goes away.
 */
public final class SimulatorPanelView {

    /** How often the panel copies the simulation's progress to the screen. */
    static final Duration REFRESH = Duration.millis(100);

    private final SimulatorPanelViewModel model;
    private final Subscriptions subscriptions = new Subscriptions();
    private final Parent root;
    private final Timeline refresher;

    @FXML
    private ComboBox<String> scenarioChooser;
    @FXML
    private Button playButton;
    @FXML
    private Button pauseButton;
    @FXML
    private Button stopButton;
    @FXML
    private Button stepButton;
    @FXML
    private VBox replayHolder;
    private ReplaySettingsView replaySettings;
    @FXML
    private HBox speedBox;
    @FXML
    private Label clockLabel;
    @FXML
    private Label readingsLabel;
    @FXML
    private Label labelsLabel;
    @FXML
    private Label rateLabel;
    @FXML
    private Label statusLabel;

    private final ToggleGroup speedGroup = new ToggleGroup();
    /** Answers the question before a scenario changes models: a dialog in the app, a fixed answer in tests. */
    private Function<PlayConfirmation, PlayConfirmation.Choice> confirmer = this::askInDialog;

    public SimulatorPanelView(SimulatorPanelViewModel model) {
        this.model = model;
        this.root = FxmlViews.load(this);
        URL css = SimulatorPanelView.class.getResource("/kiln/styles/simulator.css");
        if (css != null) {
            root.getStylesheets().add(css.toExternalForm());
        }
        this.refresher = new Timeline(new KeyFrame(REFRESH, e -> model.refresh()));
        refresher.setCycleCount(Timeline.INDEFINITE);
        refresher.play();
        subscriptions.add(refresher::stop);
    }

    @FXML
    private void initialize() {
        replaySettings = new ReplaySettingsView(model.replay());
        replaySettings.setFileAsker(this::askForFile);
        replayHolder.getChildren().add(replaySettings.root());
        replayHolder.visibleProperty().bind(model.fileChosenProperty());
        replayHolder.managedProperty().bind(replayHolder.visibleProperty());
        replayHolder.disableProperty().bind(model.runningProperty());
        scenarioChooser.setItems(model.scenarioNames());
        scenarioChooser.getSelectionModel().select(model.selectedScenarioProperty().get());
        subscriptions.onChange(scenarioChooser.getSelectionModel().selectedItemProperty(),
                (obs, old, value) -> {
                    model.selectedScenarioProperty().set(value);
                    if (SimulatorPanelViewModel.RECORDED_FILE.equals(value) && model.replay().fileProperty().get() == null) {
                        // after the selection event: the file dialog is modal
                        Platform.runLater(replaySettings::chooseFile);
                    }
                });
        for (PlaybackSpeed s : model.speeds()) {
            ToggleButton b = new ToggleButton(s.label);
            b.setUserData(s);
            b.setToggleGroup(speedGroup);
            b.getStyleClass().add("speed-button");
            b.setId("speed-" + s.name().toLowerCase(Locale.ROOT));
            b.setSelected(s == model.speedProperty().get());
            speedBox.getChildren().add(b);
        }
        subscriptions.onChange(speedGroup.selectedToggleProperty(), (obs, old, value) -> {
            if (value == null) {
                old.setSelected(true); // one speed is always chosen
            } else {
                model.speedProperty().set((PlaybackSpeed) value.getUserData());
            }
        });
        clockLabel.textProperty().bind(model.clockTextProperty());
        readingsLabel.textProperty().bind(model.readingsProperty().asString("%,d readings"));
        labelsLabel.textProperty().bind(model.labelsProperty().asString("%,d labels"));
        rateLabel.textProperty().bind(model.rowsPerSecondProperty().asString("%,.0f rows/s"));
        statusLabel.textProperty().bind(model.statusProperty());
        Tooltip statusTip = new Tooltip();
        statusTip.textProperty().bind(model.statusProperty());
        statusLabel.setTooltip(statusTip);
        playButton.disableProperty().bind(model.runningProperty().and(model.pausedProperty().not()));
        pauseButton.disableProperty().bind(model.runningProperty().not().or(model.pausedProperty()));
        stopButton.disableProperty().bind(model.runningProperty().not());
        scenarioChooser.disableProperty().bind(model.runningProperty());
        subscriptions.onChange(model.confirmationProperty(), (obs, old, question) -> {
            if (question != null) {
                // after the current event: a modal dialog inside a property change would nest the event loop there
                Platform.runLater(() -> {
                    if (model.confirmationProperty().get() == question) {
                        model.answer(confirmer.apply(question));
                    }
                });
            }
        });
        subscriptions.add(() -> {
            clockLabel.textProperty().unbind();
            readingsLabel.textProperty().unbind();
            labelsLabel.textProperty().unbind();
            rateLabel.textProperty().unbind();
            statusLabel.textProperty().unbind();
            statusLabel.getTooltip().textProperty().unbind();
            playButton.disableProperty().unbind();
            pauseButton.disableProperty().unbind();
            stopButton.disableProperty().unbind();
            replayHolder.visibleProperty().unbind();
            replayHolder.managedProperty().unbind();
            replayHolder.disableProperty().unbind();
            scenarioChooser.disableProperty().unbind();
        });
    }

    @FXML
    private void onPlay() {
        model.play();
    }

    @FXML
    private void onPause() {
        model.pause();
    }

    @FXML
    private void onStop() {
        model.stop();
    }

    @FXML
    private void onStep() {
        model.stepHour();
    }

    /** Replaces the file dialog that asks which recorded file to replay (tests give a path). */
    public void setFileAsker(Supplier<Path> asker) {
        replaySettings.setFileAsker(asker);
    }

    private Path askForFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Replay a recorded file");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("CSV or Parquet", "*.csv", "*.csv.gz", "*.tsv", "*.parquet"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        File f = chooser.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
        return f == null ? null : f.toPath();
    }

    /** Replaces the dialog that asks before a scenario changes models (tests answer directly). */
    public void setConfirmer(Function<PlayConfirmation, PlayConfirmation.Choice> confirmer) {
        this.confirmer = confirmer;
    }

    private PlayConfirmation.Choice askInDialog(PlayConfirmation question) {
        Alert dialog = new Alert(Alert.AlertType.CONFIRMATION);
        dialog.setTitle("Play " + (model.fileChosenProperty().get() ? model.replay().dataset() : model.selectedScenarioProperty().get()) + "?");
        dialog.setHeaderText(question.header() + ".");
        dialog.setContentText(question.details());
        Map<ButtonType, PlayConfirmation.Choice> choices = new LinkedHashMap<>();
        choices.put(new ButtonType(PlayConfirmation.Choice.CONTINUE.label,
                ButtonBar.ButtonData.OK_DONE), PlayConfirmation.Choice.CONTINUE);
        choices.put(new ButtonType(PlayConfirmation.Choice.WITHOUT_MODEL_CHANGES.label,
                ButtonBar.ButtonData.OTHER), PlayConfirmation.Choice.WITHOUT_MODEL_CHANGES);
        choices.put(ButtonType.CANCEL, PlayConfirmation.Choice.CANCEL);
        dialog.getButtonTypes().setAll(choices.keySet());
        for (ButtonType type : choices.keySet()) {
            // the choices are read whole ("Play without model changes"), never cut to "Play without model …"
            ((Button) dialog.getDialogPane().lookupButton(type)).setMinWidth(Region.USE_PREF_SIZE);
        }
        dialog.getDialogPane().setId("play-confirmation");
        OwnedDialogs.own(dialog, root.getScene() == null ? null : root.getScene().getWindow());
        return dialog.showAndWait().map(choices::get).orElse(PlayConfirmation.Choice.CANCEL);
    }

    public Parent root() {
        return root;
    }

    public SimulatorPanelViewModel model() {
        return model;
    }

    /** Stops the refresh timer and removes listeners; a running simulation is stopped too. */
    public void dispose() {
        model.stop();
        subscriptions.dispose();
    }
}
