package kiln.ui.fleet;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.util.StringConverter;

import kiln.domain.fleet.FleetResults.FleetGroup;
import kiln.domain.fleet.FleetResults.FleetIncident;
import kiln.domain.fleet.FleetResults.FleetModel;
import kiln.domain.fleet.FleetResults.IncidentMember;
import kiln.ui.common.FxmlViews;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.Theme;

/** The Fleet workspace's view: binds the pickers, the group table, the heatmap, the incidents and the detail to {@link FleetViewModel}. */
public final class FleetView {

    @FXML
    private BorderPane root;
    @FXML
    private HBox pickers;
    @FXML
    private ComboBox<FleetModel> modelBox;
    @FXML
    private ComboBox<String> granularityBox;
    @FXML
    private Button refreshButton;
    @FXML
    private Label statusLabel;
    @FXML
    private Label errorLabel;
    @FXML
    private SplitPane content;
    @FXML
    private StackPane heatmapHolder;
    @FXML
    private TreeView<String> incidentTree;
    @FXML
    private Label groupsTitle;
    @FXML
    private TextField searchField;
    @FXML
    private CheckBox alertsOnlyBox;
    @FXML
    private Label countLabel;
    @FXML
    private TableView<FleetGroup> groupTable;
    @FXML
    private StackPane detailHolder;
    @FXML
    private ScrollPane emptyState;
    @FXML
    private Label emptyText;

    private final FleetViewModel model;
    private final Subscriptions subscriptions = new Subscriptions();
    private final FleetHeatmapGrid heatmap = new FleetHeatmapGrid();
    private final GroupDetailPane detail = new GroupDetailPane();
    /** The group of each incident member's line in the tree. */
    private final Map<TreeItem<String>, String> memberGroups = new HashMap<>();
    private final Parent view;
    private boolean syncingSelection;

    public FleetView(FleetViewModel model) {
        this.model = model;
        this.view = FxmlViews.load(this);
        // the Monitor's sheet styles its charts' legends and marker labels, which the group monitor reuses
        view.getStylesheets().addAll(Theme.url("monitor.css"), Theme.url("fleet.css"));
    }

    public Parent root() {
        return view;
    }

    @FXML
    private void initialize() {
        statusLabel.textProperty().bind(model.statusProperty());
        errorLabel.textProperty().bind(model.errorProperty());
        errorLabel.visibleProperty().bind(errorLabel.textProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        emptyText.textProperty().bind(model.emptyMessageProperty());
        emptyState.visibleProperty().bind(model.emptyMessageProperty().isNotEmpty());
        content.visibleProperty().bind(emptyState.visibleProperty().not());
        subscriptions.add(() -> {
            statusLabel.textProperty().unbind();
            errorLabel.textProperty().unbind();
            emptyText.textProperty().unbind();
            emptyState.visibleProperty().unbind();
            content.visibleProperty().unbind();
        });
        bindPickers();
        bindTable();
        heatmapHolder.getChildren().add(heatmap.root());
        heatmap.setOnGroupClicked(model::selectGroup);
        detailHolder.getChildren().add(detail.root());
        subscriptions.onListChange(model.shownGroups(), (ListChangeListener<FleetGroup>) c -> redrawHeatmap());
        subscriptions.onInvalidate(model.heatmapProperty(), obs -> redrawHeatmap());
        subscriptions.onListChange(model.incidents(), (ListChangeListener<FleetIncident>) c -> showIncidents());
        subscriptions.onInvalidate(model.selectedGroupProperty(), obs -> showSelection());
        subscriptions.onInvalidate(model.detailProperty(), obs -> showDetail());
        subscriptions.onInvalidate(model.featuresProperty(), obs -> showDetail());
        incidentTree.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            String group = item == null ? null : memberGroups.get(item);
            if (group != null) {
                model.selectGroup(group);
            }
        });
        redrawHeatmap();
        showIncidents();
    }

    private void bindPickers() {
        modelBox.setItems(model.models());
        modelBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(FleetModel m) {
                if (m == null) {
                    return "";
                }
                String data = m.dataset() == null ? "" : " — " + m.dataset() + (m.groupColumn() == null ? "" : " by " + m.groupColumn());
                return m.name() + data + (m.kpiWindows() == 0 ? " (nothing monitored per group yet)" : "");
            }

            @Override
            public FleetModel fromString(String s) {
                return null;
            }
        });
        modelBox.valueProperty().bindBidirectional(model.modelProperty());
        pickers.disableProperty().bind(Bindings.isEmpty(model.models()));
        subscriptions.add(pickers.disableProperty()::unbind);
        granularityBox.setItems(model.granularities());
        granularityBox.valueProperty().bindBidirectional(model.granularityProperty());
        searchField.textProperty().bindBidirectional(model.searchProperty());
        alertsOnlyBox.selectedProperty().bindBidirectional(model.onlyWithAlertsProperty());
        subscriptions.add(() -> {
            modelBox.valueProperty().unbindBidirectional(model.modelProperty());
            granularityBox.valueProperty().unbindBidirectional(model.granularityProperty());
            searchField.textProperty().unbindBidirectional(model.searchProperty());
            alertsOnlyBox.selectedProperty().unbindBidirectional(model.onlyWithAlertsProperty());
        });
    }

    @FXML
    private void onRefresh() {
        model.refresh();
    }

    private void bindTable() {
        groupTable.setItems(model.shownGroups());
        groupTable.setPlaceholder(new Label("No group matches the search."));
        groupTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        FleetColumn<String> key = column("Group", "000000", "fleet-col-group", FleetGroup::groupKey, t -> t,
                "The group's key: the value of its group column");
        key.setComparator(FleetOrder.KEYS);
        FleetColumn<Double> accuracy = column("Accuracy", "100.0 %", "fleet-col-accuracy", FleetGroup::latestAccuracy, FleetTexts::percent,
                "Accuracy in the group's newest window with labels");
        FleetColumn<Double> baseline = column("Baseline", "100.0 %", "fleet-col-baseline", FleetGroup::baselineAccuracy, FleetTexts::percent,
                "The group's own rolling baseline: accuracy over its earlier windows");
        FleetColumn<Double> drop = column("vs baseline", "−100.0 pts", "fleet-col-drop", FleetGroup::dropPoints, FleetTexts::dropPoints,
                "Points the newest accuracy lies below (−) or above (+) the group's rolling baseline; sorted by how far below");
        FleetColumn<Integer> alerts = column("Alerts", "00", "fleet-col-alerts", FleetGroup::openAlerts, String::valueOf,
                "Open alerts about this group (firing or acknowledged)");
        FleetColumn<Long> rows = column("Rows", "000,000", "fleet-col-rows", FleetGroup::rows, FleetTexts::count,
                "Predictions made for the group, all windows");
        FleetColumn<String> member = column("Member", "pooled v00", "fleet-col-member", FleetGroup::productionMember, t -> t,
                "The production member serving the group: its own version, or the pooled one");
        accuracy.setComparator(Comparator.nullsLast(Comparator.naturalOrder()));
        baseline.setComparator(Comparator.nullsLast(Comparator.naturalOrder()));
        drop.setComparator(Comparator.nullsLast(Comparator.naturalOrder()));
        member.setComparator(Comparator.nullsLast(Comparator.naturalOrder()));
        groupTable.getColumns().setAll(List.of(key, accuracy, baseline, drop, alerts, rows, member));
        // the list is a SortedList whose order the view-model owns: the table only says which column the user chose
        groupTable.setSortPolicy(t -> true);
        subscriptions.onInvalidate(groupTable.comparatorProperty(), obs -> {
            Comparator<FleetGroup> chosen = groupTable.getComparator();
            model.orderProperty().set(chosen == null ? FleetOrder.WORST_FIRST : chosen.thenComparing(FleetOrder.WORST_FIRST));
        });
        groupTable.getSelectionModel().selectedItemProperty().addListener((obs, old, g) -> {
            if (!syncingSelection && g != null) {
                model.selectedGroupProperty().set(g);
            }
        });
        subscriptions.onListChange(model.shownGroups(), (ListChangeListener<FleetGroup>) c -> updateCount());
        subscriptions.onListChange(model.allGroups(), (ListChangeListener<FleetGroup>) c -> updateCount());
        updateCount();
    }

    /** A read-only column of a group's value, shown through {@code text}; its header names what it sorts by. */
    private static <T> FleetColumn<T> column(String title, String sample, String id, Function<FleetGroup, T> value, Function<T, String> text,
            String explanation) {
        FleetColumn<T> column = new FleetColumn<>(title, sample, explanation);
        column.setId(id);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item == null ? "–" : text.apply(item));
            }
        });
        return column;
    }

    /**
     * A table column whose header is a label with a tooltip explaining it; the column is never narrower
     * than that label, so a narrow window (or large type) scrolls the table sideways rather than cutting headers to "…".
     */
    private static final class FleetColumn<T> extends TableColumn<FleetGroup, T> {
        FleetColumn(String title, String sample, String explanation) {
            Label header = new Label(title);
            header.setTooltip(new Tooltip(explanation));
            // an invisible typical value keeps the column as wide as its values need, in the theme's type size
            Label room = new Label(sample);
            room.setVisible(false);
            StackPane graphic = new StackPane(room, header);
            graphic.setMinWidth(Region.USE_PREF_SIZE);
            setGraphic(graphic);
            this.header = header;
            // labels keep their own width inside the header (the graphic itself is stretched with the column)
            minWidthProperty().bind(Bindings.max(room.widthProperty(), header.widthProperty()).add(22));
        }

        private final Label header;

        String title() {
            return header.getText();
        }
    }

    private void updateCount() {
        int shown = model.shownGroups().size();
        int all = model.allGroups().size();
        countLabel.setText(shown == all ? String.format(Locale.ROOT, "%,d groups", all)
                : String.format(Locale.ROOT, "%,d of %,d groups", shown, all));
        groupsTitle.setText("Groups (" + model.groupNoun() + ")");
    }

    private void redrawHeatmap() {
        heatmap.show(model.shownGroups(), model.heatmapProperty().get(), model.groupNoun(), model.granularityProperty().get(), orderText());
    }

    private String orderText() {
        if (groupTable.getSortOrder().isEmpty()) {
            return "worst first (lowest newest accuracy)";
        }
        TableColumn<FleetGroup, ?> by = groupTable.getSortOrder().get(0);
        String name = "fleet-col-drop".equals(by.getId()) ? "drop" : by instanceof FleetColumn<?> c ? c.title() : by.getId();
        return "by " + name.toLowerCase(Locale.ROOT) + (by.getSortType() == TableColumn.SortType.ASCENDING ? ", ascending" : ", descending");
    }

    private void showSelection() {
        FleetGroup g = model.selectedGroupProperty().get();
        heatmap.highlight(g == null ? null : g.groupKey());
        showDetail();
        if (g != null && groupTable.getSelectionModel().getSelectedItem() != g) {
            syncingSelection = true;
            try {
                groupTable.getSelectionModel().select(g);
                int index = groupTable.getSelectionModel().getSelectedIndex();
                if (index >= 0) {
                    groupTable.scrollTo(Math.max(0, index - 3));
                }
            } finally {
                syncingSelection = false;
            }
        }
    }

    private void showDetail() {
        detail.show(model.selectedGroupProperty().get(), model.detailProperty().get(), model.featuresProperty().get(), model.groupNoun(),
                model.modelName(), model.newestWindow());
    }

    private void showIncidents() {
        memberGroups.clear();
        TreeItem<String> top = new TreeItem<>("incidents");
        String noun = model.groupNoun();
        for (FleetIncident incident : model.incidents()) {
            TreeItem<String> line = new TreeItem<>(FleetTexts.incident(incident));
            for (IncidentMember m : incident.shownMembers()) {
                TreeItem<String> member = new TreeItem<>(FleetTexts.member(noun, m));
                memberGroups.put(member, m.groupKey());
                line.getChildren().add(member);
            }
            if (incident.members() > incident.shownMembers().size()) {
                line.getChildren().add(new TreeItem<>(String.format(Locale.ROOT, "… and %,d more: filter the group list by open alerts",
                        incident.members() - incident.shownMembers().size())));
            }
            top.getChildren().add(line);
        }
        if (top.getChildren().isEmpty()) {
            top.getChildren().add(new TreeItem<>("No incidents: no alerts of several groups together."));
        }
        incidentTree.setRoot(top);
    }

    FleetHeatmapGrid heatmap() {
        return heatmap;
    }

    GroupDetailPane detail() {
        return detail;
    }

    public void dispose() {
        subscriptions.dispose();
    }
}
