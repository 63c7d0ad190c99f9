package kiln.ui.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

import kiln.domain.fleet.FleetResults.FleetGroup;
import kiln.domain.fleet.FleetResults.FleetHeatmap;

/**
 * Groups × windows, each cell coloured by the window's accuracy (fleet.css maps {@code fleet-acc-0..4}
 * and {@code fleet-acc-none} onto the tokens), the rows in the group list's order (worst first unless
 * a column says otherwise), newest window on the right. It shows as many rows as fit; the scroll bar
 * (or the wheel) moves through the rest, and sorting or filtering the list changes which come first.
 * Like the Monitor's drift heatmap, the cells are a fixed pool re-coloured in place and one tooltip
 * serves them all, written when the pointer enters a cell: the pool never grows with the fleet.
 */
final class FleetHeatmapGrid {

    /** The accuracy bins' lower edges, as fractions; below the first is bin 0. Shared with the legend. */
    static final double[] BIN_EDGES = {0.70, 0.80, 0.90, 0.95};
    static final String[] BIN_TEXT = {"below 70 %", "70–80 %", "80–90 %", "90–95 %", "95 % and above"};
    static final String NO_LABELS = "fleet-acc-none";
    private static final double HEADER_HEIGHT = 20;
    private static final double ROW_HEIGHT = 18;
    private static final double GAP = 1;
    /** Cell the pointer is over: row and column, read by the shared tooltip. */
    private static final String CELL = "kiln.fleet.cell";

    private final VBox root;
    private final GridPane grid = new GridPane();
    /** Lays the grid out across its whole width; the rows below the ones that fit are never built, the clip hides a partial one. */
    private final Pane viewport = new Pane() {
        @Override
        protected void layoutChildren() {
            grid.resizeRelocate(0, 0, getWidth(), grid.prefHeight(getWidth()));
        }
    };
    private final ScrollBar scrollBar = new ScrollBar();
    private final Label rowsCaption = new Label();
    private final Label columnsCaption = new Label();
    private final Tooltip tooltip = new Tooltip();
    private final List<Label> names = new ArrayList<>();
    private final List<Region[]> cells = new ArrayList<>();
    private final List<Label> headers = new ArrayList<>();
    private List<FleetGroup> rows = List.of();
    private FleetHeatmap data = FleetHeatmap.EMPTY;
    private String noun = "group";
    private String granularity;
    private String order = "worst first";
    private int rowsFit;
    private int columns = -1;
    private String highlighted;
    private Consumer<String> onGroupClicked = g -> {};

    FleetHeatmapGrid() {
        grid.getStyleClass().add("fleet-heat-grid");
        grid.setId("fleet-heatmap");
        grid.setHgap(GAP);
        grid.setVgap(GAP);
        viewport.getChildren().add(grid);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(viewport.widthProperty());
        clip.heightProperty().bind(viewport.heightProperty());
        viewport.setClip(clip);
        viewport.setMinSize(0, 0);
        viewport.setPrefHeight(HEADER_HEIGHT + 12 * (ROW_HEIGHT + GAP));
        viewport.heightProperty().addListener((obs, old, h) -> fitRows());
        scrollBar.setOrientation(Orientation.VERTICAL);
        scrollBar.setId("fleet-heatmap-scroll");
        scrollBar.setMin(0);
        scrollBar.setUnitIncrement(1);
        scrollBar.valueProperty().addListener((obs, old, v) -> fill());
        viewport.addEventHandler(ScrollEvent.SCROLL, e -> {
            scrollBar.setValue(clamp(scrollBar.getValue() - Math.signum(e.getDeltaY()) * 3));
            e.consume();
        });
        Tooltip.install(grid, tooltip);
        grid.addEventFilter(MouseEvent.MOUSE_ENTERED_TARGET, e -> {
            if (e.getTarget() instanceof Region cell && cell.getProperties().get(CELL) instanceof int[] at) {
                tooltip.setText(describe(at[0], at[1]));
            }
        });
        rowsCaption.getStyleClass().add("fleet-axis-caption");
        rowsCaption.setId("fleet-heatmap-rows-caption");
        rowsCaption.setWrapText(true);
        rowsCaption.setMinHeight(Region.USE_PREF_SIZE);
        columnsCaption.getStyleClass().add("fleet-axis-caption");
        columnsCaption.setId("fleet-heatmap-columns-caption");
        columnsCaption.setWrapText(true);
        columnsCaption.setMinHeight(Region.USE_PREF_SIZE);
        HBox body = new HBox(2, viewport, scrollBar);
        HBox.setHgrow(viewport, Priority.ALWAYS);
        VBox.setVgrow(body, Priority.ALWAYS);
        root = new VBox(4, rowsCaption, body, columnsCaption, legend());
        root.getStyleClass().add("fleet-heatmap");
        root.setMinHeight(0);
    }

    VBox root() {
        return root;
    }

    void setOnGroupClicked(Consumer<String> action) {
        this.onGroupClicked = action;
    }

    /** Shows {@code sortedRows} (the list's order; only their slice in view is drawn) over the windows of {@code heatmap}. */
    void show(List<FleetGroup> sortedRows, FleetHeatmap heatmap, String groupNoun, String windowSize, String orderText) {
        this.rows = sortedRows;
        this.noun = groupNoun;
        this.granularity = windowSize;
        this.order = orderText;
        boolean newWindows = heatmap != data;
        this.data = heatmap;
        if (newWindows || columns != heatmap.windowStarts().size()) {
            rebuild();
        }
        updateScrollBar();
        fill();
    }

    /** Marks the row of this group, when it is in view. */
    void highlight(String groupKey) {
        highlighted = groupKey;
        fill();
    }

    /** The groups of the rows in view, top to bottom (tests). */
    List<String> shownGroups() {
        List<String> shown = new ArrayList<>();
        for (Label name : names) {
            if (name.isVisible()) {
                shown.add(name.getText());
            }
        }
        return shown;
    }

    /** The style class of the cell at a row in view and a column (tests). */
    String cellClass(int row, int column) {
        return (String) cells.get(row)[column].getProperties().get("kiln.fleet.bin");
    }

    ScrollBar scrollBar() {
        return scrollBar;
    }

    Tooltip tooltip() {
        return tooltip;
    }

    String describeCell(int row, int column) {
        return describe(row, column);
    }

    int rowsFit() {
        return rowsFit;
    }

    private int firstRow() {
        return (int) Math.round(scrollBar.getValue());
    }

    private double clamp(double v) {
        return Math.max(scrollBar.getMin(), Math.min(scrollBar.getMax(), v));
    }

    private void fitRows() {
        int fit = Math.max(1, (int) Math.floor((viewport.getHeight() - HEADER_HEIGHT - GAP) / (ROW_HEIGHT + GAP)));
        if (fit != rowsFit) {
            rowsFit = fit;
            rebuild();
            updateScrollBar();
            fill();
        }
    }

    private void updateScrollBar() {
        double max = Math.max(0, rows.size() - rowsFit);
        scrollBar.setMax(max);
        scrollBar.setVisibleAmount(Math.max(1, max == 0 ? 1 : rowsFit * max / Math.max(1, rows.size())));
        scrollBar.setBlockIncrement(Math.max(1, rowsFit - 1));
        scrollBar.setDisable(max == 0);
        if (scrollBar.getValue() > max) {
            scrollBar.setValue(max);
        }
    }

    /** A new pool for the rows that fit and the windows there are; cells are re-coloured by {@link #fill()}. */
    private void rebuild() {
        columns = data.windowStarts().size();
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        grid.getRowConstraints().clear();
        names.clear();
        cells.clear();
        headers.clear();
        ColumnConstraints nameColumn = new ColumnConstraints();
        nameColumn.setMinWidth(Region.USE_PREF_SIZE);
        grid.getColumnConstraints().add(nameColumn);
        for (int w = 0; w < columns; w++) {
            ColumnConstraints c = new ColumnConstraints(6, 22, 60);
            c.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(c);
        }
        grid.getRowConstraints().add(new RowConstraints(HEADER_HEIGHT, HEADER_HEIGHT, HEADER_HEIGHT));
        int every = Math.max(1, (int) Math.ceil(columns / 7.0));
        for (int w = 0; w < columns; w += every) {
            Label header = new Label(headerText(data.windowStarts().get(w)));
            header.getStyleClass().add("fleet-heat-header");
            header.setMinWidth(Region.USE_PREF_SIZE);
            headers.add(header);
            grid.add(header, w + 1, 0, Math.min(every, columns - w), 1);
        }
        for (int r = 0; r < rowsFit; r++) {
            grid.getRowConstraints().add(new RowConstraints(ROW_HEIGHT, ROW_HEIGHT, ROW_HEIGHT));
            Label name = new Label();
            name.getStyleClass().add("fleet-heat-name");
            name.setMinWidth(Region.USE_PREF_SIZE);
            name.setOnMouseClicked(e -> onGroupClicked.accept(name.getText()));
            names.add(name);
            grid.add(name, 0, r + 1);
            Region[] row = new Region[columns];
            for (int w = 0; w < columns; w++) {
                Region cell = new Region();
                cell.getStyleClass().add("fleet-heat-cell");
                cell.setMinSize(6, ROW_HEIGHT);
                cell.getProperties().put(CELL, new int[] {r, w});
                int at = r;
                cell.setOnMouseClicked(e -> onGroupClicked.accept(names.get(at).getText()));
                row[w] = cell;
                grid.add(cell, w + 1, r + 1);
            }
            cells.add(row);
        }
        viewport.requestLayout();
    }

    private String headerText(Instant start) {
        String text = FleetTexts.dayHour(start);
        return "hour".equals(granularity) ? text : text.substring(0, 5);
    }

    /** Writes the slice of rows in view into the pool, touching a cell's classes only when its bin changed. */
    private void fill() {
        int first = firstRow();
        for (int r = 0; r < names.size(); r++) {
            int index = first + r;
            FleetGroup g = index < rows.size() ? rows.get(index) : null;
            Label name = names.get(r);
            name.setVisible(g != null);
            name.setText(g == null ? "" : g.groupKey());
            boolean marked = g != null && g.groupKey().equals(highlighted);
            if (marked != name.getStyleClass().contains("fleet-heat-selected")) {
                if (marked) {
                    name.getStyleClass().add("fleet-heat-selected");
                } else {
                    name.getStyleClass().remove("fleet-heat-selected");
                }
            }
            double[] accuracy = g == null ? null : data.accuracy().get(g.groupKey());
            Region[] row = cells.get(r);
            for (int w = 0; w < row.length; w++) {
                Region cell = row[w];
                cell.setVisible(g != null);
                String bin = binClass(accuracy == null ? Double.NaN : accuracy[w]);
                Object was = cell.getProperties().put("kiln.fleet.bin", bin);
                if (!bin.equals(was)) {
                    if (was != null) {
                        cell.getStyleClass().remove((String) was);
                    }
                    cell.getStyleClass().add(bin);
                }
            }
        }
        boolean more = rows.size() > names.size();
        rowsCaption.setText(String.format(Locale.ROOT, "Rows: %s, %s — %s of %,d shown%s.", noun, order,
                rows.isEmpty() ? "none" : (first + 1) + "–" + Math.min(rows.size(), first + names.size()), rows.size(),
                more ? " (scroll for more)" : ""));
        columnsCaption.setText("Columns: " + (granularity == null ? "" : granularity + " ") + "windows by start time (UTC), newest on the right. "
                + "Colour: accuracy in the window (labelled rows that the model got right).");
    }

    /** The style class of an accuracy (a fraction; NaN: no labels). */
    static String binClass(double accuracy) {
        if (Double.isNaN(accuracy)) {
            return NO_LABELS;
        }
        int bin = 0;
        while (bin < BIN_EDGES.length && accuracy >= BIN_EDGES[bin]) {
            bin++;
        }
        return "fleet-acc-" + bin;
    }

    private String describe(int rowInView, int column) {
        int index = firstRow() + rowInView;
        if (index >= rows.size() || column >= data.windowStarts().size()) {
            return "";
        }
        String group = rows.get(index).groupKey();
        double[] accuracy = data.accuracy().get(group);
        long[] labelled = data.labelled().get(group);
        return FleetTexts.cell(noun, group, data.windowStarts().get(column), granularity,
                accuracy == null ? Double.NaN : accuracy[column], labelled == null ? 0 : labelled[column]);
    }

    private static FlowPane legend() {
        FlowPane legend = new FlowPane(10, 4);
        legend.setId("fleet-heatmap-legend");
        legend.setAlignment(Pos.CENTER_LEFT);
        Label title = new Label("Accuracy:");
        title.getStyleClass().add("fleet-axis-caption");
        legend.getChildren().add(title);
        for (int bin = 0; bin < BIN_TEXT.length; bin++) {
            legend.getChildren().add(swatch("fleet-acc-" + bin, BIN_TEXT[bin]));
        }
        legend.getChildren().add(swatch(NO_LABELS, "no labels yet"));
        return legend;
    }

    private static HBox swatch(String styleClass, String text) {
        Region box = new Region();
        box.getStyleClass().addAll("fleet-heat-cell", styleClass);
        box.setMinSize(14, 14);
        box.setMaxSize(14, 14);
        HBox item = new HBox(4, box, new Label(text));
        item.setAlignment(Pos.CENTER_LEFT);
        return item;
    }
}
