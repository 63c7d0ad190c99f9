package kiln.ui.registry;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;

import kiln.domain.ModelEvent;
import kiln.domain.ProductionPeriod;
import kiln.domain.Run;
import kiln.ui.chart.ChartPanel;
import kiln.ui.chart.ChartStyles;
import kiln.ui.chart.KilnCharts;
import kiln.ui.common.FxmlViews;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.Theme;

/** The Registry workspace's view: binds controls to the {@link RegistryViewModel} and draws the production timeline. */
public final class RegistryView {

    static final String GATE_FAILED = "gate-failed";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @FXML private BorderPane root;
    @FXML private ComboBox<String> modelBox;
    @FXML private Label gateLabel;
    @FXML private Label statusLabel;
    @FXML private Label errorLabel;
    @FXML private ComboBox<Run> runBox;
    @FXML private TextField registerNoteField;
    @FXML private Button registerButton;
    @FXML private TableView<VersionRow> versionTable;
    @FXML private Button promoteButton;
    @FXML private Button challengerButton;
    @FXML private Button demoteButton;
    @FXML private Button archiveButton;
    @FXML private Button exportButton;
    @FXML private TextField actionNoteField;
    @FXML private VBox confirmPane;
    @FXML private Label confirmLabel;
    @FXML private TextArea confirmNoteArea;
    @FXML private TextArea lineageArea;
    @FXML private StackPane timelineHolder;
    @FXML private TableView<ModelEvent> eventTable;

    private final RegistryViewModel model;
    private final Subscriptions subscriptions = new Subscriptions();
    private final Parent view;
    private XYChart timelineChart;
    private ErrorDataSetRenderer eventRenderer;
    private DefaultNumericAxis versionAxis;
    /** Chooses files for export and import; tests replace it to avoid native dialogs. */
    private Function<Boolean, Path> fileChooser = this::chooseFile;

    public RegistryView(RegistryViewModel model) {
        this.model = model;
        this.view = FxmlViews.load(this);
        view.getStylesheets().add(Theme.url("registry.css"));
    }

    public Parent root() {
        return view;
    }

    /** Replaces the file chooser ({@code true} asks where to save, {@code false} which file to open). */
    public void setFileChooser(Function<Boolean, Path> chooser) {
        this.fileChooser = chooser;
    }

    @FXML
    private void initialize() {
        modelBox.setItems(model.models());
        modelBox.valueProperty().bindBidirectional(model.modelProperty());
        runBox.setItems(model.finishedRuns());
        runBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(Run r) {
                return r == null ? "" : String.format(Locale.ROOT, "run %d  %s %s  accuracy %.4f", r.runId(), r.trainer(),
                        r.params() == null ? "" : r.params(), r.metric(RegistryViewModel.RANKING_METRIC));
            }

            @Override
            public Run fromString(String s) {
                return null;
            }
        });
        runBox.valueProperty().bindBidirectional(model.runToRegisterProperty());
        gateLabel.textProperty().bind(model.gateTextProperty());
        statusLabel.textProperty().bind(model.statusProperty());
        errorLabel.textProperty().bind(model.errorProperty());
        buildVersionTable();
        buildEventTable();
        buildTimeline();
        registerButton.disableProperty().bind(runBox.valueProperty().isNull());
        for (Button b : List.of(promoteButton, challengerButton, demoteButton, archiveButton, exportButton)) {
            b.disableProperty().bind(model.selectedProperty().isNull());
        }
        subscriptions.onChange(model.selectedProperty(), (obs, old, row) -> {
            lineageArea.setText(row == null ? "" : row.lineage());
            if (row != null && versionTable.getSelectionModel().getSelectedItem() != row) {
                versionTable.getSelectionModel().select(row);
            }
        });
        subscriptions.onChange(versionTable.getSelectionModel().selectedItemProperty(), (obs, old, row) -> {
            if (row != null) {
                model.selectedProperty().set(row);
            }
        });
        subscriptions.onChange(model.pendingPromotionProperty(), (obs, old, p) -> showConfirmation(p));
        subscriptions.onChange(model.timelineProperty(), (obs, old, t) -> showTimeline());
        subscriptions.onListChange(model.events(), c -> showTimeline());
        subscriptions.add(() -> {
            modelBox.valueProperty().unbindBidirectional(model.modelProperty());
            runBox.valueProperty().unbindBidirectional(model.runToRegisterProperty());
            modelBox.setItems(FXCollections.observableArrayList());
            runBox.setItems(FXCollections.observableArrayList());
            versionTable.setItems(FXCollections.observableArrayList());
            eventTable.setItems(FXCollections.observableArrayList());
            gateLabel.textProperty().unbind();
            statusLabel.textProperty().unbind();
            errorLabel.textProperty().unbind();
            registerButton.disableProperty().unbind();
            for (Button b : List.of(promoteButton, challengerButton, demoteButton, archiveButton, exportButton)) {
                b.disableProperty().unbind();
            }
        });
        showTimeline();
    }

    private void buildVersionTable() {
        versionTable.setItems(model.versions());
        versionTable.getColumns().setAll(List.of(
                column("Version", VersionRow::label, 60),
                aliasColumn(),
                column("Trainer", VersionRow::trainer, 100),
                column("Params", VersionRow::params, 150),
                column("Window", VersionRow::window, 160),
                column("Accuracy", r -> format(r.metric("accuracy")), 80),
                column("Fingerprint", VersionRow::fingerprint, 100)));
        versionTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    private TableColumn<VersionRow, String> aliasColumn() {
        TableColumn<VersionRow, String> c = column("Alias", VersionRow::alias, 90);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String alias, boolean empty) {
                super.updateItem(alias, empty);
                getStyleClass().removeIf(s -> s.startsWith("alias-"));
                setText(empty ? null : alias);
                if (!empty && alias != null && !alias.isEmpty()) {
                    getStyleClass().add("alias-" + alias);
                }
            }
        });
        return c;
    }

    private void buildEventTable() {
        eventTable.setItems(model.events());
        eventTable.getColumns().setAll(List.of(
                column("At (UTC)", (ModelEvent e) -> TIME.format(e.at()), 130),
                column("Action", ModelEvent::action, 70),
                column("Version", (ModelEvent e) -> e.version() == null ? "" : "v" + e.version(), 60),
                column("Alias / verdict", (ModelEvent e) -> e.alias() == null ? "" : e.alias(), 90),
                column("By", ModelEvent::by, 70),
                column("Note", (ModelEvent e) -> e.note() == null ? "" : e.note(), 300)));
        eventTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    private void buildTimeline() {
        versionAxis = KilnCharts.axis("version", null);
        versionAxis.setAutoRanging(false); // whole version numbers only: the range and tick unit follow the versions shown
        versionAxis.setTickUnit(1);
        versionAxis.setMinorTickCount(0);
        timelineChart = KilnCharts.chart("Production timeline", KilnCharts.timeAxis("time"), versionAxis);
        eventRenderer = KilnCharts.scatterRenderer();
        timelineChart.getRenderers().add(eventRenderer);
        timelineHolder.getChildren().setAll(new ChartPanel("Which version was production when", "registry-timeline", timelineChart));
    }

    /** Production periods as a step line (0 while nothing was production), every event as a point, promotions as markers. */
    private void showTimeline() {
        if (timelineChart == null) {
            return;
        }
        List<ProductionPeriod> periods = model.timelineProperty().get();
        List<ModelEvent> events = List.copyOf(model.events());
        timelineChart.getPlugins().removeIf(p -> p instanceof XValueIndicator);
        if (events.isEmpty()) {
            return; // the model lists no events only before any model exists; the data sets start empty
        }
        Instant first = events.get(0).at();
        Instant last = events.get(events.size() - 1).at();
        Duration pad = Duration.ofSeconds(Math.max(86_400, Duration.between(first, last).getSeconds() / 10));
        Instant open = last.plus(pad);
        List<double[]> line = new ArrayList<>();
        line.add(new double[] {seconds(first.minus(pad)), 0});
        for (ProductionPeriod p : periods) {
            double start = seconds(p.start());
            double end = seconds(p.end() == null ? open : p.end());
            line.add(new double[] {start, 0});
            line.add(new double[] {start, p.version()});
            line.add(new double[] {end, p.version()});
            line.add(new double[] {end, 0});
        }
        line.add(new double[] {seconds(open), 0});
        // Registry changes are rare and the series tiny, so fresh data sets replace the old ones: filled
        // before the chart sees them, they never wait on a renderer's lock.
        DoubleDataSet production = new DoubleDataSet("production version");
        production.set(line.stream().mapToDouble(a -> a[0]).toArray(), line.stream().mapToDouble(a -> a[1]).toArray());
        DoubleDataSet points = new DoubleDataSet("registry events");
        points.set(events.stream().mapToDouble(e -> seconds(e.at())).toArray(),
                events.stream().mapToDouble(e -> e.version() == null ? 0 : e.version()).toArray());
        int top = events.stream().mapToInt(e -> e.version() == null ? 0 : e.version()).max().orElse(1);
        versionAxis.set(-0.3, top + 0.5);
        timelineChart.getDatasets().setAll(KilnCharts.styled(production, ChartStyles.GOOD));
        eventRenderer.getDatasets().setAll(points);
        for (ModelEvent e : events) {
            if (ModelEvent.PROMOTE.equals(e.action()) && "production".equals(e.alias())) {
                KilnCharts.marker(timelineChart, seconds(e.at()), "v" + e.version() + " by " + e.by(), ChartStyles.MARKER_PROMOTION);
            }
        }
    }

    private void showConfirmation(RegistryViewModel.PendingPromotion p) {
        boolean show = p != null;
        confirmPane.setVisible(show);
        confirmPane.setManaged(show);
        confirmPane.getStyleClass().remove(GATE_FAILED);
        if (show) {
            confirmLabel.setText(p.describe());
            if (p.gateFailed()) {
                confirmPane.getStyleClass().add(GATE_FAILED);
            }
            confirmNoteArea.clear();
            confirmNoteArea.requestFocus();
        }
    }

    @FXML
    private void refresh() {
        model.refresh();
    }

    @FXML
    private void register() {
        model.register(model.runToRegisterProperty().get(), registerNoteField.getText());
        registerNoteField.clear();
    }

    @FXML
    private void promote() {
        model.requestPromotion(model.selectedProperty().get());
    }

    @FXML
    private void confirmPromotion() {
        model.confirmPromotion(confirmNoteArea.getText());
    }

    @FXML
    private void cancelPromotion() {
        model.cancelPromotion();
    }

    @FXML
    private void makeChallenger() {
        model.makeChallenger(model.selectedProperty().get(), takeActionNote());
    }

    @FXML
    private void demote() {
        model.demote(model.selectedProperty().get(), takeActionNote());
    }

    @FXML
    private void archive() {
        model.archive(model.selectedProperty().get(), takeActionNote());
    }

    @FXML
    private void exportVersion() {
        Path file = fileChooser.apply(true);
        if (file != null) {
            model.exportVersion(model.selectedProperty().get(), file);
        }
    }

    @FXML
    private void importFile() {
        Path file = fileChooser.apply(false);
        if (file != null) {
            model.importFile(file);
        }
    }

    private String takeActionNote() {
        String note = actionNoteField.getText();
        actionNoteField.clear();
        return note;
    }

    private Path chooseFile(boolean save) {
        FileChooser chooser = new FileChooser();
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Kiln model file", "*.kiln-model", "*.zip"));
        VersionRow row = model.selectedProperty().get();
        if (save && row != null) {
            chooser.setInitialFileName(row.version().modelName() + "-v" + row.version().version() + ".kiln-model");
        }
        File f = save ? chooser.showSaveDialog(view.getScene().getWindow()) : chooser.showOpenDialog(view.getScene().getWindow());
        return f == null ? null : f.toPath();
    }

    private static double seconds(Instant t) {
        return t.getEpochSecond();
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static <S> TableColumn<S, String> column(String title, Function<S, String> value, double width) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    public void dispose() {
        subscriptions.dispose();
        timelineChart.getPlugins().removeIf(p -> p instanceof XValueIndicator);
    }
}
