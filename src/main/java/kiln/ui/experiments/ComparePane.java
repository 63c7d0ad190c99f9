package kiln.ui.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;

import kiln.ui.chart.ChartPanel;
import kiln.ui.common.Subscriptions;

/**
 * The Compare and Charts tabs: the diff table and confusion matrices of the selected runs, and the
 * metric-vs-parameter scatter, parallel coordinates, ROC and calibration charts.
 */
final class ComparePane {

    static final double CHART_MIN_HEIGHT = 300;

    /** The tabs' controls, as the FXML view holds them. */
    record Controls(Label compareLabel, TableView<RunComparison.Row> diffTable, StackPane confusionHolder, ComboBox<String> scatterMetric,
            ComboBox<String> scatterParam, CheckBox logAxis, GridPane chartGrid) {
    }

    private final ExperimentsViewModel model;
    private final Controls c;
    private final CompareCharts charts = new CompareCharts();
    private final ConfusionMatrices confusion = new ConfusionMatrices();

    ComparePane(ExperimentsViewModel model, Controls controls) {
        this.model = model;
        this.c = controls;
    }

    void bind(Subscriptions subscriptions) {
        c.diffTable().getStyleClass().add("diff-table");
        c.diffTable().setPlaceholder(new Label("Select two or more runs in the table above."));
        c.diffTable().setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(RunComparison.Row row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll("differs", "same", "section-run", "section-parameter", "section-metric");
                if (!empty && row != null) {
                    getStyleClass().addAll(row.differs() ? "differs" : "same", "section-" + row.section().name().toLowerCase(Locale.ROOT));
                }
            }
        });
        c.confusionHolder().getChildren().setAll(confusion);
        c.chartGrid().add(new ChartPanel("Metric vs parameter", "metric-vs-parameter", charts.scatter()), 0, 0);
        c.chartGrid().add(new ChartPanel("Parallel coordinates", "parallel-coordinates", charts.parallel()), 1, 0);
        c.chartGrid().add(new ChartPanel("ROC curves", "roc-curves", charts.roc()), 0, 1);
        c.chartGrid().add(new ChartPanel("Calibration curves", "calibration-curves", charts.calibration()), 1, 1);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(50);
            c.chartGrid().getColumnConstraints().add(cc);
            RowConstraints rc = new RowConstraints();
            // Charts need room to be read; the tab scrolls when the window is small.
            rc.setMinHeight(CHART_MIN_HEIGHT);
            rc.setVgrow(Priority.ALWAYS);
            c.chartGrid().getRowConstraints().add(rc);
        }
        c.scatterMetric().setItems(FXCollections.observableArrayList(SweepForm.METRICS));
        c.scatterMetric().setValue("accuracy");
        c.logAxis().setTooltip(new Tooltip("Log scale on the parameter axis (for numbers of trees, learning rates, …)"));
        subscriptions.onInvalidate(c.scatterMetric().valueProperty(), o -> showScatter());
        subscriptions.onInvalidate(c.scatterParam().valueProperty(), o -> showScatter());
        subscriptions.onInvalidate(c.logAxis().selectedProperty(), o -> showScatter());
        subscriptions.onListChange(model.runs(), ch -> {
            updateScatterParams();
            showScatter();
        });
        subscriptions.onInvalidate(model.comparisonProperty(), o -> showComparison());
        subscriptions.onInvalidate(model.curvesProperty(), o -> showCurves());
        subscriptions.onChange(model.bestMetricProperty(), (o, a, m) -> c.scatterMetric().setValue(m));
        updateScatterParams();
        showComparison();
    }

    /** Offers the listed runs' numeric parameters, keeping the choice while it is still one of them. */
    private void updateScatterParams() {
        List<String> params = model.scatterParams();
        String current = c.scatterParam().getValue();
        c.scatterParam().setItems(FXCollections.observableArrayList(params));
        if (current != null && params.contains(current)) {
            c.scatterParam().setValue(current);
        } else {
            c.scatterParam().setValue(params.contains("maxDepth") ? "maxDepth" : params.isEmpty() ? null : params.get(0));
        }
    }

    private void showScatter() {
        charts.showScatter(model.runs(), model.selected(), c.scatterMetric().getValue() == null ? "accuracy" : c.scatterMetric().getValue(),
                c.scatterParam().getValue(), c.logAxis().isSelected());
    }

    private void showComparison() {
        RunComparison comparison = model.comparisonProperty().get();
        showScatter();
        if (comparison == null) {
            c.diffTable().getColumns().clear();
            c.diffTable().getItems().clear();
            confusion.getChildren().clear();
            charts.clear();
            c.compareLabel().setText("Select two or more runs (Ctrl/Shift-click) to compare them.");
            return;
        }
        long differing = comparison.differingRows().size();
        c.compareLabel().setText(comparison.runs().size() + " runs compared: " + differing + " of " + comparison.rows().size()
                + " properties differ (bold; parameters amber, metrics green).");
        List<TableColumn<RunComparison.Row, String>> cols = new ArrayList<>();
        TableColumn<RunComparison.Row, String> what = new TableColumn<>("property");
        what.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().name()));
        what.setPrefWidth(140);
        cols.add(what);
        for (int i = 0; i < comparison.runs().size(); i++) {
            int k = i;
            TableColumn<RunComparison.Row, String> col = new TableColumn<>("run #" + comparison.runs().get(i).runId());
            col.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().values().get(k)));
            col.setPrefWidth(110);
            col.setSortable(false);
            cols.add(col);
        }
        c.diffTable().getColumns().setAll(cols);
        c.diffTable().getItems().setAll(comparison.rows());
        confusion.show(comparison.runs());
        charts.showParallel(comparison.runs(), model.bestMetricProperty().get());
        showCurves();
    }

    private void showCurves() {
        RunComparison comparison = model.comparisonProperty().get();
        if (comparison != null) {
            charts.showCurves(comparison.runs(), model.curvesProperty().get());
        }
    }
}
