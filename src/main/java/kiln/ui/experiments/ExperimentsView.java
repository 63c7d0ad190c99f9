package kiln.ui.experiments;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javafx.beans.binding.Bindings;
import javafx.beans.property.Property;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.ProgressBarTableCell;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import kiln.domain.Run;
import kiln.ml.SplitSpec;
import kiln.ui.common.FxmlViews;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.TextColumns;
import kiln.ui.common.Theme;
import kiln.ui.registry.ColumnHeaders;

/** The Experiments workspace's view: binds the sweep form, the runs table and the comparison to the {@link ExperimentsViewModel}. */
public final class ExperimentsView {

    static final String BEST_RUN = "best-run";

    @FXML
    private Parent root;
    @FXML
    private ComboBox<String> datasetBox;
    @FXML
    private DatePicker fromPicker;
    @FXML
    private DatePicker toPicker;
    @FXML
    private FlowPane featurePane;
    @FXML
    private VBox trainerBox;
    @FXML
    private ComboBox<SweepForm.Search> searchBox;
    @FXML
    private Spinner<Integer> samplesSpinner;
    @FXML
    private TextField seedField;
    @FXML
    private ComboBox<SplitSpec.Kind> splitBox;
    @FXML
    private Label splitArgLabel;
    @FXML
    private Spinner<Integer> testSpinner;
    @FXML
    private Spinner<Integer> foldsSpinner;
    @FXML
    private Spinner<Integer> workersSpinner;
    @FXML
    private ComboBox<String> metricBox;
    @FXML
    private Button startButton;
    @FXML
    private Label plannedLabel;
    @FXML
    private Label formErrorLabel;
    @FXML
    private Label sweepSummaryLabel;
    @FXML
    private ProgressBar sweepProgress;
    @FXML
    private Button cancelButton;
    @FXML
    private TextField filterField;
    @FXML
    private Label filterErrorLabel;
    @FXML
    private MenuButton columnsButton;
    @FXML
    private ComboBox<String> bestMetricBox;
    @FXML
    private Label bestLabel;
    @FXML
    private TextField tagField;
    @FXML
    private TextField noteField;
    @FXML
    private Button registerButton;
    @FXML
    private TableView<Run> runsTable;
    @FXML
    private Label statusLabel;
    @FXML
    private TabPane lowerTabs;
    @FXML
    private SplitPane rightSplit;
    @FXML
    private Tab compareTab;
    @FXML
    private Tab progressTab;
    @FXML
    private TableView<SweepBoard.Row> progressTable;
    @FXML
    private Label compareLabel;
    @FXML
    private TableView<RunComparison.Row> diffTable;
    @FXML
    private StackPane confusionHolder;
    @FXML
    private ComboBox<String> scatterMetricBox;
    @FXML
    private ComboBox<String> scatterParamBox;
    @FXML
    private CheckBox logAxisBox;
    @FXML
    private GridPane chartGrid;

    private final ExperimentsViewModel model;
    private final Subscriptions subscriptions = new Subscriptions();
    private final Parent view;
    private boolean syncingSelection;

    public ExperimentsView(ExperimentsViewModel model) {
        this.model = model;
        this.view = FxmlViews.load(this);
        view.getStylesheets().add(Theme.url("experiments.css"));
    }

    public Parent root() {
        return view;
    }

    @FXML
    private void initialize() {
        new SweepFormBinding(model.form(), new SweepFormBinding.Controls(datasetBox, fromPicker, toPicker, featurePane, trainerBox,
                searchBox, samplesSpinner, seedField, splitBox, splitArgLabel, testSpinner, foldsSpinner, workersSpinner, metricBox),
                subscriptions).bind(model.datasets());
        plannedLabel.textProperty().bind(model.plannedRunsProperty());
        formErrorLabel.textProperty().bind(model.formErrorProperty());
        startButton.disableProperty().bind(model.sweepRunningProperty());
        cancelButton.disableProperty().bind(model.sweepRunningProperty().not());
        sweepSummaryLabel.textProperty().bind(Bindings.when(model.board().summaryProperty().isEmpty())
                .then("No sweep running").otherwise(model.board().summaryProperty()));
        sweepProgress.progressProperty().bind(model.board().fractionProperty());
        subscriptions.add(() -> {
            plannedLabel.textProperty().unbind();
            formErrorLabel.textProperty().unbind();
            startButton.disableProperty().unbind();
            cancelButton.disableProperty().unbind();
            sweepSummaryLabel.textProperty().unbind();
            sweepProgress.progressProperty().unbind();
        });
        subscriptions.onChange(model.sweepRunningProperty(), (o, was, running) -> {
            if (running) {
                lowerTabs.getSelectionModel().select(progressTab);
            }
        });
        setUpProgressTable();
        setUpRunsTable();
        new ComparePane(model, new ComparePane.Controls(compareLabel, diffTable, confusionHolder, scatterMetricBox, scatterParamBox,
                logAxisBox, chartGrid)).bind(subscriptions);
    }

    private <T> void bindBoth(Property<T> control, Property<T> property) {
        control.bindBidirectional(property);
        subscriptions.add(() -> control.unbindBidirectional(property));
    }

    private void setUpProgressTable() {
        progressTable.setItems(model.board().rows());
        progressTable.setPlaceholder(new Label("Start a sweep to see each run's progress here."));
        TableColumn<SweepBoard.Row, Number> index = new TableColumn<>("#");
        index.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue() == null ? null : f.getValue().index() + 1));
        index.setPrefWidth(40);
        TableColumn<SweepBoard.Row, String> trainer = TextColumns.of("trainer", r -> r.trainer(), 110);
        TableColumn<SweepBoard.Row, String> params = TextColumns.of("parameters", r -> r.params(), 260);
        TableColumn<SweepBoard.Row, String> state = TextColumns.of("state", r -> r.state().name().toLowerCase(Locale.ROOT), 90);
        state.setCellFactory(col -> new StateCell<>());
        TableColumn<SweepBoard.Row, Double> progress = new TableColumn<>("progress");
        progress.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue() == null ? null : f.getValue().fraction()));
        progress.setCellFactory(ProgressBarTableCell.forTableColumn());
        progress.setPrefWidth(120);
        TableColumn<SweepBoard.Row, String> message = TextColumns.of("message", r -> r.message(), 260);
        progressTable.getColumns().setAll(List.of(index, trainer, params, state, progress, message));
        ColumnHeaders.keepWhole(progressTable, subscriptions);
    }

    private void setUpRunsTable() {
        runsTable.getStyleClass().add("runs-table");
        List<TableColumn<Run, ?>> columns = RunsTableColumns.create();
        runsTable.getColumns().setAll(columns);
        ColumnHeaders.keepWhole(runsTable, subscriptions);
        RunsTableColumns.fillChooser(columnsButton, columns);
        SortedList<Run> sorted = new SortedList<>(model.runs());
        sorted.comparatorProperty().bind(runsTable.comparatorProperty());
        subscriptions.add(sorted.comparatorProperty()::unbind);
        runsTable.setItems(sorted);
        runsTable.setPlaceholder(new Label("No runs yet: define a sweep on the left and press Start sweep."));
        runsTable.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        runsTable.setRowFactory(table -> new TableRow<>() {
            @Override
            protected void updateItem(Run run, boolean empty) {
                super.updateItem(run, empty);
                Long best = model.bestRunIdProperty().get();
                boolean isBest = !empty && run != null && best != null && run.runId() == best;
                if (isBest && !getStyleClass().contains(BEST_RUN)) {
                    getStyleClass().add(BEST_RUN);
                } else if (!isBest) {
                    getStyleClass().remove(BEST_RUN);
                }
            }
        });
        filterField.textProperty().bindBidirectional(model.filterTextProperty());
        subscriptions.add(() -> filterField.textProperty().unbindBidirectional(model.filterTextProperty()));
        filterField.setOnAction(e -> model.applyFilter());
        filterErrorLabel.textProperty().bind(model.filterErrorProperty());
        filterErrorLabel.visibleProperty().bind(model.filterErrorProperty().isNotEmpty());
        filterErrorLabel.managedProperty().bind(filterErrorLabel.visibleProperty());
        statusLabel.textProperty().bind(model.statusProperty());
        subscriptions.add(() -> {
            filterErrorLabel.textProperty().unbind();
            filterErrorLabel.visibleProperty().unbind();
            filterErrorLabel.managedProperty().unbind();
            statusLabel.textProperty().unbind();
        });
        bestMetricBox.setItems(FXCollections.observableArrayList(SweepForm.METRICS));
        bindBoth(bestMetricBox.valueProperty(), model.bestMetricProperty());
        subscriptions.onInvalidate(model.bestRunIdProperty(), o -> {
            runsTable.refresh();
            showBest();
        });
        showBest();
        subscriptions.onListChange(runsTable.getSelectionModel().getSelectedItems(), (ListChangeListener<Run>) c -> {
            if (!syncingSelection) {
                syncingSelection = true;
                model.selected().setAll(List.copyOf(runsTable.getSelectionModel().getSelectedItems()));
                syncingSelection = false;
            }
        });
        subscriptions.onListChange(model.selected(), (ListChangeListener<Run>) c -> selectInTable());
        setUpRegisterButton();
    }

    /** After a reload the model keeps the selected runs (with fresh data); show that in the table. */
    private void selectInTable() {
        if (syncingSelection) {
            return;
        }
        syncingSelection = true;
        try {
            runsTable.getSelectionModel().clearSelection();
            Set<Long> ids = new HashSet<>();
            model.selected().forEach(r -> ids.add(r.runId()));
            List<Run> items = runsTable.getItems();
            for (int i = 0; i < items.size() && !ids.isEmpty(); i++) {
                if (ids.remove(items.get(i).runId())) {
                    runsTable.getSelectionModel().select(i);
                }
            }
        } finally {
            syncingSelection = false;
        }
    }

    private void showBest() {
        Run best = model.bestRun();
        bestLabel.setText(best == null ? "" : "★ best listed: run #" + best.runId() + " · " + best.trainer() + " · "
                + model.bestMetricProperty().get() + String.format(Locale.ROOT, " %.4f", best.metric(model.bestMetricProperty().get())));
        // a line of its own: takes no room while there is no best run
        bestLabel.setManaged(best != null);
        bestLabel.setVisible(best != null);
        bestLabel.setTooltip(new Tooltip("The best finished run in the table by " + model.bestMetricProperty().get()
                + "; equal values go to the lower " + RunRanking.TIE_BREAK + ", then to the older run."));
        updateRegisterButton();
    }

    /** Disabled nodes get no mouse events, so the explaining tooltip sits on a wrapper around the button. */
    private void setUpRegisterButton() {
        Pane parent = (Pane) registerButton.getParent();
        int at = parent.getChildren().indexOf(registerButton);
        StackPane wrapper = new StackPane(registerButton);
        wrapper.setId("register-wrapper");
        parent.getChildren().add(at, wrapper);
        subscriptions.onInvalidate(model.onRegisterRequestedProperty(), o -> updateRegisterButton());
        subscriptions.onListChange(model.selected(), c -> updateRegisterButton());
        updateRegisterButton();
    }

    private void updateRegisterButton() {
        boolean hooked = model.onRegisterRequestedProperty().get() != null;
        boolean hasRun = model.selected().size() == 1 || model.bestRun() != null;
        registerButton.setDisable(!hooked || !hasRun);
        String tip = !hooked ? "Registering models is done in the Registry workspace, which is not connected here yet."
                : model.selected().size() == 1 ? "Register the selected run as a model version."
                        : "Register the best run by " + model.bestMetricProperty().get() + " as a model version.";
        if (registerButton.getParent() instanceof StackPane wrapper) {
            Tooltip.install(wrapper, new Tooltip(tip));
        }
        registerButton.setTooltip(new Tooltip(tip));
    }

    @FXML
    private void onStart() {
        model.startSweep();
    }

    @FXML
    private void onCancel() {
        model.cancelSweep();
    }

    @FXML
    private void onSeedGrid() {
        model.loadSeedGrid();
    }

    @FXML
    private void onLoadFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Load a sweep file");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Sweep YAML", "*.yaml", "*.yml"));
        Path seedDir = model.seedSweepFileProperty().get() == null ? null : model.seedSweepFileProperty().get().toAbsolutePath().getParent();
        if (seedDir != null && Files.isDirectory(seedDir)) {
            chooser.setInitialDirectory(seedDir.toFile());
        }
        File file = chooser.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (file != null) {
            model.loadSweepFile(file.toPath());
        }
    }

    @FXML
    private void onApplyFilter() {
        model.applyFilter();
    }

    @FXML
    private void onTag() {
        model.tagSelected(tagField.getText());
        tagField.clear();
    }

    @FXML
    private void onNote() {
        model.annotateSelected(noteField.getText());
        noteField.clear();
    }

    @FXML
    private void onRegister() {
        model.registerBest();
    }

    /** Shows the comparison tab (tests and the "compare" shortcut use it). */
    void showCompareTab() {
        lowerTabs.getSelectionModel().select(compareTab);
    }

    /** Gives the lower tabs (progress, compare, charts) the given share of the height. */
    void setLowerShare(double share) {
        rightSplit.setDividerPositions(1 - share);
    }

    TabPane lowerTabs() {
        return lowerTabs;
    }

    TableView<Run> runsTable() {
        return runsTable;
    }

    public void dispose() {
        subscriptions.dispose();
    }
}
