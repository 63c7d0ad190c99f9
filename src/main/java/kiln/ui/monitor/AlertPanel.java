package kiln.ui.monitor;

import java.util.function.Function;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;

import kiln.domain.Alert;
import kiln.ui.common.StyleClasses;
import kiln.ui.common.Subscriptions;

/**
 * The alert list with its filters and actions: acknowledge with a note, silence until a time, and
 * "Retrain…" for a firing or acknowledged alert (enabled only when the app set a retrain handler).
 * The actions sit above the table and in each row's context menu, so a selection never pushes them
 * out of view; the selected alert's details wrap below the table (and sit in its tooltip). Selecting an
 * alert makes the view-model jump the KPI chart to its window.
 */
final class AlertPanel {

    static final String NO_RETRAIN_HANDLER = "Retraining from an alert is not connected in this build yet.";
    static final String HINT = "Select an alert to jump the accuracy chart to its window; right-click it for its actions.";

    private final AlertListModel model;
    private final VBox root = new VBox(6);
    private final TableView<Alert> table = new TableView<>();
    private final Button acknowledgeButton = new Button("Acknowledge…");
    private final Button silenceButton = new Button("Silence…");
    private final Button retrainButton = new Button("Retrain…");
    private final ContextMenu rowMenu = new ContextMenu();
    private final Label details = new Label();
    private AlertDialogs dialogs = AlertDialogs.STANDARD;
    private boolean syncing;

    AlertPanel(AlertListModel model, javafx.beans.property.BooleanProperty openAlertsOnly, Subscriptions subscriptions) {
        this.model = model;
        root.getStyleClass().addAll(StyleClasses.CARD, "alert-panel");
        root.setId("alert-panel");
        root.getChildren().addAll(header(openAlertsOnly, subscriptions), table(subscriptions), details(subscriptions));
        bindActions(subscriptions);
    }

    private FlowPane header(javafx.beans.property.BooleanProperty openAlertsOnly, Subscriptions subscriptions) {
        Label title = new Label("Alerts");
        title.getStyleClass().add(StyleClasses.SECTION_TITLE);
        CheckBox openOnly = new CheckBox("Open only");
        openOnly.setId("alert-open-only");
        openOnly.selectedProperty().bindBidirectional(openAlertsOnly);
        ComboBox<String> kindBox = new ComboBox<>(FXCollections.observableArrayList(AlertListModel.kinds()));
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
        kindBox.valueProperty().bindBidirectional(model.kindProperty());
        subscriptions.add(() -> {
            openOnly.selectedProperty().unbindBidirectional(openAlertsOnly);
            kindBox.valueProperty().unbindBidirectional(model.kindProperty());
        });
        HBox filters = new HBox(8, title, openOnly, new Label("Kind"), kindBox);
        filters.setAlignment(Pos.CENTER_LEFT);
        acknowledgeButton.setId("acknowledge-alert");
        silenceButton.setId("silence-alert");
        retrainButton.setId("retrain-alert");
        // a disabled button shows no tooltip, so the explanation sits on a wrapper around it
        StackPane retrainWrapper = new StackPane(retrainButton);
        Tooltip retrainTip = new Tooltip();
        retrainTip.textProperty().bind(Bindings.createStringBinding(() -> model.retrainHandlerProperty().get() == null
                ? NO_RETRAIN_HANDLER : "Sweep on the labelled data since the alert's window, then decide whether to promote",
                model.retrainHandlerProperty()));
        Tooltip.install(retrainWrapper, retrainTip);
        subscriptions.add(retrainTip.textProperty()::unbind);
        HBox actions = new HBox(6, acknowledgeButton, silenceButton, retrainWrapper);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.getStyleClass().add("alert-actions");
        // the filters and the actions share a row where there is room, and wrap below each other where there is not
        FlowPane header = new FlowPane(16, 6, filters, actions);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private TableView<Alert> table(Subscriptions subscriptions) {
        table.setId("alert-table");
        table.setPlaceholder(new Label("No alerts for this filter."));
        // the time and state are always read whole; kind and rule give way (the details line and its tooltip have all)
        table.getColumns().add(column("fired (UTC)", a -> UtcTime.format(a.firedAt()), 125, true));
        table.getColumns().add(column("state", Alert::state, 110, true));
        table.getColumns().add(column("kind", a -> a.kind() + " · " + a.severity(), 120, false));
        table.getColumns().add(column("rule", Alert::rule, 200, false));
        // columns share the panel's width: a horizontal scroll bar would hide a row at small window sizes
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setItems(model.alerts());
        table.setRowFactory(t -> {
            TableRow<Alert> row = new TableRow<>();
            // rows are the table's own and go with it; the menu is shared
            row.contextMenuProperty().bind(Bindings.when(row.emptyProperty()).then((ContextMenu) null).otherwise(rowMenu));
            return row;
        });
        subscriptions.add(() -> table.setItems(FXCollections.observableArrayList()));
        VBox.setVgrow(table, Priority.ALWAYS);
        subscriptions.onChange(table.getSelectionModel().selectedItemProperty(), (obs, old, a) -> {
            if (!syncing) {
                model.selectedProperty().set(a);
            }
        });
        subscriptions.onChange(model.selectedProperty(), (obs, old, a) -> {
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
        return table;
    }

    private Label details(Subscriptions subscriptions) {
        details.setId("alert-details");
        details.getStyleClass().add(StyleClasses.MUTED);
        // wraps (a second line where the panel is narrow or the type large) rather than cutting the text to "…"
        details.setWrapText(true);
        details.setMinWidth(0);
        details.setMinHeight(Region.USE_PREF_SIZE);
        subscriptions.onChange(details.fontProperty(), (obs, old, font) -> scaleColumns(font));
        Tooltip tip = new Tooltip();
        tip.setWrapText(true);
        tip.setMaxWidth(520);
        details.setTooltip(tip);
        details.textProperty().bind(Bindings.createStringBinding(() -> model.detailsProperty().get().isEmpty() ? HINT
                : model.detailsProperty().get(), model.detailsProperty()));
        tip.textProperty().bind(details.textProperty());
        subscriptions.add(() -> {
            tip.textProperty().unbind();
            details.textProperty().unbind();
        });
        return details;
    }

    private void bindActions(Subscriptions subscriptions) {
        MenuItem acknowledgeItem = new MenuItem("Acknowledge…");
        MenuItem silenceItem = new MenuItem("Silence…");
        MenuItem retrainItem = new MenuItem("Retrain…");
        acknowledgeItem.setId("acknowledge-alert-item");
        silenceItem.setId("silence-alert-item");
        retrainItem.setId("retrain-alert-item");
        rowMenu.getItems().setAll(acknowledgeItem, silenceItem, retrainItem);
        acknowledgeButton.disableProperty().bind(model.canAcknowledgeBinding().not());
        silenceButton.disableProperty().bind(model.canSilenceBinding().not());
        retrainButton.disableProperty().bind(model.canRetrainBinding().not());
        acknowledgeItem.disableProperty().bind(model.canAcknowledgeBinding().not());
        silenceItem.disableProperty().bind(model.canSilenceBinding().not());
        retrainItem.disableProperty().bind(model.canRetrainBinding().not());
        subscriptions.add(() -> {
            for (javafx.beans.property.BooleanProperty disable : java.util.List.of(acknowledgeButton.disableProperty(),
                    silenceButton.disableProperty(), retrainButton.disableProperty(), acknowledgeItem.disableProperty(),
                    silenceItem.disableProperty(), retrainItem.disableProperty())) {
                disable.unbind();
            }
        });
        acknowledgeButton.setOnAction(e -> acknowledge());
        silenceButton.setOnAction(e -> silence());
        retrainButton.setOnAction(e -> model.retrain());
        acknowledgeItem.setOnAction(e -> acknowledge());
        silenceItem.setOnAction(e -> silence());
        retrainItem.setOnAction(e -> model.retrain());
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

    ContextMenu rowMenu() {
        return rowMenu;
    }

    void setDialogs(AlertDialogs dialogs) {
        this.dialogs = dialogs;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private void acknowledge() {
        Alert a = model.selectedProperty().get();
        if (a != null) {
            dialogs.askNote(window(), a).ifPresent(note -> model.acknowledge(a, note));
        }
    }

    private void silence() {
        Alert a = model.selectedProperty().get();
        if (a != null) {
            dialogs.askSilenceUntil(window(), a).ifPresent(until -> model.silence(a, until));
        }
    }

    /**
     * A column {@code width} pixels wide at the standard type size ({@link #BASE_FONT_SIZE}); kept whole
     * ({@code keepWidth}) or allowed to narrow. {@link #scaleColumns} widens it with larger type.
     */
    private static TableColumn<Alert, String> column(String name, Function<Alert, String> value, double width, boolean keepWidth) {
        TableColumn<Alert, String> c = new TableColumn<>(name);
        c.setId("alert-column-" + name.split(" ")[0]);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.getProperties().put(BASE_WIDTH, width);
        c.getProperties().put(KEEP_WIDTH, keepWidth);
        sizeColumn(c, 1);
        return c;
    }

    /** The type size the columns' widths are given for; the presentation theme's larger type widens them in proportion. */
    private static final double BASE_FONT_SIZE = 13;
    private static final String BASE_WIDTH = "kiln.alert.column.width";
    private static final String KEEP_WIDTH = "kiln.alert.column.keep";

    /** Widths follow the type size the panel is drawn in (read from a label of the panel, as the theme set it). */
    private void scaleColumns(javafx.scene.text.Font font) {
        double scale = font == null ? 1 : Math.max(1, font.getSize() / BASE_FONT_SIZE);
        table.getColumns().forEach(c -> sizeColumn(c, scale));
    }

    private static void sizeColumn(TableColumn<Alert, ?> c, double scale) {
        double width = Math.ceil((Double) c.getProperties().get(BASE_WIDTH) * scale);
        c.setPrefWidth(width);
        c.setMinWidth(Boolean.TRUE.equals(c.getProperties().get(KEEP_WIDTH)) ? width : 40);
    }
}
