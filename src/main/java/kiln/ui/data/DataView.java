package kiln.ui.data;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
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
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.Axis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.geometry.Side;

import kiln.store.eda.EdaDataset;
import kiln.store.eda.EdaResults.CorrelationMatrix;
import kiln.store.eda.EdaResults.DataRow;
import kiln.store.eda.EdaResults.DayBox;
import kiln.store.eda.EdaResults.DayCount;
import kiln.store.eda.EdaResults.Envelope;
import kiln.store.eda.EdaResults.FeatureProfile;
import kiln.store.eda.EdaResults.Histogram;
import kiln.store.eda.EdaResults.LabelBalance;
import kiln.store.eda.EdaResults.RunWindow;
import kiln.store.eda.EdaResults.ScatterSample;
import kiln.store.eda.RowFilter;
import kiln.store.eda.TimeWindow;
import kiln.ui.chart.ChartData;
import kiln.ui.chart.ChartPanel;
import kiln.ui.chart.ChartStyles;
import kiln.ui.chart.KilnCharts;
import kiln.ui.common.FxmlViews;
import kiln.ui.common.StaggeredUpdates;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.Theme;

/** The Data workspace's view: binds controls to the {@link DataViewModel} and draws its results. */
public final class DataView {

    @FXML private BorderPane root;
    @FXML private ComboBox<String> datasetBox;
    @FXML private ComboBox<WindowPreset> presetBox;
    @FXML private ComboBox<RunWindow> runBox;
    @FXML private DatePicker fromPicker;
    @FXML private DatePicker toPicker;
    @FXML private ComboBox<String> featureBox;
    @FXML private CheckBox colourByLabelBox;
    @FXML private Label busyLabel;
    @FXML private Label windowLabel;
    @FXML private Label balanceLabel;
    @FXML private Label errorLabel;
    @FXML private TabPane tabs;
    @FXML private TilePane histogramPane;
    @FXML private StackPane boxPlotHolder;
    @FXML private TableView<FeatureProfile> profileTable;
    @FXML private StackPane perDayHolder;
    @FXML private StackPane envelopeHolder;
    @FXML private StackPane scatterHolder;
    @FXML private StackPane correlationHolder;
    @FXML private Label drillLabel;
    @FXML private Label pageLabel;
    @FXML private Button previousButton;
    @FXML private Button nextButton;
    @FXML private TableView<DataRow> drillTable;

    static final int BAD_SHARE_POINTS = 150;

    private final DataViewModel model;
    private final Subscriptions subscriptions = new Subscriptions();
    private final List<ChartPanel> panels = new ArrayList<>();
    private final Map<String, HistogramChart> histogramCharts = new LinkedHashMap<>();
    private final CorrelationHeatmap heatmap = new CorrelationHeatmap();
    private final StaggeredUpdates chartUpdates = new StaggeredUpdates();
    private ChartPanel.ExportTarget exportTarget = ChartPanel.ExportTarget.FILE_CHOOSER;
    private ScatterMatrix scatterMatrix;
    // Charts keep their axes and renderers; each result brings new data sets (see ChartData).
    private XYChart envelopeChart;
    private ErrorDataSetRenderer badShareRenderer;
    private XYChart boxChart;
    private XYChart perDayChart;
    private Envelope shownEnvelope;
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
        buildProfileTable();
        // a text, not a spinner: an endless animation would redraw the scene every pulse while queries run
        busyLabel.textProperty().bind(model.statusProperty());
        errorLabel.textProperty().bind(model.errorProperty());
        subscriptions.add(() -> busyLabel.textProperty().unbind());
        subscriptions.add(() -> errorLabel.textProperty().unbind());

        subscriptions.onChange(model.catalogProperty(), (obs, old, ds) -> rebuildForDataset(ds));
        subscriptions.onChange(model.windowProperty(), (obs, old, w) -> windowLabel.setText(describe(w)));
        subscriptions.onChange(model.labelBalanceProperty(), (obs, old, b) -> balanceLabel.setText(describe(b)));
        // results reach the charts one chart per pulse (see StaggeredUpdates)
        subscriptions.onChange(model.histogramsProperty(), (obs, old, h) -> showHistograms(h));
        subscriptions.onChange(model.envelopeProperty(), (obs, old, e) -> chartUpdates.post(envelopeChart, () -> showEnvelope(e)));
        subscriptions.onChange(model.dailyBoxesProperty(), (obs, old, b) -> chartUpdates.post(boxChart, () -> showBoxes(b)));
        subscriptions.onChange(model.readingsPerDayProperty(), (obs, old, d) -> chartUpdates.post(perDayChart, () -> showPerDay(d)));
        subscriptions.onChange(model.scatterProperty(), (obs, old, s) -> showScatter(s));
        subscriptions.onChange(model.correlationProperty(), (obs, old, c) -> chartUpdates.post(heatmap.grid(), () -> showCorrelation(c)));
        profileTable.setItems(model.profile());
        drillTable.setItems(model.drillRows());
        subscriptions.add(() -> profileTable.setItems(FXCollections.observableArrayList()));
        subscriptions.add(() -> drillTable.setItems(FXCollections.observableArrayList()));
        subscriptions.onChange(model.drillFilterProperty(), (obs, old, f) -> updatePageLabel());
        subscriptions.onChange(model.drillOffsetProperty(), (obs, old, o) -> updatePageLabel());
        subscriptions.onChange(model.drillTotalProperty(), (obs, old, t) -> updatePageLabel());
        updatePageLabel();
        windowLabel.setText(describe(model.windowProperty().get()));
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
        runBox.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(RunWindow r) {
                return r == null ? "" : r.describe();
            }

            @Override
            public RunWindow fromString(String s) {
                return null;
            }
        });
        fromPicker.valueProperty().bindBidirectional(model.customFromProperty());
        toPicker.valueProperty().bindBidirectional(model.customToProperty());
        featureBox.valueProperty().bindBidirectional(model.featureProperty());
        colourByLabelBox.selectedProperty().bindBidirectional(model.colourByLabelProperty());
        subscriptions.add(() -> {
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

    private void buildFixedCharts() {
        envelopeChart = KilnCharts.chart("Feature over time: mean with min–max envelope per time bucket", KilnCharts.timeAxis("process time"),
                KilnCharts.axis("value", null));
        var shareAxis = KilnCharts.axis("bad share", "%");
        shareAxis.setSide(Side.RIGHT);
        badShareRenderer = KilnCharts.lineRenderer();
        badShareRenderer.getAxes().add(shareAxis);
        envelopeChart.getRenderers().add(badShareRenderer);
        showEnvelopeData(new double[0], new double[0], new double[0], new double[0]);
        showBadShareData(new double[0], new double[0]);
        envelopeChart.setId("envelope-chart");
        onClick(envelopeChart, this::onEnvelopeClicked);
        envelopeHolder.getChildren().add(panel("Time series", "time-series", envelopeChart));

        boxChart = KilnCharts.chart("Distribution per day: median, quartiles and range", KilnCharts.timeAxis("day"), KilnCharts.axis("value", null));
        // whiskers, not shaded surfaces: ChartFX fills surfaces with a hatch pattern, costly to draw
        boxChart.getRenderers().setAll(KilnCharts.whiskerRenderer());
        showBoxes(List.of());
        boxChart.setId("box-chart");
        boxPlotHolder.getChildren().add(panel("Per day", "daily-distribution", boxChart));

        perDayChart = KilnCharts.chart("Readings per day", KilnCharts.timeAxis("day"), KilnCharts.countAxis("readings"));
        perDayChart.getRenderers().setAll(KilnCharts.barRenderer());
        showPerDay(List.of());
        perDayHolder.getChildren().add(panel("Readings per day", "readings-per-day", perDayChart));

        correlationHolder.getChildren().add(panel("Correlation (Pearson)", "correlation", heatmap.grid(), heatmap::writeCsv));
    }

    private ChartPanel panel(String heading, String stem, XYChart chart) {
        ChartPanel p = new ChartPanel(heading, stem, chart);
        p.setExportTarget(exportTarget);
        panels.add(p);
        return p;
    }

    private ChartPanel panel(String heading, String stem, Node content, java.util.function.Consumer<java.nio.file.Path> csv) {
        ChartPanel p = new ChartPanel(heading, stem, content, csv);
        p.setExportTarget(exportTarget);
        panels.add(p);
        return p;
    }

    /** Where exported files go (tests point it at a folder). */
    public void setExportTarget(ChartPanel.ExportTarget target) {
        this.exportTarget = target;
        panels.forEach(p -> p.setExportTarget(target));
    }

    private void onClick(XYChart chart, java.util.function.BiConsumer<XYChart, MouseEvent> handler) {
        // a filter, because ChartFX's plugins consume the clicks on the plot area
        javafx.event.EventHandler<MouseEvent> filter = e -> {
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
        for (EdaDataset.Feature f : ds.features()) {
            HistogramChart hc = new HistogramChart(f);
            histogramCharts.put(f.name(), hc);
            onClick(hc.chart(), (chart, e) -> model.drillIntoBin(f.name(), xValueAt(chart, e), null));
            ChartPanel p = panel("Histogram of " + f.labelWithUnit(), "histogram-" + f.name(), hc.chart());
            p.getStyleClass().add("per-dataset");
            histogramPane.getChildren().add(p);
        }
        scatterMatrix = new ScatterMatrix(ds);
        ChartPanel sp = panel("Scatter matrix", "scatter-matrix", new VBox(4, scatterMatrix.sampleLabel(), scatterMatrix.grid()),
                scatterMatrix::writeCsv);
        sp.getStyleClass().add("per-dataset");
        scatterHolder.getChildren().add(sp);
        buildDrillColumns(ds);
        showHistograms(model.histogramsProperty().get());
        if (model.scatterProperty().get() != null) {
            showScatter(model.scatterProperty().get());
        }
    }

    private void buildProfileTable() {
        profileTable.getColumns().setAll(List.of(
                column("feature", p -> p.unit() == null ? p.feature() : p.feature() + " (" + p.unit() + ")"),
                column("count", p -> count(p.count())), column("missing", p -> count(p.missing())),
                column("mean", p -> num(p.mean())), column("std", p -> num(p.std())), column("min", p -> num(p.min())),
                column("p1", p -> num(p.p1())), column("p25", p -> num(p.p25())), column("median", p -> num(p.median())),
                column("p75", p -> num(p.p75())), column("p99", p -> num(p.p99())), column("max", p -> num(p.max())),
                column("distinct ≈", p -> count(p.distinct())), column("out of range", p -> count(p.outOfRange()))));
        profileTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    private void buildDrillColumns(EdaDataset ds) {
        List<TableColumn<DataRow, String>> cols = new ArrayList<>();
        cols.add(column("id", r -> Long.toString(r.id())));
        cols.add(column("time (UTC)", r -> r.time() == null ? "" : r.time().toString().replace('T', ' ')));
        for (EdaDataset.Feature f : ds.features()) {
            cols.add(column(f.labelWithUnit(), r -> num(r.values().get(f.name()))));
        }
        cols.add(column("label", r -> r.label() == null ? "not yet" : r.label() == 1 ? "good" : "bad"));
        drillTable.getColumns().setAll(cols);
        drillTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    private static <S> TableColumn<S, String> column(String title, Function<S, String> value) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setSortable(false);
        return c;
    }

    private void showHistograms(Map<String, Histogram> histograms) {
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

    private void showEnvelope(Envelope e) {
        shownEnvelope = e;
        if (e == null) {
            return;
        }
        EdaDataset ds = model.catalogProperty().get();
        if (ds != null && ds.featureNames().contains(e.feature())) {
            EdaDataset.Feature f = ds.feature(e.feature());
            envelopeChart.getYAxis().setName(f.name());
            envelopeChart.getYAxis().setUnit(f.unit());
            boxChart.getYAxis().setName(f.name());
            boxChart.getYAxis().setUnit(f.unit());
        }
        int n = e.size();
        double[] x = new double[n];
        double[] eyn = new double[n];
        double[] eyp = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (e.startMillis()[i] + e.bucketMillis() / 2.0) / 1000.0;
            eyn[i] = e.mean()[i] - e.min()[i];
            eyp[i] = e.max()[i] - e.mean()[i];
        }
        showEnvelopeData(x, e.mean().clone(), eyn, eyp);
        showBadShare(e, x);
    }

    private void showEnvelopeData(double[] x, double[] mean, double[] eyn, double[] eyp) {
        ChartData.replace(envelopeChart.getDatasets(), ChartData.xyErrors("mean (min–max envelope)", x, mean, eyn, eyp));
    }

    private void showBadShareData(double[] x, double[] share) {
        ChartData.replace(badShareRenderer.getDatasets(),
                KilnCharts.styled(ChartData.xy("bad share of labelled readings", x, share), ChartStyles.BAD));
    }

    /**
     * The bad share over {@link #BAD_SHARE_POINTS} coarser spans (count-weighted), since a pixel
     * bucket of a small window holds a handful of readings and its share is 0, 50 or 100 %.
     */
    private void showBadShare(Envelope e, double[] x) {
        int n = e.size();
        int group = Math.max(1, (n + BAD_SHARE_POINTS - 1) / BAD_SHARE_POINTS);
        double[] sx = new double[(n + group - 1) / group];
        double[] sy = new double[sx.length];
        int m = 0;
        for (int start = 0; start < n; start += group) {
            double weighted = 0;
            double weight = 0;
            double xs = 0;
            int end = Math.min(n, start + group);
            for (int i = start; i < end; i++) {
                xs += x[i];
                if (!Double.isNaN(e.badShare()[i])) {
                    weighted += e.badShare()[i] * e.count()[i];
                    weight += e.count()[i];
                }
            }
            if (weight > 0) {
                sx[m] = xs / (end - start);
                sy[m++] = 100 * weighted / weight;
            }
        }
        showBadShareData(java.util.Arrays.copyOf(sx, m), java.util.Arrays.copyOf(sy, m));
    }

    private void showBoxes(List<DayBox> boxes) {
        int n = boxes.size();
        double[] x = new double[n];
        double[] median = new double[n];
        double[] lowRange = new double[n];
        double[] highRange = new double[n];
        double[] lowQ = new double[n];
        double[] highQ = new double[n];
        for (int i = 0; i < n; i++) {
            DayBox b = boxes.get(i);
            x[i] = b.day().atTime(12, 0).toEpochSecond(ZoneOffset.UTC);
            median[i] = b.median();
            lowRange[i] = b.median() - b.min();
            highRange[i] = b.max() - b.median();
            lowQ[i] = b.median() - b.p25();
            highQ[i] = b.p75() - b.median();
        }
        ChartData.replace(boxChart.getDatasets(), ChartData.xyErrors("min–max", x, median, lowRange, highRange),
                ChartData.xyErrors("median with 25–75 % quartiles", x.clone(), median.clone(), lowQ, highQ));
    }

    private void showPerDay(List<DayCount> days) {
        double[] x = new double[days.size()];
        double[] y = new double[days.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = days.get(i).day().atTime(12, 0).toEpochSecond(ZoneOffset.UTC);
            y[i] = days.get(i).readings();
        }
        ChartData.replace(perDayChart.getDatasets(), ChartData.xy("readings", x, y));
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
        Axis axis = envelopeChart.getXAxis();
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
        drillLabel.setText(f == null ? "Click a histogram bar or a time range to see its rows." : f.describe());
        pageLabel.setText(f == null || total == 0 ? "" : String.format(Locale.ROOT, "%,d–%,d of %,d", offset + 1,
                Math.min(total, offset + DataViewModel.PAGE_SIZE), total));
        previousButton.setDisable(f == null || offset == 0);
        nextButton.setDisable(f == null || offset + DataViewModel.PAGE_SIZE >= total);
    }

    private static LocalDateTime toTime(long millis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    private static String describe(TimeWindow w) {
        if (w == null || w.isAll()) {
            return "Window: all readings";
        }
        return "Window: " + (w.from() == null ? "…" : w.from().toString().replace('T', ' ')) + " to "
                + (w.to() == null ? "…" : w.to().toString().replace('T', ' '));
    }

    private static String describe(LabelBalance b) {
        if (b == null) {
            return "";
        }
        long labelled = b.good() + b.bad();
        return String.format(Locale.ROOT, "%,d readings: %,d good, %,d bad (%.1f %% of labelled), %,d not labelled yet", b.total(), b.good(),
                b.bad(), labelled == 0 ? 0.0 : 100.0 * b.bad() / labelled, b.unlabelled());
    }

    private static String num(Double v) {
        return v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** The chart panels (for tests and exports). */
    public List<ChartPanel> panels() {
        return List.copyOf(panels);
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
