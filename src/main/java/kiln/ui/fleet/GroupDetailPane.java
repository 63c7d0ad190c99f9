package kiln.ui.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import io.fair_acc.chartfx.XYChart;
import kiln.domain.AlertState;
import kiln.domain.fleet.FleetResults.FleetGroup;
import kiln.domain.fleet.FleetResults.GroupAlert;
import kiln.domain.fleet.FleetResults.GroupDetail;
import kiln.domain.fleet.FleetResults.GroupFeatures;
import kiln.ui.monitor.KpiChart;

/**
 * The group monitor: what the Monitor shows for a model, for one group. A heading says who serves
 * the group; three tabs hold its accuracy over time (the Monitor's accuracy chart: realised windows,
 * the group's rolling baseline, band and warning margin, promotions and alerts), its feature
 * distributions against its training reference, and its alerts.
 */
final class GroupDetailPane {

    static final String NOTHING_CHOSEN = "Choose a group";
    /** Tab headers, a line of text and a chart of about 200 px. */
    private static final double TAB_MIN_HEIGHT = 290;
    private static final String HINT = "Click a group in the list, a row of the heatmap or a member of an incident to open its monitor: "
            + "accuracy over time, feature distributions and alerts.";

    private final ScrollPane root;
    private final Label title = new Label(NOTHING_CHOSEN);
    private final Label headline = new Label(HINT);
    private final Label serving = new Label();
    private final KpiChart kpi = new KpiChart();
    private final Label accuracyNote = new Label();
    private final Label accuracyMessage = new Label();
    private final GroupFeaturesPane features = new GroupFeaturesPane();
    private final ListView<String> alerts = new ListView<>();
    private final TabPane tabs = new TabPane();
    private final Tab alertsTab;

    GroupDetailPane() {
        title.getStyleClass().add("section-title");
        title.setId("fleet-detail-title");
        for (Label l : List.of(title, headline, serving, accuracyNote)) {
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
        }
        headline.setId("fleet-detail-headline");
        headline.getStyleClass().add("muted");
        serving.setId("fleet-detail-serving");
        kpi.chart().setId("fleet-kpi-chart");
        kpi.chart().setMinHeight(150);
        accuracyNote.setId("fleet-accuracy-note");
        accuracyNote.getStyleClass().add("muted");
        accuracyMessage.setId("fleet-accuracy-message");
        accuracyMessage.getStyleClass().add("empty-state");
        accuracyMessage.setWrapText(true);
        StackPane chartArea = new StackPane(kpi.chart(), accuracyMessage);
        StackPane.setAlignment(accuracyMessage, Pos.CENTER);
        VBox.setVgrow(chartArea, Priority.ALWAYS);
        accuracyNote.visibleProperty().bind(accuracyNote.textProperty().isNotEmpty());
        accuracyNote.managedProperty().bind(accuracyNote.visibleProperty());
        VBox accuracy = new VBox(2, accuracyNote, chartArea);
        alerts.setId("fleet-detail-alerts");
        alerts.setPlaceholder(new Label("No alerts for this group."));
        Tab accuracyTab = tab("Accuracy", "fleet-tab-accuracy", accuracy);
        Tab featuresTab = tab("Features", "fleet-tab-features", features.root());
        alertsTab = tab("Alerts", "fleet-tab-alerts", alerts);
        tabs.getTabs().setAll(accuracyTab, featuresTab, alertsTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("fleet-detail-tabs");
        // the charts keep a readable height: below it the card scrolls
        tabs.setMinHeight(TAB_MIN_HEIGHT);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        VBox content = new VBox(4, title, headline, serving, tabs);
        // nothing chosen: only the hint, not empty axes
        for (Node part : List.of(serving, tabs)) {
            part.visibleProperty().bind(title.textProperty().isNotEqualTo(NOTHING_CHOSEN));
            part.managedProperty().bind(part.visibleProperty());
        }
        content.getStyleClass().add("fleet-detail");
        // a short card (a small window, large type) scrolls the group monitor rather than squeezing its charts flat
        root = new ScrollPane(content);
        root.setFitToWidth(true);
        root.setFitToHeight(true);
        root.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        root.getStyleClass().add("edge-to-edge");
        root.setId("fleet-detail-scroll");
        setMessage(null);
    }

    private static Tab tab(String text, String id, Node content) {
        Tab t = new Tab(text, content);
        t.setId(id);
        return t;
    }

    Node root() {
        return root;
    }

    /** The accuracy chart (the Monitor's). */
    XYChart chart() {
        return kpi.chart();
    }

    KpiChart kpi() {
        return kpi;
    }

    Label title() {
        return title;
    }

    Label serving() {
        return serving;
    }

    Label accuracyMessage() {
        return accuracyMessage;
    }

    ListView<String> alerts() {
        return alerts;
    }

    TabPane tabs() {
        return tabs;
    }

    GroupFeaturesPane features() {
        return features;
    }

    boolean bandShown() {
        return kpi.bandsShown();
    }

    /**
     * Shows a group's monitor; {@code group} may be null (nothing chosen), {@code detail} and {@code featureData} null or
     * another group's while they are read. {@code newestWindow} is the fleet's newest window, to tell a group that stopped.
     */
    void show(FleetGroup group, GroupDetail detail, GroupFeatures featureData, String noun, String model, Instant newestWindow) {
        String key = group == null ? null : group.groupKey();
        title.setText(group == null ? NOTHING_CHOSEN : noun + " " + key);
        showFeatures(key, featureData);
        if (group == null || detail == null || !detail.groupKey().equals(key)) {
            headline.setText(group == null ? HINT : "Reading…");
            serving.setText("");
            kpi.showEmpty();
            accuracyNote.setText("");
            setMessage(group == null ? null : "Reading…");
            alerts.getItems().clear();
            alertsTab.setText("Alerts");
            return;
        }
        headline.setText(FleetTexts.groupHeadline(noun, group));
        serving.setText(FleetTexts.serving(noun, detail.serving()));
        kpi.show(GroupSeries.accuracy(detail), GroupSeries.baseline(detail), GroupSeries.band(model, detail.band()), GroupSeries.markers(detail));
        String gap = FleetTexts.accuracyGap(noun, key, detail, newestWindow);
        boolean empty = !GroupSeries.anyLabelled(detail);
        setMessage(empty ? gap : null);
        accuracyNote.setText(empty || gap == null ? "" : gap); // the legend and the bands' names say what the chart shows
        List<String> lines = new ArrayList<>();
        long open = 0;
        for (GroupAlert a : detail.alerts()) {
            lines.add(FleetTexts.alert(a));
            open += a.state() == AlertState.RESOLVED ? 0 : 1;
        }
        alerts.getItems().setAll(lines);
        alertsTab.setText(detail.alerts().isEmpty() ? "Alerts (none)" : "Alerts (" + open + " open of " + detail.alerts().size() + ")");
    }

    private void showFeatures(String key, GroupFeatures f) {
        if (key == null) {
            features.show(null);
        } else if (f == null || !f.groupKey().equals(key)) {
            features.showMessage("Reading…");
        } else if (f.unavailable() != null) {
            features.showMessage(f.unavailable());
        } else {
            features.show(f);
        }
    }

    private void setMessage(String text) {
        accuracyMessage.setText(text == null ? "" : text);
        accuracyMessage.setVisible(text != null);
    }
}
