package kiln.ui.registry;

import java.util.Locale;

import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import kiln.ui.common.FxmlViews;
import kiln.ui.common.Subscriptions;
import kiln.ui.registry.RegistryServices.PerGroupTraining;

/** The "Register family from training…" form, bound to {@link FamilyRegistration}. */
final class FamilyRegistrationPane {

    @FXML
    private VBox root;
    @FXML
    private ComboBox<PerGroupTraining> trainingBox;
    @FXML
    private Label trainingLabel;
    @FXML
    private TextField familyNameField;
    @FXML
    private Label familyNameLabel;
    @FXML
    private TextField minRowsField;
    @FXML
    private Label minRowsLabel;
    @FXML
    private Label minRowsProblemLabel;
    @FXML
    private TextField familyNoteField;
    @FXML
    private Label familyNoteLabel;
    @FXML
    private Button registerFamilyButton;

    private final RegistryViewModel model;
    private final FamilyRegistration form;
    private final Subscriptions subscriptions;
    private final Parent view;

    FamilyRegistrationPane(RegistryViewModel model, Subscriptions subscriptions) {
        this.model = model;
        this.form = model.familyRegistration();
        this.subscriptions = subscriptions;
        this.view = FxmlViews.load(this);
    }

    Parent root() {
        return view;
    }

    @FXML
    private void initialize() {
        root.visibleProperty().bind(form.openProperty());
        root.managedProperty().bind(root.visibleProperty());
        trainingLabel.setLabelFor(trainingBox);
        familyNameLabel.setLabelFor(familyNameField);
        minRowsLabel.setLabelFor(minRowsField);
        familyNoteLabel.setLabelFor(familyNoteField);
        trainingBox.setItems(form.trainings());
        trainingBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(PerGroupTraining t) {
                return t == null ? "" : String.format(Locale.ROOT, "%s · %,d groups · experiment %d", t.name(), t.groups(), t.experimentId());
            }

            @Override
            public PerGroupTraining fromString(String s) {
                return null;
            }
        });
        trainingBox.valueProperty().bindBidirectional(form.trainingProperty());
        // the box shows what picks a training; its data set and run count are in the tooltip
        subscriptions.onChange(trainingBox.valueProperty(), (obs, old, t) -> trainingBox.setTooltip(t == null ? null
                : new Tooltip(String.format(Locale.ROOT, "experiment %d %s: data set %s, %,d groups, %,d finished per-group runs",
                        t.experimentId(), t.name(), t.dataset(), t.groups(), t.runs()))));
        familyNameField.textProperty().bindBidirectional(form.familyNameProperty());
        minRowsField.textProperty().bindBidirectional(form.minRowsProperty());
        minRowsProblemLabel.textProperty().bind(form.problemProperty());
        minRowsProblemLabel.visibleProperty().bind(form.problemProperty().isNotEmpty());
        minRowsProblemLabel.managedProperty().bind(minRowsProblemLabel.visibleProperty());
        registerFamilyButton.disableProperty().bind(Bindings.or(trainingBox.valueProperty().isNull(), form.problemProperty().isNotEmpty()));
        subscriptions.add(() -> {
            root.visibleProperty().unbind();
            root.managedProperty().unbind();
            trainingBox.valueProperty().unbindBidirectional(form.trainingProperty());
            trainingBox.setItems(FXCollections.observableArrayList());
            familyNameField.textProperty().unbindBidirectional(form.familyNameProperty());
            minRowsField.textProperty().unbindBidirectional(form.minRowsProperty());
            minRowsProblemLabel.textProperty().unbind();
            minRowsProblemLabel.visibleProperty().unbind();
            minRowsProblemLabel.managedProperty().unbind();
            registerFamilyButton.disableProperty().unbind();
        });
    }

    @FXML
    private void register() {
        model.registerFamily(familyNoteField.getText());
        familyNoteField.clear();
    }

    @FXML
    private void cancel() {
        form.cancel();
    }
}
