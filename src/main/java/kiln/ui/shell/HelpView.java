package kiln.ui.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import kiln.ui.common.StyleClasses;
import kiln.ui.common.Workspace;
import kiln.ui.demo.DemoBarView;

/**
 * The help page (F1) over the workspace area: what each workspace does, the keys, where Kiln keeps
 * its files on this machine. The keys are read off the menus' accelerators, so the page lists what the
 * window really answers to. Built in code when shown; it holds no listeners.
 */
final class HelpView {

    /** What each workspace does (README, "The workspaces"); a workspace not listed shows its subtitle. */
    static final Map<String, String> WORKSPACE_HELP = Map.of(
            "welcome", "The glassware demo, open or create a database, import a file, recent databases.",
            "data", "Pick a data set and a window: profile table, histograms by label, time-series envelopes computed in SQL, "
                    + "scatter matrix, correlations, per-day distributions, and drill-down to the rows.",
            "experiments", "Sweeps over trainers described as data (CART, random forest, extra trees, logistic baseline) on binned features, "
                    + "with live progress and cancel; the runs table with a filter language; comparison charts.",
            "registry", "Model versions with lineage; promote with confirmation, a note and the gate's verdict; demote, archive, "
                    + "model files and the production timeline.",
            "monitor", "The simulator panel; accuracy per window with its band, the label-free estimate, promotion and alert markers; "
                    + "feature drift, data quality, the alert lifecycle (acknowledge, silence, retrain) and an HTML report.",
            "fleet", "A model per group (sensor, line, machine): a groups × windows accuracy heatmap, worst first; the searchable "
                    + "group list sorted by accuracy, drop against the group's own baseline, open alerts or rows; alert storms as "
                    + "incidents; one group's accuracy against its baseline and band.");

    /** The guided demo's keys (the demo bar handles them). */
    static final List<String[]> DEMO_KEYS = List.of(
            new String[] {DemoBarView.NEXT_KEYS, "Guided demo: the next step"},
            new String[] {DemoBarView.BACK_KEYS, "Guided demo: show the step before again (the data stay as they are)"});

    private final ScrollPane root;

    HelpView(ShellViewModel model, MenuBar menus, Runnable close) {
        Label title = new Label("Kiln help");
        title.getStyleClass().add(StyleClasses.WORKSPACE_TITLE);
        Button closeButton = new Button("✕ Close (Esc)");
        closeButton.setId("help-close");
        closeButton.setCancelButton(true);
        closeButton.setMinWidth(Region.USE_PREF_SIZE);
        closeButton.setOnAction(e -> close.run());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox heading = new HBox(12, title, gap, closeButton);
        heading.setAlignment(Pos.CENTER_LEFT);

        VBox page = new VBox(10, heading,
                paragraph("Kiln keeps machine-learning models healthy after deployment: explore the data, train and compare models, "
                        + "promote the best one, watch its accuracy, drift and alerts as new data streams in, and retrain when it slips. "
                        + "Everything runs on this machine, offline."),
                section("Workspaces"), table(workspaceRows(model.workspaces())),
                section("Keys"), table(keyRows(menus)),
                section("Where data lives"), table(locationRows(model.dataLocations())),
                paragraph("Start Kiln with -Dkiln.home=DIR to keep all of them under one folder (demos, tests). "
                        + "One database file can be open in one Kiln process at a time."),
                section("Command line"),
                paragraph("kiln --demo opens the workbench straight into the guided demo; kiln --help lists the headless commands "
                        + "(simulate, import, train, score, monitor, model, bench, …); kiln help COMMAND explains one."));
        page.setPadding(new Insets(20, 24, 24, 24));
        page.getStyleClass().add("help-page");
        root = new ScrollPane(page);
        root.setFitToWidth(true);
        root.setId("help-page");
        root.getStyleClass().add("help-scroll");
    }

    Parent root() {
        return root;
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(StyleClasses.SECTION_TITLE);
        label.setPadding(new Insets(8, 0, 0, 0));
        return label;
    }

    private static Label paragraph(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }

    /** Two columns: a name that keeps its width, and a text that wraps. */
    private static GridPane table(List<String[]> rows) {
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(6);
        ColumnConstraints name = new ColumnConstraints();
        name.setMinWidth(Region.USE_PREF_SIZE);
        name.setHalignment(HPos.LEFT);
        ColumnConstraints text = new ColumnConstraints();
        text.setHgrow(Priority.ALWAYS);
        text.setMinWidth(0);
        grid.getColumnConstraints().setAll(name, text);
        for (int i = 0; i < rows.size(); i++) {
            Label key = new Label(rows.get(i)[0]);
            key.getStyleClass().add("help-term");
            key.setMinWidth(Region.USE_PREF_SIZE);
            Label value = paragraph(rows.get(i)[1]);
            GridPane.setValignment(key, VPos.TOP);
            grid.addRow(i, key, value);
        }
        return grid;
    }

    private static List<String[]> workspaceRows(List<Workspace> workspaces) {
        List<String[]> rows = new ArrayList<>();
        for (Workspace w : workspaces) {
            rows.add(new String[] {w.title(), WORKSPACE_HELP.getOrDefault(w.id(), w.subtitle())});
        }
        return rows;
    }

    /** Every menu item with an accelerator, as "Ctrl+1  Go ▸ Start", then the demo's keys. */
    static List<String[]> keyRows(MenuBar menus) {
        List<String[]> rows = new ArrayList<>();
        for (Menu menu : menus.getMenus()) {
            collectKeys(menu, plain(menu.getText()), rows);
        }
        rows.addAll(DEMO_KEYS);
        return rows;
    }

    private static void collectKeys(Menu menu, String path, List<String[]> rows) {
        for (MenuItem item : menu.getItems()) {
            if (item instanceof Menu sub) {
                collectKeys(sub, path + " ▸ " + plain(sub.getText()), rows);
            } else if (item.getAccelerator() != null && item.getText() != null) {
                rows.add(new String[] {item.getAccelerator().getDisplayText(), path + " ▸ " + plain(item.getText())});
            }
        }
    }

    /** A menu text without its mnemonic marker and trailing dots. */
    private static String plain(String text) {
        return text == null ? "" : text.replace("_", "").replace("…", "");
    }

    private static List<String[]> locationRows(List<ShellViewModel.DataLocation> locations) {
        return locations.stream().map(l -> new String[] {l.what(), l.where()}).toList();
    }
}
