package kiln.ui.monitor;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.collections.FXCollections;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.stage.Window;
import javafx.util.StringConverter;

import kiln.domain.Alert;
import kiln.domain.AlertIncident;
import kiln.domain.AlertKind;
import kiln.ui.common.StyleClasses;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TextColumns;

/**
 * The alert list with its filters and actions: acknowledge with a note, silence until a time, and
 * "Retrain…" for a firing or acknowledged alert (enabled only when the app set a retrain handler).
 * The actions sit above the table and in each row's context menu, so a selection never pushes them
 * out of view; the selected alert's details wrap below the table (and sit in its tooltip). Selecting an
 * alert makes the view-model jump the KPI chart to its window. An incident (an alert storm across
 * groups) is one row; its arrow, a double click or the right/left keys show and hide its member alerts
 * below it, and acknowledging it acknowledges every firing member.
 */
final class AlertPanel {

    static final String NO_RETRAIN_HANDLER = "Retraining from an alert is not connected in this build yet.";
    static final String HINT = "Select an alert to jump the accuracy chart to its window; right-click it for its actions.";
    private static final PseudoClass INCIDENT = PseudoClass.getPseudoClass("incident");
    private static final PseudoClass MEMBER = PseudoClass.getPseudoClass("member");

    private final AlertListModel model;
    private final VBox root = new VBox(6);
    private final TableView<AlertRow> table = new TableView<>();
    private final Button acknowledgeButton = new Button("Acknowledge…");
    private final Button silenceButton = new Button("Silence…");
    private final Button retrainButton = new Button("Retrain…");
    private final ContextMenu rowMenu = new ContextMenu();
    private final Label details = new Label();
    private AlertDialogs dialogs = AlertDialogs.STANDARD;
    private boolean syncing;

    AlertPanel(AlertListModel model, BooleanProperty openAlertsOnly, Subscriptions subscriptions) {
        this.model = model;
        root.getStyleClass().addAll(StyleClasses.CARD, "alert-panel");
        root.setId("alert-panel");
        root.getChildren().addAll(header(openAlertsOnly, subscriptions), table(subscriptions), details(subscriptions));
        bindActions(subscriptions);
    }

    private FlowPane header(BooleanProperty openAlertsOnly, Subscriptions subscriptions) {
        Label title = new Label("Alerts");
        title.getStyleClass().add(StyleClasses.SECTION_TITLE);
        CheckBox openOnly = new CheckBox("Open only");
        openOnly.setId("alert-open-only");
        openOnly.selectedProperty().bindBidirectional(openAlertsOnly);
        ComboBox<AlertKind> kindBox = new ComboBox<>(FXCollections.observableArrayList(AlertListModel.kinds()));
        kindBox.setId("alert-kind");
        kindBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(AlertKind kind) {
                return kind == null ? "all kinds" : kind.stored();
            }

            @Override
            public AlertKind fromString(String s) {
                return "all kinds".equals(s) ? null : AlertKind.fromStored(s);
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

    private TableView<AlertRow> table(Subscriptions subscriptions) {
        table.setId("alert-table");
        table.setPlaceholder(new Label("No alerts for this filter."));
        // the time and state are always read whole; kind and rule give way (the details line and its tooltip have all)
        table.getColumns().add(column("fired (UTC)", r -> r.kind() == AlertRow.Kind.LOADING ? "" : UtcTime.format(r.time()), 125, true));
        table.getColumns().add(column("state", AlertPanel::state, 110, true));
        table.getColumns().add(column("kind", AlertPanel::kind, 120, false));
        // an incident's summary is read here: the widest share
        TableColumn<AlertRow, String> rule = column("rule", AlertPanel::what, 320, false);
        rule.setCellFactory(c -> new RuleCell());
        table.getColumns().add(rule);
        // columns share the panel's width: a horizontal scroll bar would hide a row at small window sizes
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setItems(model.rows());
        table.setRowFactory(t -> {
            TableRow<AlertRow> row = new TableRow<>() {
                @Override
                protected void updateItem(AlertRow item, boolean empty) {
                    super.updateItem(item, empty);
                    pseudoClassStateChanged(INCIDENT, !empty && item != null && item.isIncident());
                    pseudoClassStateChanged(MEMBER, !empty && item != null && (item.kind() == AlertRow.Kind.MEMBER
                            || item.kind() == AlertRow.Kind.LOADING));
                }
            };
            // rows are the table's own and go with it; the menu is shared
            row.contextMenuProperty().bind(Bindings.when(row.emptyProperty()).then((ContextMenu) null).otherwise(rowMenu));
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && row.getItem() != null && row.getItem().isIncident()) {
                    toggle(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            AlertRow r = table.getSelectionModel().getSelectedItem();
            if (r != null && r.isIncident() && (e.getCode() == KeyCode.RIGHT || e.getCode() == KeyCode.LEFT || e.getCode() == KeyCode.ENTER)) {
                model.setExpanded(r.incident(), e.getCode() == KeyCode.ENTER ? !r.expanded() : e.getCode() == KeyCode.RIGHT);
                e.consume();
            }
        });
        subscriptions.add(() -> table.setItems(FXCollections.observableArrayList()));
        VBox.setVgrow(table, Priority.ALWAYS);
        subscriptions.onChange(table.getSelectionModel().selectedItemProperty(), (obs, old, r) -> {
            if (!syncing) {
                model.select(r);
            }
        });
        subscriptions.onChange(model.selectedProperty(), (obs, old, a) -> syncSelection());
        subscriptions.onChange(model.selectedIncidentProperty(), (obs, old, i) -> syncSelection());
        return table;
    }

    /** Selects the row of what the view-model has selected (rows are rebuilt when alerts reload or incidents expand). */
    private void syncSelection() {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            Alert a = model.selectedProperty().get();
            AlertIncident i = model.selectedIncidentProperty().get();
            int index = -1;
            for (int n = 0; n < table.getItems().size() && (a != null || i != null); n++) {
                AlertRow r = table.getItems().get(n);
                if (a != null ? r.alert() != null && r.alert().alertId() == a.alertId()
                        : r.isIncident() && r.incident().incidentId() == i.incidentId()) {
                    index = n;
                    break;
                }
            }
            if (index < 0) {
                table.getSelectionModel().clearSelection();
            } else if (table.getSelectionModel().getSelectedIndex() != index) {
                table.getSelectionModel().clearAndSelect(index);
            }
        } finally {
            syncing = false;
        }
    }

    private void toggle(AlertRow incidentRow) {
        model.setExpanded(incidentRow.incident(), !incidentRow.expanded());
    }

    private static String state(AlertRow r) {
        return switch (r.kind()) {
            case INCIDENT -> r.incident().state().stored();
            case LOADING -> "";
            default -> r.alert().state().stored();
        };
    }

    private static String kind(AlertRow r) {
        return switch (r.kind()) {
            case INCIDENT -> r.incident().kind() + " · " + r.incident().severity();
            case LOADING -> "";
            default -> r.alert().kind() + " · " + r.alert().severity();
        };
    }

    /** The rule column: an alert's rule; an incident's summary; a member's group, value and note. */
    static String what(AlertRow r) {
        return switch (r.kind()) {
            case ALERT -> r.alert().rule();
            case INCIDENT -> r.incident().summary();
            case MEMBER -> r.group() + (r.alert().value() == null ? "" : String.format(Locale.ROOT, " · %s %.3g", r.alert().metric(),
                    r.alert().value())) + (r.alert().note() == null ? "" : " · " + r.alert().note());
            case LOADING -> String.format(Locale.ROOT, "loading %,d member alerts…", r.incident().members());
        };
    }

    /** The rule column's cell: an incident's row starts with its expand arrow, members are indented under it. */
    private final class RuleCell extends TableCell<AlertRow, String> {
        private final Label arrow = new Label();
        private final Tooltip tip = new Tooltip();

        RuleCell() {
            arrow.getStyleClass().add("incident-toggle");
            arrow.setMinWidth(Region.USE_PREF_SIZE);
            arrow.setOnMouseClicked(e -> {
                AlertRow r = getTableRow() == null ? null : getTableRow().getItem();
                if (r != null && r.isIncident()) {
                    toggle(r);
                    e.consume();
                }
            });
        }

        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            AlertRow r = empty || getTableRow() == null ? null : getTableRow().getItem();
            setText(empty ? null : text);
            // the whole text where the column cuts it ("…")
            tip.setText(text);
            tip.setWrapText(true);
            tip.setMaxWidth(520);
            setTooltip(empty || text == null ? null : tip);
            if (r != null && r.isIncident()) {
                arrow.setText(r.expanded() ? "▾" : "▸");
                arrow.setId("incident-toggle-" + r.incident().incidentId());
                setGraphic(arrow);
                setStyle("");
            } else {
                setGraphic(null);
                // members sit under their incident's arrow
                setStyle(r != null && r.kind() != AlertRow.Kind.ALERT ? "-fx-padding: 0 0 0 18;" : "");
            }
        }
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
            for (BooleanProperty disable : List.of(acknowledgeButton.disableProperty(),
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

    TableView<AlertRow> table() {
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
        AlertIncident i = model.selectedIncidentProperty().get();
        if (a != null) {
            dialogs.askNote(window(), a).ifPresent(note -> model.acknowledge(a, note));
        } else if (i != null) {
            dialogs.askIncidentNote(window(), i).ifPresent(note -> model.acknowledgeIncident(i, note.isBlank() ? null : note));
        }
    }

    private void silence() {
        Alert a = model.selectedProperty().get();
        AlertIncident i = model.selectedIncidentProperty().get();
        if (a != null) {
            dialogs.askSilenceUntil(window(), a).ifPresent(until -> model.silence(a, until));
        } else if (i != null) {
            dialogs.askIncidentSilenceUntil(window(), i).ifPresent(until -> model.silenceIncident(i, until));
        }
    }

    /**
     * A column {@code width} pixels wide at the standard type size ({@link #BASE_FONT_SIZE}); kept whole
     * ({@code keepWidth}) or allowed to narrow. {@link #scaleColumns} widens it with larger type.
     */
    private static TableColumn<AlertRow, String> column(String name, Function<AlertRow, String> value, double width, boolean keepWidth) {
        TableColumn<AlertRow, String> c = TextColumns.of(name, value);
        c.setId("alert-column-" + name.split(" ")[0]);
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
    private void scaleColumns(Font font) {
        double scale = font == null ? 1 : Math.max(1, font.getSize() / BASE_FONT_SIZE);
        table.getColumns().forEach(c -> sizeColumn(c, scale));
    }

    private static void sizeColumn(TableColumn<AlertRow, ?> c, double scale) {
        double width = Math.ceil((Double) c.getProperties().get(BASE_WIDTH) * scale);
        c.setPrefWidth(width);
        c.setMinWidth(Boolean.TRUE.equals(c.getProperties().get(KEEP_WIDTH)) ? width : 40);
    }
}
