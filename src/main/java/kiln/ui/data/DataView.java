package kiln.ui.data;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

import javafx.collections.FXCollections;
import javafx.event.EventHandler;
import javafx.fxml.FXML;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import javafx.util.converter.LocalDateStringConverter;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.Axis;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.CorrelationMatrix;
import kiln.domain.eda.EdaResults.DataRow;
import kiln.domain.eda.EdaResults.Envelope;
import kiln.domain.eda.EdaResults.FeatureProfile;
import kiln.domain.eda.EdaResults.RunWindow;
import kiln.domain.eda.EdaResults.ScatterSample;
import kiln.domain.eda.RowFilter;
import kiln.ui.chart.ChartPanel;
import kiln.ui.chart.ChartPanels;
import kiln.ui.common.FxmlViews;
import kiln.ui.common.StaggeredUpdates;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.Theme;
import kiln.ui.registry.ColumnHeaders;

/** The Data workspace's view: binds controls to the {@link DataViewModel} and draws its results. */
public final class DataView {

    @FXML
    private BorderPane root;
    @FXML
    private ComboBox<String> datasetBox;
    @FXML
    private ComboBox<WindowPreset> presetBox;
    @FXML
    private ComboBox<RunWindow> runBox;
    @FXML
    private DatePicker fromPicker;
    @FXML
    private DatePicker toPicker;
    @FXML
    private ComboBox<String> featureBox;
    @FXML
    private CheckBox colourByLabelBox;
    @FXML
    private ComboBox<Integer> shareClassBox;
    @FXML
    private Label busyLabel;
    @FXML
    private Label windowLabel;
    @FXML
    private Label balanceLabel;
    @FXML
    private Label errorLabel;
    @FXML
    private TabPane tabs;
    @FXML
    private TilePane histogramPane;
    @FXML
    private StackPane boxPlotHolder;
    @FXML
    private TableView<FeatureProfile> profileTable;
    @FXML
    private StackPane perDayHolder;
    @FXML
    private StackPane envelopeHolder;
    @FXML
    private StackPane scatterHolder;
    @FXML
    private StackPane correlationHolder;
    @FXML
    private Label drillLabel;
    @FXML
    private Label pageLabel;
    @FXML
    private Button previousButton;
    @FXML
    private Button nextButton;
    @FXML
    private TableView<DataRow> drillTable;

    private final DataViewModel model;
    private final Subscriptions subscriptions = new Subscriptions();
    private final ChartPanels panels = new ChartPanels();
    private final Map<String, HistogramChart> histogramCharts = new LinkedHashMap<>();
    private final CorrelationHeatmap heatmap = new CorrelationHeatmap();
    private final StaggeredUpdates chartUpdates = new StaggeredUpdates();
    private ScatterMatrix scatterMatrix;
    // Charts keep their axes and renderers; each result brings new data sets (see ChartData).
    private final TimeCharts timeCharts = new TimeCharts();
    private Envelope shownEnvelope;
    private ClassNames classes = ClassNames.UNNAMED;
    private final Parent view;

    public DataView(DataViewModel model) {
        this.model = model;
        this.view = FxmlViews.load(this);
        view.getStylesheets().add(Theme.url("data.css"));
    }

    public Parent root() {
        return view;
    }

    @FXML
    private void initialize() {
        bindPickers();
        buildFixedCharts();
        DataTables.profileColumns(profileTable);
        // a text, not a spinner: an endless animation would redraw the scene every pulse while queries run
        busyLabel.textProperty().bind(model.statusProperty());
        errorLabel.textProperty().bind(model.errorProperty());
        // a line of its own under the counts, taking no room while there is nothing wrong
        errorLabel.managedProperty().bind(errorLabel.textProperty().isNotEmpty());
        subscriptions.add(() -> busyLabel.textProperty().unbind());
        subscriptions.add(() -> errorLabel.textProperty().unbind());
        subscriptions.add(() -> errorLabel.managedProperty().unbind());

        subscriptions.onChange(model.catalogProperty(), (obs, old, ds) -> rebuildForDataset(ds));
        subscriptions.onChange(model.windowProperty(), (obs, old, w) -> windowLabel.setText(DataTexts.window(w)));
        subscriptions.onChange(model.labelBalanceProperty(), (obs, old, b) -> balanceLabel.setText(DataTexts.balance(b, classes)));
        // results reach the charts one chart per pulse (see StaggeredUpdates), shaped by the view-model's workers
        ShapedSeries series = model.series();
        subscriptions.onChange(series.histogramsProperty(), (obs, old, h) -> showHistograms(h));
        subscriptions.onChange(series.envelopeProperty(), (obs, old, e) -> chartUpdates.post(timeCharts.envelope(), () -> showEnvelope(e)));
        subscriptions.onChange(series.dayBoxesProperty(), (obs, old, b) -> chartUpdates.post(timeCharts.boxes(), () -> timeCharts.showBoxes(b)));
        subscriptions.onChange(series.perDayProperty(), (obs, old, d) -> chartUpdates.post(timeCharts.perDay(), () -> timeCharts.showPerDay(d)));
        subscriptions.onChange(model.scatterProperty(), (obs, old, s) -> showScatter(s));
        subscriptions.onChange(model.correlationProperty(), (obs, old, c) -> chartUpdates.post(heatmap.grid(), () -> showCorrelation(c)));
        profileTable.setItems(model.profile());
        drillTable.setItems(model.drillRows());
        // headers such as "pressure (bar)" stay whole in large type; a table too narrow for them scrolls sideways
        ColumnHeaders.keepWhole(profileTable, subscriptions);
        ColumnHeaders.keepWhole(drillTable, subscriptions);
        subscriptions.add(() -> profileTable.setItems(FXCollections.observableArrayList()));
        subscriptions.add(() -> drillTable.setItems(FXCollections.observableArrayList()));
        subscriptions.onChange(model.drillFilterProperty(), (obs, old, f) -> updatePageLabel());
        subscriptions.onChange(model.drillOffsetProperty(), (obs, old, o) -> updatePageLabel());
        subscriptions.onChange(model.drillTotalProperty(), (obs, old, t) -> updatePageLabel());
        updatePageLabel();
        windowLabel.setText(DataTexts.window(model.windowProperty().get()));
        rebuildForDataset(model.catalogProperty().get());
        // results that came while their tab was hidden are drawn once it is selected (see StaggeredUpdates)
        subscriptions.onChange(tabs.getSelectionModel().selectedItemProperty(), (obs, old, tab) -> chartUpdates.wake());
    }

    private void bindPickers() {
        datasetBox.setItems(model.datasets());
        datasetBox.valueProperty().bindBidirectional(model.datasetProperty());
        presetBox.getItems().setAll(WindowPreset.values());
        presetBox.valueProperty().bindBidirectional(model.presetProperty());
        runBox.setItems(model.runs());
        runBox.valueProperty().bindBidirectional(model.runProperty());
        runBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(RunWindow r) {
                return r == null ? "" : r.describe();
            }

            @Override
            public RunWindow fromString(String s) {
                return null;
            }
        });
        isoDates(fromPicker);
        isoDates(toPicker);
        fromPicker.valueProperty().bindBidirectional(model.customFromProperty());
        toPicker.valueProperty().bindBidirectional(model.customToProperty());
        featureBox.valueProperty().bindBidirectional(model.featureProperty());
        colourByLabelBox.selectedProperty().bindBidirectional(model.colourByLabelProperty());
        shareClassBox.valueProperty().bindBidirectional(model.shareCodeProperty());
        subscriptions.onChange(model.shareCodeProperty(), (obs, old, code) -> showShareName());
        subscriptions.add(() -> {
            shareClassBox.valueProperty().unbindBidirectional(model.shareCodeProperty());
            datasetBox.valueProperty().unbindBidirectional(model.datasetProperty());
            presetBox.valueProperty().unbindBidirectional(model.presetProperty());
            runBox.valueProperty().unbindBidirectional(model.runProperty());
            fromPicker.valueProperty().unbindBidirectional(model.customFromProperty());
            toPicker.valueProperty().unbindBidirectional(model.customToProperty());
            featureBox.valueProperty().unbindBidirectional(model.featureProperty());
            colourByLabelBox.selectedProperty().unbindBidirectional(model.colourByLabelProperty());
            datasetBox.setItems(FXCollections.observableArrayList());
            runBox.setItems(FXCollections.observableArrayList());
        });
        showPresetControls(model.presetProperty().get());
        subscriptions.onChange(model.presetProperty(), (obs, old, p) -> showPresetControls(p));
    }

    private void showPresetControls(WindowPreset p) {
        boolean run = p == WindowPreset.RUN;
        boolean custom = p == WindowPreset.CUSTOM;
        runBox.setVisible(run);
        runBox.setManaged(run);
        fromPicker.setVisible(custom);
        fromPicker.setManaged(custom);
        toPicker.setVisible(custom);
        toPicker.setManaged(custom);
        if (run && model.runs().isEmpty()) {
            runBox.setPromptText("No run has a training window yet");
        }
    }

    /** yyyy-MM-dd, typed or picked, like every other date in Kiln. */
    private static void isoDates(DatePicker picker) {
        picker.setConverter(new LocalDateStringConverter(DateTimeFormatter.ISO_LOCAL_DATE, DateTimeFormatter.ISO_LOCAL_DATE));
    }

    private void buildFixedCharts() {
        onClick(timeCharts.envelope(), this::onEnvelopeClicked);
        envelopeHolder.getChildren().add(panels.add("Feature over time: mean with min–max envelope per time bucket", "time-series",
                timeCharts.envelope(), timeCharts.envelopeNode()));
        boxPlotHolder.getChildren().add(panels.add("Distribution per day: median, quartiles and range", "daily-distribution", timeCharts.boxes(),
                timeCharts.boxesNode()));
        perDayHolder.getChildren().add(panels.add("Readings per day", "readings-per-day", timeCharts.perDay(), timeCharts.perDayNode()));
        correlationHolder.getChildren().add(panels.add("Correlation (Pearson)", "correlation", heatmap.grid(), heatmap::writeCsv));
    }

    /** Where exported files go (tests point it at a folder). */
    public void setExportTarget(ChartPanel.ExportTarget target) {
        panels.setExportTarget(target);
    }

    private void onClick(XYChart chart, BiConsumer<XYChart, MouseEvent> handler) {
        // a filter, because ChartFX's plugins consume the clicks on the plot area
        EventHandler<MouseEvent> filter = e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.isStillSincePress()) {
                handler.accept(chart, e);
            }
        };
        chart.addEventFilter(MouseEvent.MOUSE_CLICKED, filter);
        subscriptions.add(() -> chart.removeEventFilter(MouseEvent.MOUSE_CLICKED, filter));
    }

    /** The x-axis value under the mouse. */
    static double xValueAt(XYChart chart, MouseEvent e) {
        Axis axis = chart.getXAxis();
        Point2D p = ((Node) axis).sceneToLocal(e.getSceneX(), e.getSceneY());
        return axis.getValueForDisplay(p.getX());
    }

    private void rebuildForDataset(EdaDataset ds) {
        histogramCharts.values().forEach(h -> chartUpdates.forget(h.chart()));
        if (scatterMatrix != null) {
            scatterMatrix.charts().forEach(chartUpdates::forget);
        }
        histogramPane.getChildren().clear();
        panels.removeIf(p -> p.getStyleClass().contains("per-dataset"));
        histogramCharts.clear();
        scatterHolder.getChildren().clear();
        scatterMatrix = null;
        drillTable.getColumns().clear();
        if (ds == null) {
            featureBox.getItems().clear();
            return;
        }
        featureBox.getItems().setAll(ds.featureNames());
        classes = ClassNames.of(ds);
        // a multi-class label has no one "other" class: the user picks the class whose share is drawn
        shareClassBox.getItems().setAll(classes.multiClass() ? classes.drawOrder() : List.of());
        ClassPicker.showNames(shareClassBox, classes);
        shareClassBox.setVisible(classes.multiClass());
        shareClassBox.setManaged(classes.multiClass());
        colourByLabelBox.setText(classes.multiClass() ? "Share over time of" : "Share of " + classes.other() + " over time");
        showShareName();
        balanceLabel.setText(DataTexts.balance(model.labelBalanceProperty().get(), classes));
        for (EdaDataset.Feature f : ds.features()) {
            HistogramChart hc = new HistogramChart(f, classes);
            histogramCharts.put(f.name(), hc);
            onClick(hc.chart(), (chart, e) -> model.drillIntoBin(f.name(), xValueAt(chart, e), null));
            ChartPanel p = panels.add(f.labelWithUnit() + " by " + ds.labelColumn(), "histogram-" + f.name(), hc.node(),
                    hc::writeCsv);
            p.getStyleClass().add("per-dataset");
            histogramPane.getChildren().add(p);
        }
        scatterMatrix = new ScatterMatrix(ds, classes);
        scatterMatrix.sampleLabel().setMinWidth(Region.USE_PREF_SIZE);
        FlowPane sampleLine = new FlowPane(16, 4, scatterMatrix.sampleLabel(), scatterMatrix.legend());
        ChartPanel sp = panels.add("Scatter matrix", "scatter-matrix", new VBox(4, sampleLine, scatterMatrix.grid()), scatterMatrix::writeCsv);
        sp.getStyleClass().add("per-dataset");
        scatterHolder.getChildren().add(sp);
        DataTables.drillColumns(drillTable, ds, classes);
        showHistograms(model.series().histogramsProperty().get());
        if (model.scatterProperty().get() != null) {
            showScatter(model.scatterProperty().get());
        }
    }

    private void showShareName() {
        Integer code = model.shareCodeProperty().get();
        timeCharts.setShareName(classes.multiClass() && code != null ? classes.name(code) : classes.other());
    }

    private void showHistograms(Map<String, ChartSeries.HistogramBars> histograms) {
        if (histograms == null) {
            return;
        }
        histograms.forEach((name, h) -> {
            HistogramChart chart = histogramCharts.get(name);
            if (chart != null) {
                chartUpdates.post(chart.chart(), () -> chart.show(h));
            }
        });
    }

    private void showEnvelope(ChartSeries.EnvelopeLines lines) {
        shownEnvelope = lines == null ? null : lines.envelope();
        if (lines == null) {
            return;
        }
        EdaDataset ds = model.catalogProperty().get();
        if (ds != null && ds.featureNames().contains(lines.envelope().feature())) {
            timeCharts.setFeature(ds.feature(lines.envelope().feature()));
        }
        timeCharts.showEnvelope(lines);
    }

    private void showScatter(ScatterSample s) {
        if (s != null && scatterMatrix != null) {
            scatterMatrix.show(s, chartUpdates);
        }
    }

    private void showCorrelation(CorrelationMatrix c) {
        if (c != null) {
            heatmap.show(c);
        }
    }

    private void onEnvelopeClicked(XYChart chart, MouseEvent e) {
        Envelope env = shownEnvelope;
        if (env == null || env.size() == 0) {
            return;
        }
        long clickedMillis = (long) (xValueAt(chart, e) * 1000);
        long start = env.startMillis()[0] + Math.floorDiv(clickedMillis - env.startMillis()[0], env.bucketMillis()) * env.bucketMillis();
        model.drillIntoTime(toTime(start), toTime(start + env.bucketMillis()));
    }

    @FXML
    private void onRowsInVisibleRange() {
        Axis axis = timeCharts.envelope().getXAxis();
        model.drillIntoTime(toTime((long) (axis.getMin() * 1000)), toTime((long) (axis.getMax() * 1000)));
    }

    @FXML
    private void onPreviousPage() {
        model.previousPage();
    }

    @FXML
    private void onNextPage() {
        model.nextPage();
    }

    private void updatePageLabel() {
        RowFilter f = model.drillFilterProperty().get();
        long offset = model.drillOffsetProperty().get();
        long total = model.drillTotalProperty().get();
        drillLabel.setText(f == null ? "Click a histogram bar or a time range to see its rows." : DataTexts.drill(f, classes));
        pageLabel.setText(f == null || total == 0 ? "" : String.format(Locale.ROOT, "%,d–%,d of %,d", offset + 1,
                Math.min(total, offset + DataViewModel.PAGE_SIZE), total));
        previousButton.setDisable(f == null || offset == 0);
        nextButton.setDisable(f == null || offset + DataViewModel.PAGE_SIZE >= total);
    }

    private static LocalDateTime toTime(long millis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    /** The chart panels (for tests and exports). */
    public List<ChartPanel> panels() {
        return panels.all();
    }

    public TabPane tabs() {
        return tabs;
    }

    /** True once every shown chart has its latest data (updates go one chart per pulse; hidden tabs wait). */
    public boolean shownChartsUpToDate() {
        return chartUpdates.shownUpToDate();
    }

    public void dispose() {
        chartUpdates.dispose();
        subscriptions.dispose();
    }
}
