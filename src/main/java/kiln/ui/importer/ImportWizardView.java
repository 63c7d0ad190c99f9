package kiln.ui.importer;

import java.util.List;
import java.util.Optional;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.stage.Window;

import kiln.domain.ingest.FilePreview;
import kiln.domain.ingest.ImportRequest;
import kiln.ui.common.FxmlViews;
import kiln.ui.common.Subscriptions;

/**
 * The import wizard: the file's first rows, pickers for the id, time, group and label columns and the
 * label's positive class (guessed, editable, offered as the data's own values), the features and the
 * data set's name. Import stays disabled, with a sentence saying why, until the choices make a data set
 * Kiln can train on and watch.
 */
public final class ImportWizardView {

    public static final ButtonType IMPORT = new ButtonType("Import", ButtonBar.ButtonData.OK_DONE);

    @FXML
    private Parent root;
    @FXML
    private Label fileLabel;
    @FXML
    private TableView<List<String>> previewTable;
    @FXML
    private TextField datasetField;
    @FXML
    private ComboBox<String> idBox;
    @FXML
    private ComboBox<String> timeBox;
    @FXML
    private ComboBox<String> groupBox;
    @FXML
    private ComboBox<String> labelBox;
    @FXML
    private ComboBox<String> positiveBox;
    @FXML
    private Label labelSummary;
    @FXML
    private FlowPane featurePane;
    @FXML
    private Label problemLabel;

    private final ImportWizardViewModel model;
    private final Subscriptions subscriptions = new Subscriptions();
    private final Parent view;

    public ImportWizardView(ImportWizardViewModel model) {
        this.model = model;
        this.view = FxmlViews.load(this);
    }

    public Parent root() {
        return view;
    }

    @FXML
    private void initialize() {
        datasetField.textProperty().bindBidirectional(model.datasetProperty());
        for (ComboBox<String> box : List.of(idBox, timeBox, groupBox, labelBox)) {
            box.setItems(model.columnChoices());
        }
        idBox.valueProperty().bindBidirectional(model.idProperty());
        timeBox.valueProperty().bindBidirectional(model.timeProperty());
        groupBox.valueProperty().bindBidirectional(model.groupProperty());
        labelBox.valueProperty().bindBidirectional(model.labelProperty());
        positiveBox.setItems(model.positiveChoices());
        positiveBox.valueProperty().bindBidirectional(model.positiveProperty());
        positiveBox.disableProperty().bind(Bindings.isEmpty(model.positiveChoices()));
        labelSummary.textProperty().bind(model.labelSummaryProperty());
        problemLabel.textProperty().bind(model.problemProperty());
        subscriptions.onChange(model.previewProperty(), (obs, old, p) -> showPreview(p));
        subscriptions.add(() -> {
            datasetField.textProperty().unbindBidirectional(model.datasetProperty());
            idBox.valueProperty().unbindBidirectional(model.idProperty());
            timeBox.valueProperty().unbindBidirectional(model.timeProperty());
            groupBox.valueProperty().unbindBidirectional(model.groupProperty());
            labelBox.valueProperty().unbindBidirectional(model.labelProperty());
            positiveBox.valueProperty().unbindBidirectional(model.positiveProperty());
            positiveBox.disableProperty().unbind();
            labelSummary.textProperty().unbind();
            problemLabel.textProperty().unbind();
        });
    }

    private void showPreview(FilePreview p) {
        if (p == null) {
            return;
        }
        fileLabel.setText(p.file().getFileName() + ": " + String.format("%,d", p.rowCount()) + " rows, " + p.columns().size()
                + " columns (the first " + p.rows().size() + " below)");
        previewTable.getColumns().clear();
        for (int c = 0; c < p.columns().size(); c++) {
            int index = c;
            TableColumn<List<String>, String> column = new TableColumn<>(p.columns().get(c) + "\n" + p.kinds().get(c));
            column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().get(index)));
            column.setPrefWidth(Math.max(90, 9 * p.columns().get(c).length()));
            previewTable.getColumns().add(column);
        }
        previewTable.getItems().setAll(p.rows());
        featurePane.getChildren().clear();
        for (String c : p.columns()) {
            CheckBox box = new CheckBox(c);
            box.setId("feature-" + c);
            box.setMnemonicParsing(false); // column names hold underscores
            // a column chosen as id, time, group or label is not a feature
            box.disableProperty().bind(Bindings.createBooleanBinding(() -> model.hasRole(c),
                    model.idProperty(), model.timeProperty(), model.groupProperty(), model.labelProperty()));
            subscriptions.add(() -> box.disableProperty().unbind());
            box.selectedProperty().bindBidirectional(model.featureProperty(c));
            subscriptions.add(() -> box.selectedProperty().unbindBidirectional(model.featureProperty(c)));
            featurePane.getChildren().add(box);
        }
    }

    /**
     * Shows the wizard as a dialog over {@code owner}; the import the user confirmed, or empty when
     * cancelled. The dialog's Import button follows {@link ImportWizardViewModel#readyProperty()}.
     */
    public static Optional<ImportRequest> ask(Window owner, ImportWizardViewModel model) {
        ImportWizardView view = new ImportWizardView(model);
        Dialog<ImportRequest> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Import data");
        dialog.setHeaderText("Which columns are what? Kiln guessed; change anything that is wrong.");
        dialog.setResizable(true);
        dialog.getDialogPane().setContent(view.root());
        dialog.getDialogPane().getButtonTypes().addAll(IMPORT, ButtonType.CANCEL);
        Button importButton = (Button) dialog.getDialogPane().lookupButton(IMPORT);
        importButton.setId("import-confirm");
        importButton.disableProperty().bind(model.readyProperty().not());
        dialog.setResultConverter(b -> b == IMPORT ? model.request() : null);
        try {
            return dialog.showAndWait();
        } finally {
            importButton.disableProperty().unbind();
            view.dispose();
        }
    }

    public void dispose() {
        subscriptions.dispose();
    }
}
