package kiln.ui.fleet;

import java.util.List;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import kiln.domain.fleet.FleetResults.FeatureDistribution;
import kiln.domain.fleet.FleetResults.GroupFeatures;
import kiln.ui.monitor.CategoryShareChart;
import kiln.ui.monitor.DistributionChart;

/**
 * The group monitor's features tab: one feature at a time (the most changed chosen first), the
 * group's newest day against its training reference, drawn with the Monitor's distribution charts; a
 * sentence over the chart when there is nothing (or only one side) to compare.
 */
final class GroupFeaturesPane {

    private final Label summary = new Label();
    private final ComboBox<FeatureDistribution> featureBox = new ComboBox<>();
    private final Label featureLine = new Label();
    private final DistributionChart numeric = new DistributionChart("fleet-feature-distribution", "value", null,
            "reference", "newest day");
    private final CategoryShareChart categories = new CategoryShareChart();
    private final Label message = new Label();
    private final VBox root;
    private GroupFeatures shown;
    private boolean choosing;

    GroupFeaturesPane() {
        summary.setId("fleet-features-summary");
        summary.getStyleClass().add("muted");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        featureBox.setId("fleet-feature");
        featureBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(FeatureDistribution f) {
                return f == null ? "" : f.name() + " — " + FleetTexts.featureState(f);
            }

            @Override
            public FeatureDistribution fromString(String s) {
                return null;
            }
        });
        featureBox.valueProperty().addListener((obs, old, f) -> {
            if (!choosing) {
                showFeature(f);
            }
        });
        featureLine.setId("fleet-feature-line");
        featureLine.getStyleClass().add("muted");
        featureLine.setWrapText(true);
        featureLine.setMinHeight(Region.USE_PREF_SIZE);
        message.setId("fleet-features-message");
        message.getStyleClass().add("empty-state");
        message.setWrapText(true);
        categories.chart().setId("fleet-category-distribution");
        StackPane charts = new StackPane(numeric.chart(), categories.chart(), message);
        StackPane.setAlignment(message, Pos.TOP_CENTER);
        charts.setMinHeight(150);
        VBox.setVgrow(charts, Priority.ALWAYS);
        Label pick = new Label("Feature");
        pick.setMinWidth(Region.USE_PREF_SIZE);
        FlowPane picker = new FlowPane(8, 4, pick, featureBox);
        picker.setAlignment(Pos.CENTER_LEFT);
        root = new VBox(4, summary, picker, featureLine, charts);
        root.setMinHeight(0);
        show(null);
    }

    Node root() {
        return root;
    }

    ComboBox<FeatureDistribution> featureBox() {
        return featureBox;
    }

    DistributionChart numeric() {
        return numeric;
    }

    Label message() {
        return message;
    }

    Label summary() {
        return summary;
    }

    /** Shows a group's features; null shows nothing (no group chosen). */
    void show(GroupFeatures f) {
        shown = f;
        choosing = true;
        try {
            featureBox.getItems().setAll(f == null ? List.of() : f.features());
            FeatureDistribution first = f == null ? null : GroupSeries.mostChanged(f.features());
            featureBox.setValue(first);
        } finally {
            choosing = false;
        }
        summary.setText(f == null ? "" : FleetTexts.featuresSummary(f));
        featureBox.setDisable(f == null || f.features().isEmpty());
        showFeature(featureBox.getValue());
    }

    /** Shows {@code when} ("Reading…", or why the catalogue has nothing) instead of the charts. */
    void showMessage(String when) {
        show(null);
        message.setText(when);
        showOnly(message);
    }

    private void showFeature(FeatureDistribution f) {
        if (shown == null || f == null) {
            message.setText(shown == null ? "" : "The data set's catalogue entry lists no features.");
            showOnly(message);
            message.setVisible(!message.getText().isEmpty());
            return;
        }
        featureLine.setText(FleetTexts.featureLine(f));
        String why = FleetTexts.featureGap(shown, f);
        message.setText(why == null ? "" : why);
        if (f.numeric()) {
            if (f.reference() != null) {
                numeric.setXName(f.name());
                numeric.chart().getXAxis().setUnit(f.unit());
                numeric.rename(0, "reference (" + shown.reference() + ")");
                numeric.rename(1, "newest day");
                numeric.show(f.reference(), f.recent());
                // the bins' own range: autoranging on the bars' centres cut the outer bars in half
                double[] edges = f.reference().edges();
                DefaultNumericAxis x = (DefaultNumericAxis) numeric.chart().getXAxis();
                x.setAutoRanging(false);
                x.set(edges[0], edges[edges.length - 1]);
            }
            showOnly(f.reference() == null ? message : numeric.chart());
        } else if (f.categories().bars().isEmpty()) {
            message.setText(why != null ? why : "No values of " + f.name() + " in either window.");
            showOnly(message);
            return;
        } else {
            categories.show(f.categories(), "from " + FleetTexts.dayHour(shown.recentFrom()) + " UTC");
            showOnly(categories.chart());
        }
        message.setVisible(why != null);
    }

    private void showOnly(Node chart) {
        numeric.chart().setVisible(chart == numeric.chart());
        categories.chart().setVisible(chart == categories.chart());
        featureLine.setVisible(chart != message);
        featureLine.setManaged(featureLine.isVisible());
        message.setVisible(chart == message);
    }
}
