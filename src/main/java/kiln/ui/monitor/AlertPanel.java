package kiln.ui.monitor;

import java.util.function.Function;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;

import kiln.domain.Alert;
import kiln.ui.common.StyleClasses;
import kiln.ui.common.Subscriptions;

/**
 * The alert list with its filters and actions: acknowledge with a note, silence until a time,
 * "Retrain…" for a firing alert (enabled only when the app set a retrain handler). Selecting an
 * alert makes the view-model jump the KPI chart to its window.
 */
final class AlertPanel {

    static final String NO_RETRAIN_HANDLER = "Retraining from an alert is not connected in this build yet.";

    private final MonitorViewModel model;
    private final VBox root = new VBox(6);
    private final TableView<Alert> table = new TableView<>();
    private final Button acknowledgeButton = new Button("Acknowledge…");
    private final Button silenceButton = new Button("Silence…");
    private final Button retrainButton = new Button("Retrain…");
    private AlertDialogs dialogs = AlertDialogs.STANDARD;
    private boolean syncing;

    AlertPanel(MonitorViewModel model, Subscriptions subscriptions) {
        this.model = model;
        root.getStyleClass().addAll(StyleClasses.CARD, "alert-panel");
        root.setId("alert-panel");
        Label title = new Label("Alerts");
        title.getStyleClass().add(StyleClasses.SECTION_TITLE);

        CheckBox openOnly = new CheckBox("Open only");
        openOnly.setId("alert-open-only");
        openOnly.selectedProperty().bindBidirectional(model.openAlertsOnlyProperty());
        ComboBox<String> kindBox = new ComboBox<>(FXCollections.observableArrayList(MonitorViewModel.alertKinds()));
        kindBox.setId("alert-kind");
        kindBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(String kind) {
                return kind == null ? "all kinds" : kind;
            }

            @Override
            public String fromString(String s) {
                return "all kinds".equals(s) ? null : s;
            }
        });
        kindBox.valueProperty().bindBidirectional(model.alertKindProperty());
        subscriptions.add(() -> {
            openOnly.selectedProperty().unbindBidirectional(model.openAlertsOnlyProperty());
            kindBox.valueProperty().unbindBidirectional(model.alertKindProperty());
        });
        HBox filters = new HBox(8, title, openOnly, new Label("Kind"), kindBox);
        filters.setAlignment(Pos.CENTER_LEFT);

        table.setId("alert-table");
        table.setPlaceholder(new Label("No alerts for this filter."));
        table.getColumns().add(column("fired (UTC)", a -> MonitorViewModel.time(a.firedAt()), 120));
        table.getColumns().add(column("kind", Alert::kind, 60));
        table.getColumns().add(column("severity", Alert::severity, 70));
        table.getColumns().add(column("state", Alert::state, 90));
        table.getColumns().add(column("rule", Alert::rule, 220));
        table.setItems(model.alerts());
        subscriptions.add(() -> table.setItems(FXCollections.observableArrayList()));
        VBox.setVgrow(table, Priority.ALWAYS);
        subscriptions.onChange(table.getSelectionModel().selectedItemProperty(), (obs, old, a) -> {
            if (!syncing) {
                model.selectedAlertProperty().set(a);
            }
        });
        subscriptions.onChange(model.selectedAlertProperty(), (obs, old, a) -> {
            syncing = true;
            try {
                if (a == null) {
                    table.getSelectionModel().clearSelection();
                } else {
                    table.getSelectionModel().select(a);
                }
            } finally {
                syncing = false;
            }
        });

        Label details = new Label();
        details.setId("alert-details");
        details.setWrapText(true);
        details.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        details.textProperty().bind(model.alertDetailsProperty());
        subscriptions.add(details.textProperty()::unbind);

        acknowledgeButton.setId("acknowledge-alert");
        silenceButton.setId("silence-alert");
        retrainButton.setId("retrain-alert");
        BooleanBinding cannotAcknowledge = Bindings.createBooleanBinding(() -> {
            Alert a = model.selectedAlertProperty().get();
            return a == null || !(Alert.FIRING.equals(a.state()) || Alert.PENDING.equals(a.state()));
        }, model.selectedAlertProperty());
        BooleanBinding cannotSilence = Bindings.createBooleanBinding(() -> {
            Alert a = model.selectedAlertProperty().get();
            return a == null || !a.isOpen();
        }, model.selectedAlertProperty());
        acknowledgeButton.disableProperty().bind(cannotAcknowledge);
        silenceButton.disableProperty().bind(cannotSilence);
        retrainButton.disableProperty().bind(model.canRetrainBinding().not());
        // a disabled button shows no tooltip, so the explanation sits on a wrapper around it
        StackPane retrainWrapper = new StackPane(retrainButton);
        Tooltip retrainTip = new Tooltip();
        retrainTip.textProperty().bind(Bindings.createStringBinding(() -> model.retrainHandlerProperty().get() == null
                ? NO_RETRAIN_HANDLER : "Open a prepared sweep on the newest labelled window", model.retrainHandlerProperty()));
        Tooltip.install(retrainWrapper, retrainTip);
        subscriptions.add(() -> {
            acknowledgeButton.disableProperty().unbind();
            silenceButton.disableProperty().unbind();
            retrainButton.disableProperty().unbind();
            retrainTip.textProperty().unbind();
            cannotAcknowledge.dispose();
            cannotSilence.dispose();
        });
        acknowledgeButton.setOnAction(e -> acknowledge());
        silenceButton.setOnAction(e -> silence());
        retrainButton.setOnAction(e -> model.retrain());
        HBox actions = new HBox(6, acknowledgeButton, silenceButton, retrainWrapper);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label hint = new Label("Select an alert to jump the accuracy chart to its window.");
        hint.getStyleClass().add(StyleClasses.MUTED);
        root.getChildren().addAll(filters, table, hint, details, actions);
    }

    VBox root() {
        return root;
    }

    TableView<Alert> table() {
        return table;
    }

    Button retrainButton() {
        return retrainButton;
    }

    void setDialogs(AlertDialogs dialogs) {
        this.dialogs = dialogs;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private void acknowledge() {
        Alert a = model.selectedAlertProperty().get();
        if (a != null) {
            dialogs.askNote(window(), a).ifPresent(note -> model.acknowledge(a, note));
        }
    }

    private void silence() {
        Alert a = model.selectedAlertProperty().get();
        if (a != null) {
            dialogs.askSilenceUntil(window(), a).ifPresent(until -> model.silence(a, until));
        }
    }

    private static TableColumn<Alert, String> column(String name, Function<Alert, String> value, double width) {
        TableColumn<Alert, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
