package kiln.ui.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

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
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.ProgressBarTableCell;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import kiln.domain.Run;
import kiln.ml.SplitSpec;
import kiln.ui.chart.ChartPanel;
import kiln.ui.common.FxmlViews;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.Theme;

/** The Experiments workspace's view: binds the sweep form, the runs table and the comparison to the {@link ExperimentsViewModel}. */
public final class ExperimentsView {

    static final String BEST_RUN = "best-run";
    static final double CHART_MIN_HEIGHT = 300;

    @FXML private Parent root;
    @FXML private ComboBox<String> datasetBox;
    @FXML private DatePicker fromPicker;
    @FXML private DatePicker toPicker;
    @FXML private FlowPane featurePane;
    @FXML private VBox trainerBox;
    @FXML private ComboBox<SweepForm.Search> searchBox;
    @FXML private Spinner<Integer> samplesSpinner;
    @FXML private TextField seedField;
    @FXML private ComboBox<SplitSpec.Kind> splitBox;
    @FXML private Label splitArgLabel;
    @FXML private Spinner<Integer> testSpinner;
    @FXML private Spinner<Integer> foldsSpinner;
    @FXML private Spinner<Integer> workersSpinner;
    @FXML private ComboBox<String> metricBox;
    @FXML private Button startButton;
    @FXML private Label plannedLabel;
    @FXML private Label formErrorLabel;
    @FXML private Label sweepSummaryLabel;
    @FXML private ProgressBar sweepProgress;
    @FXML private Button cancelButton;
    @FXML private TextField filterField;
    @FXML private Label filterErrorLabel;
    @FXML private MenuButton columnsButton;
    @FXML private ComboBox<String> bestMetricBox;
    @FXML private Label bestLabel;
    @FXML private TextField tagField;
    @FXML private TextField noteField;
    @FXML private Button registerButton;
    @FXML private TableView<Run> runsTable;
    @FXML private Label statusLabel;
    @FXML private TabPane lowerTabs;
    @FXML private javafx.scene.control.SplitPane rightSplit;
    @FXML private Tab compareTab;
    @FXML private Tab progressTab;
    @FXML private TableView<SweepBoard.Row> progressTable;
    @FXML private Label compareLabel;
    @FXML private TableView<RunComparison.Row> diffTable;
    @FXML private StackPane confusionHolder;
    @FXML private ComboBox<String> scatterMetricBox;
    @FXML private ComboBox<String> scatterParamBox;
    @FXML private CheckBox logAxisBox;
    @FXML private GridPane chartGrid;

    private final ExperimentsViewModel model;
    private final Subscriptions subscriptions = new Subscriptions();
    private final CompareCharts charts = new CompareCharts();
    private final ConfusionMatrices confusion = new ConfusionMatrices();
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
        SweepForm form = model.form();
        datasetBox.setItems(model.datasets());
        datasetBox.valueProperty().bindBidirectional(form.datasetProperty());
        fromPicker.valueProperty().bindBidirectional(form.fromProperty());
        toPicker.valueProperty().bindBidirectional(form.toProperty());
        subscriptions.add(() -> {
            datasetBox.valueProperty().unbindBidirectional(form.datasetProperty());
            fromPicker.valueProperty().unbindBidirectional(form.fromProperty());
            toPicker.valueProperty().unbindBidirectional(form.toProperty());
        });
        subscriptions.onListChange(form.features(), c -> showFeatures());
        showFeatures();
        form.trainers().forEach(t -> trainerBox.getChildren().add(trainerEditor(t)));

        searchBox.setItems(FXCollections.observableArrayList(SweepForm.Search.values()));
        bindBoth(searchBox.valueProperty(), form.searchProperty());
        bindSpinner(samplesSpinner, 1, 10_000, form.samplesProperty());
        seedField.textProperty().bindBidirectional(form.seedProperty());
        subscriptions.add(() -> seedField.textProperty().unbindBidirectional(form.seedProperty()));
        splitBox.setItems(FXCollections.observableArrayList(SplitSpec.Kind.values()));
        splitBox.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(SplitSpec.Kind k) {
                return k == null ? "" : switch (k) {
                    case RANDOM -> "Random hold-out (seeded)";
                    case TIME -> "Time hold-out (last part)";
                    case KFOLD -> "k-fold cross-validation";
                };
            }

            @Override
            public SplitSpec.Kind fromString(String s) {
                return null;
            }
        });
        bindBoth(splitBox.valueProperty(), form.splitProperty());
        bindSpinner(testSpinner, 1, 99, form.testPercentProperty());
        bindSpinner(foldsSpinner, 2, 100, form.foldsProperty());
        bindSpinner(workersSpinner, 1, 64, form.workersProperty());
        subscriptions.onChange(form.splitProperty(), (o, a, k) -> showSplitArgument(k));
        showSplitArgument(form.splitProperty().get());
        samplesSpinner.disableProperty().bind(form.searchProperty().isNotEqualTo(SweepForm.Search.RANDOM));
        subscriptions.add(samplesSpinner.disableProperty()::unbind);
        metricBox.setItems(FXCollections.observableArrayList(SweepForm.METRICS));
        bindBoth(metricBox.valueProperty(), form.metricProperty());
        plannedLabel.textProperty().bind(model.plannedRunsProperty());
        formErrorLabel.textProperty().bind(model.formErrorProperty());
        startButton.disableProperty().bind(model.sweepRunningProperty());
        cancelButton.disableProperty().bind(model.sweepRunningProperty().not());
        sweepSummaryLabel.textProperty().bind(model.board().summaryProperty());
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
        setUpCompare();
    }

    private <T> void bindBoth(javafx.beans.property.Property<T> control, javafx.beans.property.Property<T> property) {
        control.bindBidirectional(property);
        subscriptions.add(() -> control.unbindBidirectional(property));
    }

    private void bindSpinner(Spinner<Integer> spinner, int min, int max, javafx.beans.property.ObjectProperty<Integer> property) {
        SpinnerValueFactory.IntegerSpinnerValueFactory factory = new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max,
                property.get() == null ? min : property.get());
        spinner.setValueFactory(factory);
        bindBoth(factory.valueProperty(), property);
    }

    private void showSplitArgument(SplitSpec.Kind kind) {
        boolean kfold = kind == SplitSpec.Kind.KFOLD;
        splitArgLabel.setText(kfold ? "Folds" : "Test %");
        testSpinner.setVisible(!kfold);
        foldsSpinner.setVisible(kfold);
    }

    private void showFeatures() {
        featurePane.getChildren().clear();
        for (SweepForm.FeatureChoice f : model.form().features()) {
            CheckBox box = new CheckBox(f.name());
            box.setId("feature-" + f.name());
            box.selectedProperty().bindBidirectional(f.selectedProperty());
            featurePane.getChildren().add(box);
        }
    }

    /** A trainer's tick box and, under it, one text field per parameter, from its TrainerSpec. */
    private VBox trainerEditor(TrainerChoice t) {
        CheckBox enabled = new CheckBox(t.spec().title());
        enabled.setId("trainer-" + t.spec().name());
        enabled.setTooltip(new Tooltip(t.spec().description()));
        enabled.selectedProperty().bindBidirectional(t.enabledProperty());
        GridPane params = new GridPane();
        params.setHgap(6);
        params.setVgap(3);
        params.getStyleClass().add("trainer-params");
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(110);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        params.getColumnConstraints().addAll(labels, fields);
        int row = 0;
        for (ParamField p : t.params()) {
            Label name = new Label(p.spec().name());
            name.setTooltip(new Tooltip(p.spec().description()));
            TextField field = new TextField();
            field.setId("param-" + t.spec().name() + "-" + p.spec().name());
            field.setPromptText(p.prompt());
            field.setTooltip(new Tooltip(p.spec().description() + " (" + p.prompt() + ")"));
            field.textProperty().bindBidirectional(p.textProperty());
            params.addRow(row++, name, field);
        }
        params.visibleProperty().bind(t.enabledProperty());
        params.managedProperty().bind(t.enabledProperty());
        return new VBox(2, enabled, params);
    }

    private void setUpProgressTable() {
        progressTable.setItems(model.board().rows());
        progressTable.setPlaceholder(new Label("Start a sweep to see each run's progress here."));
        TableColumn<SweepBoard.Row, Number> index = new TableColumn<>("#");
        index.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue() == null ? null : f.getValue().index() + 1));
        index.setPrefWidth(40);
        TableColumn<SweepBoard.Row, String> trainer = rowText("trainer", r -> r.trainer(), 110);
        TableColumn<SweepBoard.Row, String> params = rowText("parameters", r -> r.params(), 260);
        TableColumn<SweepBoard.Row, String> state = rowText("state", r -> r.state().name().toLowerCase(Locale.ROOT), 90);
        state.setCellFactory(col -> new StateCell<>());
        TableColumn<SweepBoard.Row, Double> progress = new TableColumn<>("progress");
        progress.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue() == null ? null : f.getValue().fraction()));
        progress.setCellFactory(ProgressBarTableCell.forTableColumn());
        progress.setPrefWidth(120);
        TableColumn<SweepBoard.Row, String> message = rowText("message", r -> r.message(), 260);
        progressTable.getColumns().setAll(List.of(index, trainer, params, state, progress, message));
    }

    private static TableColumn<SweepBoard.Row, String> rowText(String title, java.util.function.Function<SweepBoard.Row, String> value, double width) {
        TableColumn<SweepBoard.Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue() == null ? null : value.apply(f.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private void setUpRunsTable() {
        runsTable.getStyleClass().add("runs-table");
        List<TableColumn<Run, ?>> columns = RunsTableColumns.create();
        runsTable.getColumns().setAll(columns);
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
            Set<Long> ids = new java.util.HashSet<>();
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
        bestLabel.setText(best == null ? "" : "★ run #" + best.runId() + " " + best.trainer() + " " + model.bestMetricProperty().get()
                + String.format(Locale.ROOT, " %.4f", best.metric(model.bestMetricProperty().get())));
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

    private void setUpCompare() {
        diffTable.getStyleClass().add("diff-table");
        diffTable.setPlaceholder(new Label("Select two or more runs in the table above."));
        diffTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(RunComparison.Row row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll("differs", "same", "section-run", "section-parameter", "section-metric");
                if (!empty && row != null) {
                    getStyleClass().addAll(row.differs() ? "differs" : "same", "section-" + row.section().name().toLowerCase(Locale.ROOT));
                }
            }
        });
        confusionHolder.getChildren().setAll(confusion);
        chartGrid.add(new ChartPanel("Metric vs parameter", "metric-vs-parameter", charts.scatter()), 0, 0);
        chartGrid.add(new ChartPanel("Parallel coordinates", "parallel-coordinates", charts.parallel()), 1, 0);
        chartGrid.add(new ChartPanel("ROC curves", "roc-curves", charts.roc()), 0, 1);
        chartGrid.add(new ChartPanel("Calibration curves", "calibration-curves",
                charts.calibration()), 1, 1);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(50);
            chartGrid.getColumnConstraints().add(cc);
            RowConstraints rc = new RowConstraints();
            // Charts need room to be read; the tab scrolls when the window is small.
            rc.setMinHeight(CHART_MIN_HEIGHT);
            rc.setVgrow(Priority.ALWAYS);
            chartGrid.getRowConstraints().add(rc);
        }
        scatterMetricBox.setItems(FXCollections.observableArrayList(SweepForm.METRICS));
        scatterMetricBox.setValue("accuracy");
        logAxisBox.setTooltip(new Tooltip("Log scale on the parameter axis (for numbers of trees, learning rates, …)"));
        subscriptions.onInvalidate(scatterMetricBox.valueProperty(), o -> showScatter());
        subscriptions.onInvalidate(scatterParamBox.valueProperty(), o -> showScatter());
        subscriptions.onInvalidate(logAxisBox.selectedProperty(), o -> showScatter());
        subscriptions.onListChange(model.runs(), c -> {
            updateScatterParams();
            showScatter();
        });
        subscriptions.onInvalidate(model.comparisonProperty(), o -> showComparison());
        subscriptions.onInvalidate(model.curvesProperty(), o -> showCurves());
        subscriptions.onChange(model.bestMetricProperty(), (o, a, m) -> scatterMetricBox.setValue(m));
        updateScatterParams();
        showComparison();
    }

    private void updateScatterParams() {
        Set<String> params = new TreeSet<>();
        for (Run r : model.runs()) {
            if (r.params() != null) {
                r.params().forEach((k, v) -> {
                    if (v instanceof Number) {
                        params.add(k);
                    }
                });
            }
        }
        String current = scatterParamBox.getValue();
        scatterParamBox.setItems(FXCollections.observableArrayList(params));
        if (current != null && params.contains(current)) {
            scatterParamBox.setValue(current);
        } else {
            scatterParamBox.setValue(params.contains("maxDepth") ? "maxDepth" : params.isEmpty() ? null : params.iterator().next());
        }
    }

    private void showScatter() {
        charts.showScatter(model.runs(), model.selected(), scatterMetricBox.getValue() == null ? "accuracy" : scatterMetricBox.getValue(),
                scatterParamBox.getValue(), logAxisBox.isSelected());
    }

    private void showComparison() {
        RunComparison c = model.comparisonProperty().get();
        showScatter();
        if (c == null) {
            diffTable.getColumns().clear();
            diffTable.getItems().clear();
            confusion.getChildren().clear();
            charts.clear();
            compareLabel.setText("Select two or more runs (Ctrl/Shift-click) to compare them.");
            return;
        }
        long differing = c.differingRows().size();
        compareLabel.setText(c.runs().size() + " runs compared: " + differing + " of " + c.rows().size()
                + " properties differ (bold; parameters amber, metrics green).");
        List<TableColumn<RunComparison.Row, String>> cols = new ArrayList<>();
        TableColumn<RunComparison.Row, String> what = new TableColumn<>("property");
        what.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().name()));
        what.setPrefWidth(140);
        cols.add(what);
        for (int i = 0; i < c.runs().size(); i++) {
            int k = i;
            TableColumn<RunComparison.Row, String> col = new TableColumn<>("run #" + c.runs().get(i).runId());
            col.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().values().get(k)));
            col.setPrefWidth(110);
            col.setSortable(false);
            cols.add(col);
        }
        diffTable.getColumns().setAll(cols);
        diffTable.getItems().setAll(c.rows());
        confusion.show(c.runs());
        charts.showParallel(c.runs(), model.bestMetricProperty().get());
        showCurves();
    }

    private void showCurves() {
        RunComparison c = model.comparisonProperty().get();
        if (c != null) {
            charts.showCurves(c.runs(), model.curvesProperty().get());
        }
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
        java.io.File file = chooser.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
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
