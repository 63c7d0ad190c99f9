package kiln.ui.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;

import kiln.domain.DriftLevel;
import kiln.domain.DriftScore;

/**
 * Feature × window drift as a grid of cells coloured by level (monitor.css maps {@code drift-ok},
 * {@code drift-warn}, {@code drift-alert} to the band tokens), newest window on the right, with a
 * legend. Clicking a cell chooses that feature and window for the distribution views. Cells are
 * reused while the grid keeps its shape; only a new shape rebuilds them. One tooltip serves the whole
 * grid and is written only when the pointer enters a cell: a tooltip per cell is a popup window with
 * its own scene (a rebuild of a few hundred cells took 100-230 ms of the FX thread), and rewriting
 * hundreds of tooltip texts on every live refresh cost more than the cells themselves.
 */
final class DriftHeatmap {

    /** Hourly windows would make thousands of cells; the newest ones are what matter. */
    static final int MAX_WINDOWS = 48;
    static final String SELECTED = "drift-selected";
    /** The score a cell shows ({@link #NO_DATA}: none), read by the shared tooltip when the pointer enters the cell. */
    private static final String SCORE = "kiln.drift.score";

    /** Height of the row of dates over the columns, and of each feature's row: the names beside the scrolling cells line up with them. */
    private static final double HEADER_HEIGHT = 22;
    private static final double ROW_HEIGHT = 26;
    private final GridPane grid = new GridPane();
    /** The feature names, outside the part that scrolls sideways, so they stay in view. */
    private final GridPane names = new GridPane();
    private final VBox root;
    private final BiConsumer<String, TimeRange> onCellClicked;
    private final Map<String, Label[]> cells = new LinkedHashMap<>();
    private final List<Label> headers = new ArrayList<>();
    private final Tooltip tooltip = new Tooltip();
    private Label hovered;
    private List<String> features = List.of();
    private List<TimeRange> windows = List.of();
    private List<DriftScore> shown = List.of();
    private Label selected;

    DriftHeatmap(BiConsumer<String, TimeRange> onCellClicked) {
        this.onCellClicked = onCellClicked;
        grid.getStyleClass().add("drift-grid");
        grid.setHgap(1);
        grid.setVgap(1);
        grid.setId("drift-heatmap");
        Tooltip.install(grid, tooltip);
        // The cell under the pointer names itself in the shared tooltip (the cells are the grid's children).
        grid.addEventFilter(MouseEvent.MOUSE_ENTERED_TARGET, e -> {
            if (e.getTarget() instanceof Label cell && cell.getProperties().containsKey(SCORE)) {
                hovered = cell;
                describeIn(tooltip, cell);
            }
        });
        // The colours are the verdict of docs/drift.md: KS decides whether anything changed (at most 1 % false
        // alarms per feature in 42 days), PSI and Wasserstein (W/std) whether the change is more than chance and noise.
        FlowPane legend = new FlowPane(12, 4, swatch("drift-ok", "stable: within chance"),
                swatch("drift-warn", "small change: real, < 0.1 sd"), swatch("drift-alert", "drift: real, ≥ 0.1 sd"),
                swatch("drift-too-few", "too few rows to judge"));
        legend.setAlignment(Pos.CENTER_LEFT);
        legend.setPrefWrapLength(360); // two short rows: the pane scrolls sideways with the grid, the legend should not
        legend.setMaxWidth(Region.USE_PREF_SIZE);
        Label hint = new Label("Rows: features. Columns: windows, newest on the right. Click a cell to compare its distribution with the reference.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        names.getStyleClass().add("drift-grid");
        names.setVgap(1);
        HBox table = new HBox(0, names, scrolling(grid));
        HBox.setHgrow(table.getChildren().get(1), Priority.ALWAYS);
        root = new VBox(6, hint, table, legend);
        root.getStyleClass().add("drift-heatmap");
    }

    /**
     * The grid as wide as the pane, scrolled sideways where it does not fit (many windows, large type):
     * cells with values keep the width their values need (squeezing cut them to "…"), and a grid wider
     * than the pane pushed the titles around it out of view.
     */
    private static ScrollPane scrolling(GridPane grid) {
        ScrollPane scroll = new ScrollPane(grid);
        scroll.getStyleClass().addAll("edge-to-edge", "drift-scroll");
        scroll.setFitToWidth(true);
        scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        // a minimum viewport width makes the pane keep room for its scroll bar below the grid rather than over its last row
        scroll.setMinViewportWidth(80);
        // the newest windows, on the right, are the ones to see first; the feature names stay beside the scrolled cells
        scroll.setHvalue(1);
        grid.widthProperty().addListener((obs, old, width) -> scroll.setHvalue(1));
        return scroll;
    }

    VBox root() {
        return root;
    }

    GridPane grid() {
        return grid;
    }

    List<DriftScore> shown() {
        return shown;
    }

    void show(List<DriftScore> scores) {
        TreeSet<Instant> starts = new TreeSet<>();
        Map<String, Map<Instant, DriftScore>> byFeature = new LinkedHashMap<>();
        for (DriftScore d : scores) {
            starts.add(d.windowStart());
            byFeature.computeIfAbsent(d.feature(), f -> new LinkedHashMap<>()).put(d.windowStart(), d);
        }
        List<Instant> kept = new ArrayList<>(starts.descendingSet()).subList(0, Math.min(MAX_WINDOWS, starts.size()));
        Collections.reverse(kept);
        List<TimeRange> newWindows = new ArrayList<>();
        for (Instant start : kept) {
            DriftScore any = byFeature.values().stream().map(m -> m.get(start)).filter(Objects::nonNull).findFirst().orElseThrow();
            newWindows.add(new TimeRange(any.windowStart(), any.windowEnd()));
        }
        List<String> newFeatures = List.copyOf(byFeature.keySet());
        if (!newFeatures.equals(features)) {
            rebuild(newFeatures, newWindows);
        } else if (newWindows.size() != windows.size()) {
            resize(newWindows);
        } else if (!newWindows.equals(windows)) {
            slide(newWindows);
        }
        shown = scores;
        for (String f : features) {
            Label[] row = cells.get(f);
            for (int w = 0; w < windows.size(); w++) {
                DriftScore d = byFeature.get(f).get(windows.get(w).from());
                Label cell = row[w];
                // Touch only what changed: a style-class change re-applies CSS to the cell, on every refresh otherwise.
                String level = d == null ? "drift-none" : "drift-" + d.level();
                if (!cell.getStyleClass().contains(level)) {
                    cell.getStyleClass().removeAll("drift-ok", "drift-warn", "drift-alert", "drift-too-few", "drift-none");
                    cell.getStyleClass().add(level);
                }
                // A narrow cell cannot hold "0.12" (it showed "0…"): it keeps its colour, the tooltip gives the value.
                cell.setText(d == null || !wideCells() || DriftLevel.TOO_FEW == d.level() ? ""
                        : String.format(Locale.ROOT, "%.2f", d.psi()));
                cell.getProperties().put(SCORE, d == null ? NO_DATA : d);
                if (cell == hovered) {
                    describeIn(tooltip, cell); // live data moved under the pointer
                }
            }
        }
    }

    /**
     * The same features over as many windows, moved on in time (live data): the cells stay and only
     * the column headers change; rebuilding the grid would create and style every cell again.
     */
    private void slide(List<TimeRange> newWindows) {
        windows = newWindows;
        select(null); // the view highlights the chosen window again where it now is
        for (int i = 0; i < headers.size(); i++) {
            headers.get(i).setText(headerText(i * labelEvery()));
        }
    }

    private int labelEvery() {
        return Math.max(1, windows.size() / 6);
    }

    private String headerText(int window) {
        return UtcTime.format(windows.get(window).from()).substring(5, 10);
    }

    private void rebuild(List<String> newFeatures, List<TimeRange> newWindows) {
        grid.getChildren().clear();
        names.getChildren().clear();
        grid.getRowConstraints().setAll(fixedRow(HEADER_HEIGHT));
        names.getRowConstraints().setAll(fixedRow(HEADER_HEIGHT));
        cells.clear();
        headers.clear();
        selected = null;
        hovered = null;
        features = newFeatures;
        windows = newWindows;
        placeHeaders();
        for (int f = 0; f < features.size(); f++) {
            String feature = features.get(f);
            Label name = new Label(feature);
            name.getStyleClass().add("drift-header");
            name.setMinWidth(Region.USE_PREF_SIZE);
            names.add(name, 0, f + 1);
            names.getRowConstraints().add(fixedRow(ROW_HEIGHT));
            grid.getRowConstraints().add(fixedRow(ROW_HEIGHT));
            Label[] row = new Label[windows.size()];
            for (int w = 0; w < windows.size(); w++) {
                row[w] = addCell(feature, f, w);
            }
            cells.put(feature, row);
        }
    }

    /**
     * The same features over more (or fewer) windows, as live data opens a new window: the cells there
     * stay, columns are added or removed at the right and the few column headers are placed again.
     */
    private void resize(List<TimeRange> newWindows) {
        int before = windows.size();
        windows = newWindows;
        select(null);
        grid.getChildren().removeAll(headers);
        headers.clear();
        placeHeaders();
        for (int f = 0; f < features.size(); f++) {
            String feature = features.get(f);
            Label[] old = cells.get(feature);
            Label[] row = Arrays.copyOf(old, windows.size());
            for (int w = windows.size(); w < before; w++) {
                grid.getChildren().remove(old[w]);
                if (old[w] == hovered) {
                    hovered = null;
                }
            }
            for (int w = before; w < windows.size(); w++) {
                row[w] = addCell(feature, f, w);
            }
            for (Label cell : row) {
                cell.setMinWidth(minCellWidth());
                cell.setPrefWidth(cellWidth());
            }
            cells.put(feature, row);
        }
    }

    private void placeHeaders() {
        int labelEvery = labelEvery();
        for (int w = 0; w < windows.size(); w += labelEvery) {
            Label header = new Label(headerText(w));
            header.getStyleClass().add("drift-header");
            header.setMinWidth(Region.USE_PREF_SIZE); // its columns widen rather than cut the date
            headers.add(header);
            grid.add(header, w, 0, Math.min(labelEvery, windows.size() - w), 1);
        }
    }

    private static RowConstraints fixedRow(double height) {
        return new RowConstraints(height, height, height);
    }

    private boolean wideCells() {
        return windows.size() <= 24;
    }

    private double cellWidth() {
        return wideCells() ? 40 : 22;
    }

    /** A cell showing its value keeps room for it; a colour-only cell may narrow. */
    private double minCellWidth() {
        return wideCells() ? cellWidth() : 18;
    }

    private Label addCell(String feature, int row, int column) {
        Label cell = new Label();
        cell.getStyleClass().add("drift-cell");
        cell.setAlignment(Pos.CENTER);
        cell.setMinSize(minCellWidth(), ROW_HEIGHT);
        cell.setPrefSize(cellWidth(), ROW_HEIGHT);
        cell.setId("drift-" + feature + "-" + column);
        // the window at this column when clicked (columns slide with live data)
        cell.setOnMouseClicked(e -> {
            select(cell);
            onCellClicked.accept(feature, windows.get(column));
        });
        grid.add(cell, column, row + 1);
        return cell;
    }

    /** Marks the cell of a feature and window (after a click or a jump to an alert). */
    void highlight(String feature, TimeRange window) {
        Label[] row = cells.get(feature);
        int w = windows.indexOf(window);
        select(row == null || w < 0 ? null : row[w]);
    }

    private void select(Label cell) {
        if (selected != null) {
            selected.getStyleClass().remove(SELECTED);
        }
        selected = cell;
        if (cell != null) {
            cell.getStyleClass().add(SELECTED);
        }
    }

    /** Stands for "no score in this cell" in the cell's properties (a map holds no nulls). */
    private static final Object NO_DATA = new Object();

    private static void describeIn(Tooltip tip, Label cell) {
        Object score = cell.getProperties().get(SCORE);
        tip.setText(score instanceof DriftScore d ? describe(d) : "no data");
    }

    static String describe(DriftScore d) {
        if (DriftLevel.TOO_FEW == d.level()) {
            return String.format(Locale.ROOT, "%s, %s UTC: too few rows to judge (%d readings)", d.feature(),
                    UtcTime.format(d.windowStart()), d.n());
        }
        return String.format(Locale.ROOT, "%s, %s UTC: PSI %.3f (%s), KS D %.3f p %.2g, Wasserstein %.3f sd, %d readings",
                d.feature(), UtcTime.format(d.windowStart()), d.psi(), d.level(), d.ksStatistic(), d.ksPValue(), d.wasserstein(), d.n());
    }

    private static HBox swatch(String styleClass, String text) {
        Region box = new Region();
        box.getStyleClass().addAll("drift-cell", styleClass);
        box.setMinSize(14, 14);
        box.setMaxSize(14, 14);
        HBox item = new HBox(4, box, new Label(text));
        item.setAlignment(Pos.CENTER_LEFT);
        return item;
    }
}
