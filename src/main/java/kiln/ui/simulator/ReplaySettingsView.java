package kiln.ui.simulator;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

import kiln.ui.common.FxmlViews;
import kiln.ui.importer.ImportWizardViewModel;

/**
 * The simulator panel's settings for replaying a recorded file: the file, the data set, the id, time,
 * group and label columns (and the positive class of a two-valued label), the label delay, the training
 * window, the sweep and retraining on alerts; under them what is still missing.
 */
final class ReplaySettingsView {

    private final ReplaySettingsViewModel model;
    private final Parent root;
    /** Asks which file to replay: a file chooser in the app, a fixed path in tests; null when the user cancels. */
    private Supplier<Path> fileAsker = () -> null;

    @FXML
    private Label fileLabel;
    @FXML
    private Button fileButton;
    @FXML
    private ComboBox<String> datasetChooser;
    @FXML
    private ComboBox<String> idChooser;
    @FXML
    private ComboBox<String> timeChooser;
    @FXML
    private ComboBox<String> groupChooser;
    @FXML
    private ComboBox<String> labelChooser;
    @FXML
    private VBox positiveField;
    @FXML
    private ComboBox<String> positiveChooser;
    @FXML
    private TextField delayField;
    @FXML
    private TextField windowField;
    @FXML
    private TextField sweepField;
    @FXML
    private CheckBox retrainBox;
    @FXML
    private Label problemLabel;

    ReplaySettingsView(ReplaySettingsViewModel model) {
        this.model = model;
        this.root = FxmlViews.load(this);
    }

    @FXML
    private void initialize() {
        ImportWizardViewModel columns = model.columns();
        fileLabel.textProperty().bind(Bindings.createStringBinding(
                () -> model.fileProperty().get() == null ? "none chosen" : model.fileProperty().get().getFileName().toString(), model
                        .fileProperty()));
        Tooltip fileTip = new Tooltip();
        fileTip.textProperty().bind(Bindings.createStringBinding(
                () -> model.fileProperty().get() == null ? "The CSV or Parquet file to replay" : model.fileProperty().get().toString(), model
                        .fileProperty()));
        fileLabel.setTooltip(fileTip);
        datasetChooser.setItems(model.datasetChoices());
        datasetChooser.valueProperty().bindBidirectional(columns.datasetProperty());
        // an edited name counts as typed, not only once the field loses focus
        datasetChooser.getEditor().textProperty().addListener((obs, old, text) -> {
            if (datasetChooser.isFocused() || datasetChooser.getEditor().isFocused()) {
                columns.datasetProperty().set(text);
            }
        });
        datasetChooser.setTooltip(new Tooltip("A new data set named after the file, or an earlier replay to go on with"));
        for (var pair : List.of(new Object[] {idChooser, columns.idProperty()}, new Object[] {timeChooser, columns.timeProperty()},
                new Object[] {groupChooser, columns.groupProperty()}, new Object[] {labelChooser, columns.labelProperty()})) {
            @SuppressWarnings("unchecked")
            ComboBox<String> box = (ComboBox<String>) pair[0];
            box.setItems(columns.columnChoices());
            box.valueProperty().bindBidirectional((StringProperty) pair[1]);
        }
        idChooser.setTooltip(new Tooltip("Without an id, rows are numbered in time order"));
        positiveChooser.setItems(columns.positiveChoices());
        positiveChooser.valueProperty().bindBidirectional(columns.positiveProperty());
        positiveField.visibleProperty().bind(Bindings.isNotEmpty(columns.positiveChoices()));
        positiveField.managedProperty().bind(positiveField.visibleProperty());
        delayField.textProperty().bindBidirectional(model.labelDelayProperty());
        delayField.setTooltip(new Tooltip("How long after its reading each label becomes known"));
        windowField.textProperty().bindBidirectional(model.trainWindowProperty());
        windowField.setTooltip(new Tooltip("At its end the sweep trains on the labels known by then, and the best run is promoted"));
        sweepField.textProperty().bindBidirectional(model.sweepProperty());
        sweepField.setTooltip(new Tooltip("A built-in sweep (seed-grid) or a sweep file"));
        retrainBox.selectedProperty().bindBidirectional(model.autoRetrainProperty());
        problemLabel.textProperty().bind(Bindings.when(model.problemProperty().isEmpty()).then(model.noteProperty())
                .otherwise(model.problemProperty()));
    }

    @FXML
    private void onChooseFile() {
        chooseFile();
    }

    /** Asks for the file and reads its columns; nothing changes when the user cancels. */
    void chooseFile() {
        Path chosen = fileAsker.get();
        if (chosen != null) {
            model.choose(chosen);
        }
    }

    void setFileAsker(Supplier<Path> asker) {
        this.fileAsker = asker;
    }

    Parent root() {
        return root;
    }
}
