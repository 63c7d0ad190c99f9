package kiln.ui.monitor;

import java.nio.file.Path;
import java.util.List;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

import kiln.ui.chart.ChartExport;

/**
 * The Monitor's feature distribution for the chosen window: histograms of a numeric feature, category
 * share bars of a categorical one, or a sentence saying why neither can be drawn. One of the three is
 * shown at a time.
 */
final class FeatureDistributionPane {

    private final DistributionChart numeric = new DistributionChart("feature-distribution", "value", null,
            "reference (training window)", "current window");
    private final CategoryShareChart categories = new CategoryShareChart();
    private final Label message = new Label();
    private final StackPane root = new StackPane(numeric.chart(), categories.chart(), message);

    FeatureDistributionPane() {
        message.setId("feature-distribution-message");
        message.getStyleClass().add("empty-state");
        message.setWrapText(true);
        showOnly(numeric.chart());
    }

    Node root() {
        return root;
    }

    void show(WindowDetail d) {
        if (d.unavailable() != null) {
            message.setText(d.unavailable());
            showOnly(message);
        } else if (d.categories() != null) {
            categories.show(d.categories(), UtcTime.format(d.window().from()) + " UTC");
            showOnly(categories.chart());
        } else {
            numeric.setXName(d.feature());
            numeric.rename(1, "window from " + UtcTime.format(d.window().from()) + " UTC");
            numeric.show(d.reference(), d.current());
            showOnly(numeric.chart());
        }
    }

    /** Writes what is shown: the category shares by name, or the histogram bars (only the header while a message is shown). */
    void writeCsv(Path file) {
        if (categories.chart().isVisible()) {
            categories.writeCsv(file);
        } else if (numeric.chart().isVisible()) {
            ChartExport.writeCsv(numeric.chart(), file);
        } else {
            ChartExport.writeCsv(List.of(), numeric.chart().getXAxis().getName(), numeric.chart().getYAxis().getName(), file);
        }
    }

    private void showOnly(Node shown) {
        for (Node n : List.of(numeric.chart(), categories.chart(), message)) {
            n.setVisible(n == shown);
        }
    }

    CategoryShareChart categories() {
        return categories;
    }

    Label message() {
        return message;
    }
}
