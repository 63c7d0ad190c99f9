package kiln.ui.monitor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;

import kiln.domain.DriftScore;
import kiln.domain.KpiGranularity;
import kiln.domain.QualityFinding;
import kiln.ui.chart.ChartExport;
import kiln.ui.chart.ChartPanel;
import kiln.ui.chart.ChartPanels;
import kiln.ui.common.FxmlViews;
import kiln.ui.common.StaggeredUpdates;
import kiln.ui.common.Subscriptions;
import kiln.ui.common.Theme;

/** The Monitor workspace's view: binds controls to the {@link MonitorViewModel} and draws its snapshots in place. */
public final class MonitorView {

    static final String ESTIMATE_NOTE = "Dashed: accuracy estimated from the model's confidence while labels are still missing; it is"
            + " replaced by the realised value when labels land. The estimate cannot see pure concept drift (same inputs, new"
            + " meaning): only labels reveal that.";

    @FXML
    private BorderPane root;
    @FXML
    private ScrollPane scroller;
    @FXML
    private Label statusLabel;
    @FXML
    private Label errorLabel;
    @FXML
    private StackPane simulatorSlot;
    @FXML
    private ComboBox<String> modelBox;
    @FXML
    private ComboBox<KpiGranularity> granularityBox;
    @FXML
    private TextField bandLowerField;
    @FXML
    private TextField bandUpperField;
    @FXML
    private Button setBandButton;
    @FXML
    private HBox counterfactualBox;
    @FXML
    private Label noSeriesLabel;
    @FXML
    private Button exportButton;
    @FXML
    private VBox kpiHolder;
    @FXML
    private Label estimateNote;
    @FXML
    private ComboBox<String> featureBox;
    @FXML
    private StackPane heatmapHolder;
    @FXML
    private StackPane distributionHolder;
    @FXML
    private StackPane predictionHolder;
    @FXML
    private TableView<QualityFinding> qualityTable;
    @FXML
    private StackPane alertHolder;
    @FXML
    private TabPane tabs;
    @FXML
    private Tab confusionTab;
    @FXML
    private StackPane healthHolder;
    @FXML
    private HBox exportResult;
    @FXML
    private Label exportMessage;
    @FXML
    private Hyperlink openReportLink;
    @FXML
    private Button dismissExportButton;
    @FXML
    private SplitPane split;
    @FXML
    private HBox messageRow;
    @FXML
    private SplitPane lowerSplit;

    private final MonitorViewModel model;
    private final Subscriptions subscriptions = new Subscriptions();
    /** The accuracy chart and the heatmap take a refresh in different pulses (see StaggeredUpdates). */
    private final StaggeredUpdates staged = new StaggeredUpdates();
    private final KpiChart kpiChart = new KpiChart();
    private final DriftHeatmap heatmap;
    private final FeatureDistributionPane distribution = new FeatureDistributionPane();
    private final DistributionChart predictions = new DistributionChart("prediction-distribution",
            "predicted probability of the positive class", null, "predictions in the window");
    private final ChartPanels panels = new ChartPanels();
    private final ReportExport reportExport;
    private final HealthStrip healthStrip = new HealthStrip();
    /** Says why the accuracy chart is empty, over the chart. */
    private final Label emptyMessage = new Label();
    private AlertPanel alertPanel;
    private ExportControls exportControls;
    private final Parent view;

    public MonitorView(MonitorViewModel model, ReportExport reportExport) {
        this.model = model;
        this.reportExport = reportExport;
        this.heatmap = new DriftHeatmap(model::showDetail);
        this.view = FxmlViews.load(this);
        view.getStylesheets().add(Theme.url("monitor.css"));
    }

    public Parent root() {
        return view;
    }

    @FXML
    private void initialize() {
        statusLabel.textProperty().bind(model.statusProperty());
        errorLabel.textProperty().bind(model.errorProperty());
        subscriptions.add(statusLabel.textProperty()::unbind);
        subscriptions.add(errorLabel.textProperty()::unbind);
        bindPickers();
        showSimulatorSlot();

        emptyMessage.setId("kpi-empty-message");
        emptyMessage.getStyleClass().add("empty-state");
        emptyMessage.setWrapText(true);
        emptyMessage.setMouseTransparent(true);
        StackPane kpiContent = new StackPane(kpiChart.chart(), emptyMessage);
        ChartPanel kpiPanel = panels.add("Accuracy over time: is it inside its acceptable band?", "kpi-chart", kpiContent,
                file -> ChartExport.writeCsv(kpiChart.chart(), file));
        VBox.setVgrow(kpiPanel, Priority.ALWAYS);
        kpiHolder.getChildren().add(0, kpiPanel);
        estimateNote.setTooltip(new Tooltip(ESTIMATE_NOTE));
        estimateNote.getTooltip().setWrapText(true);
        estimateNote.getTooltip().setMaxWidth(520);
        heatmapHolder.getChildren().add(panels.add("Drift verdict per feature and window", "drift-heatmap", heatmap.root(), this::writeDriftCsv));
        distributionHolder.getChildren().add(panels.add("Feature distribution", "feature-distribution", distribution.root(), distribution::writeCsv));
        predictionHolder.getChildren().add(panels.add("Prediction distribution", "prediction-distribution", predictions.chart()));
        QualityTable.fill(qualityTable, model.quality(), subscriptions);
        alertPanel = new AlertPanel(model.alertList(), model.openAlertsOnlyProperty(), subscriptions);
        alertHolder.getChildren().add(alertPanel.root());
        new ConfusionPanel(model.confusion(), confusionTab, subscriptions); // kept by its listeners, disposed with them
        healthHolder.getChildren().add(healthStrip.root());
        exportControls = new ExportControls(reportExport, model.snapshotProperty(), exportButton, exportResult, exportMessage, openReportLink,
                subscriptions);
        bindMessages();
        subscriptions.onChange(model.healthProperty(), (obs, old, h) -> healthStrip.show(h));
        subscriptions.onChange(model.emptyStateProperty(), (obs, old, e) -> showEmptyState(e));
        healthStrip.show(model.healthProperty().get());
        showEmptyState(model.emptyStateProperty().get());

        subscriptions.onChange(model.snapshotProperty(), (obs, old, s) -> show(s));
        // a heatmap refresh that came while the data-quality tab was selected is drawn once Drift is selected again
        subscriptions.onChange(tabs.getSelectionModel().selectedItemProperty(), (obs, old, tab) -> staged.wake());
        subscriptions.add(staged::dispose);
        subscriptions.onChange(model.windowDetailProperty(), (obs, old, d) -> showDetail(d));
        subscriptions.onChange(model.alertList().focusWindowProperty(), (obs, old, w) -> kpiChart.focus(w));
        subscriptions.onListChange(model.availableSeries(), c -> showSeriesToggles());
        subscriptions.onInvalidate(model.shownSeries(), obs -> counterfactualBox.getChildren().forEach(n -> {
            CheckBox box = (CheckBox) n;
            box.setSelected(model.shownSeries().contains(box.getUserData()));
        }));
        showSeriesToggles();
        if (model.snapshotProperty().get() != null) {
            show(model.snapshotProperty().get());
        }
    }

    private void bindMessages() {
        messageRow.visibleProperty().bind(errorLabel.textProperty().isNotEmpty().or(reportExport.messageProperty().isNotEmpty()));
        messageRow.managedProperty().bind(messageRow.visibleProperty());
        errorLabel.visibleProperty().bind(errorLabel.textProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        subscriptions.add(() -> {
            messageRow.visibleProperty().unbind();
            messageRow.managedProperty().unbind();
            errorLabel.visibleProperty().unbind();
            errorLabel.managedProperty().unbind();
        });
    }

    private void showEmptyState(MonitorEmptyState state) {
        emptyMessage.setText(state.message());
        emptyMessage.setVisible(state.kind() != MonitorEmptyState.Kind.NONE);
        // no labels yet: the estimate is drawn, so the note sits at the top instead of over the middle
        StackPane.setAlignment(emptyMessage, state.chartEmpty() ? Pos.CENTER : Pos.TOP_CENTER);
        if (state.chartEmpty()) {
            kpiChart.showEmpty();
        }
    }

    private void bindPickers() {
        modelBox.setItems(model.models());
        modelBox.valueProperty().bindBidirectional(model.modelProperty());
        granularityBox.getItems().setAll(KpiGranularity.values());
        granularityBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(KpiGranularity g) {
                return g == null ? "" : g == KpiGranularity.EVERY_500 ? g.label() : "per " + g.label();
            }

            @Override
            public KpiGranularity fromString(String s) {
                return null;
            }
        });
        granularityBox.valueProperty().bindBidirectional(model.granularityProperty());
        featureBox.valueProperty().bindBidirectional(model.featureProperty());
        subscriptions.add(() -> {
            modelBox.valueProperty().unbindBidirectional(model.modelProperty());
            granularityBox.valueProperty().unbindBidirectional(model.granularityProperty());
            featureBox.valueProperty().unbindBidirectional(model.featureProperty());
            modelBox.setItems(FXCollections.observableArrayList());
        });
    }

    /**
     * Draws a snapshot. The accuracy chart and the heatmap are handed their parts in different pulses:
     * each costs a layout pass and a software repaint, and stacked in one frame they made the pulse
     * after every live refresh the longest of the run (Monitor pulse bench: p99 ~30 ms with either
     * alone, ~45 ms with both in the same pulse). A newer snapshot replaces a part still pending.
     */
    private void show(MonitorSnapshot s) {
        if (s == null) {
            return;
        }
        staged.post(kpiChart.chart(), () -> kpiChart.show(s));
        staged.post(heatmap.root(), () -> showDrift(s));
        List<String> features = s.drift().stream().map(DriftScore::feature).distinct().toList();
        if (!featureBox.getItems().equals(features)) {
            featureBox.getItems().setAll(features);
        }
        if (!bandLowerField.isFocused() && !bandUpperField.isFocused()) {
            setTextIfChanged(bandLowerField, String.format(Locale.ROOT, "%.0f", s.band().lower() * 100));
            setTextIfChanged(bandUpperField, String.format(Locale.ROOT, "%.0f", s.band().upper() * 100));
        }
    }

    private void showDrift(MonitorSnapshot s) {
        heatmap.show(s.drift());
        WindowDetail d = model.windowDetailProperty().get();
        if (d != null) {
            heatmap.highlight(d.feature(), d.window());
        }
    }

    /** True when the chart and heatmap show the newest snapshot (or wait only for a tab to be selected). */
    boolean shownUpToDate() {
        return staged.shownUpToDate();
    }

    /** A text field re-lays out its text on every setText, even to the same string. */
    private static void setTextIfChanged(TextInputControl field, String text) {
        if (!text.equals(field.getText())) {
            field.setText(text);
        }
    }

    private void showDetail(WindowDetail d) {
        if (d == null) {
            return;
        }
        distribution.show(d);
        predictions.show(d.predictions());
        heatmap.highlight(d.feature(), d.window());
    }

    private void showSeriesToggles() {
        counterfactualBox.getChildren().clear();
        for (String series : model.availableSeries()) {
            CheckBox box = new CheckBox(KpiChart.counterfactualLabel(series));
            box.setId("series-" + series.replace(':', '-'));
            box.setUserData(series);
            box.setSelected(model.shownSeries().contains(series));
            box.setOnAction(e -> model.setSeriesShown(series, box.isSelected()));
            counterfactualBox.getChildren().add(box);
        }
        noSeriesLabel.setVisible(model.availableSeries().isEmpty());
        noSeriesLabel.setManaged(model.availableSeries().isEmpty());
    }

    private void showSimulatorSlot() {
        boolean has = !simulatorSlot.getChildren().isEmpty();
        simulatorSlot.setVisible(has);
        simulatorSlot.setManaged(has);
    }

    /** Places the simulator panel at the top of the workspace (null removes it). */
    public void setSimulatorPanel(Node panel) {
        if (panel == null) {
            simulatorSlot.getChildren().clear();
        } else {
            simulatorSlot.getChildren().setAll(panel);
        }
        showSimulatorSlot();
    }

    @FXML
    private void onSetBand() {
        model.setBandPercent(bandLowerField.getText(), bandUpperField.getText());
    }

    @FXML
    private void onShowAll() {
        model.alertList().clearFocus();
        model.confusion().select(null);
        kpiChart.focus(null);
    }

    @FXML
    private void onExport() {
        Path file = panels.exportTarget().choose(view.getScene() == null ? null : view.getScene().getWindow(), "monitor-report", "html");
        if (file != null) {
            exportReport(file);
        }
    }

    @FXML
    private void onOpenReport() {
        exportControls.openSaved();
    }

    @FXML
    private void onDismissExport() {
        exportControls.dismiss();
    }

    /** Saves what is shown as a self-contained HTML report with its own charts (drawn and written in the background). */
    public void exportReport(Path file) {
        exportControls.exportTo(file, model.snapshotProperty().get());
    }

    private void writeDriftCsv(Path file) {
        List<List<?>> rows = new ArrayList<>();
        for (DriftScore d : heatmap.shown()) {
            rows.add(List.of(d.feature(), d.windowStart().toString(), d.windowEnd().toString(), d.psi(), d.ksStatistic(), d.ksPValue(),
                    d.wasserstein(), d.level()));
        }
        ChartExport.writeCsv(List.of("feature", "window_start", "window_end", "psi", "ks_d", "ks_p", "wasserstein", "level"), rows, file);
    }

    /** Where exports go (tests use a folder instead of a dialog). */
    public void setExportTarget(ChartPanel.ExportTarget target) {
        panels.setExportTarget(target);
    }

    public void setAlertDialogs(AlertDialogs dialogs) {
        alertPanel.setDialogs(dialogs);
    }

    /** The window the Monitor is shown in (null while it is not shown). */
    Window window() {
        return view.getScene() == null ? null : view.getScene().getWindow();
    }

    HealthStrip healthStrip() {
        return healthStrip;
    }

    Label emptyMessage() {
        return emptyMessage;
    }

    FeatureDistributionPane distribution() {
        return distribution;
    }

    KpiChart kpiChart() {
        return kpiChart;
    }

    DriftHeatmap heatmap() {
        return heatmap;
    }

    AlertPanel alertPanel() {
        return alertPanel;
    }

    ScrollPane scroller() {
        return scroller;
    }

    StackPane simulatorSlot() {
        return simulatorSlot;
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    public void dispose() {
        subscriptions.dispose();
        counterfactualBox.getChildren().clear();
    }
}
