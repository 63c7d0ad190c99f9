package kiln.ui.experiments;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;

import kiln.domain.Run;
import kiln.ui.common.TextColumns;

/**
 * The columns of the runs table and the "Columns" chooser. Cells read the {@link Run} directly
 * (no per-row objects are built); numbers sort as numbers.
 */
final class RunsTableColumns {

    /** Metrics shown as their own columns; the rest can be switched on in the chooser. */
    static final List<String> KEY_METRICS = List.of("accuracy", "f1", "roc_auc", "log_loss");
    private static final Set<String> HIDDEN_AT_FIRST = Set.of("precision", "recall", "brier", "window", "started", "note", "seed");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

    private RunsTableColumns() {}

    static List<TableColumn<Run, ?>> create() {
        List<TableColumn<Run, ?>> cols = new ArrayList<>();
        cols.add(number("run", "run", r -> (double) r.runId(), 0, 55));
        cols.add(text("trainer", "trainer", Run::trainer, 110));
        cols.add(text("params", "parameters", r -> SweepBoard.paramsText(r.params()), 230));
        for (String m : SweepForm.METRICS) {
            cols.add(number(m, m, r -> r.metric(m), 4, 78));
        }
        cols.add(stateColumn());
        cols.add(number("duration", "duration (s)", r -> r.durationMs() == null ? Double.NaN : r.durationMs() / 1000.0, 2, 80));
        cols.add(text("window", "window", r -> r.windowStart() == null ? "" : r.windowStart().format(DAY) + " .. " + r.windowEnd().format(DAY), 170));
        cols.add(number("rows", "rows (train)", r -> r.rowsTrain() == null ? Double.NaN : r.rowsTrain(), 0, 80));
        cols.add(number("seed", "seed", r -> r.seed() == null ? Double.NaN : r.seed(), 0, 60));
        cols.add(text("tags", "tags", r -> r.tags() == null ? "" : String.join(", ", r.tags()), 110));
        cols.add(text("note", "note", r -> r.note() == null ? "" : r.note(), 160));
        cols.add(text("started", "started (UTC)", r -> r.startedAt() == null ? "" : r.startedAt().format(TIME), 120));
        for (TableColumn<Run, ?> c : cols) {
            String key = c.getId().substring("col-".length());
            c.setVisible(!HIDDEN_AT_FIRST.contains(key) && (!SweepForm.METRICS.contains(key) || KEY_METRICS.contains(key)));
        }
        return cols;
    }

    /** One check item per column, bound to its visibility. */
    static void fillChooser(MenuButton chooser, List<TableColumn<Run, ?>> columns) {
        chooser.getItems().clear();
        for (TableColumn<Run, ?> c : columns) {
            CheckMenuItem item = new CheckMenuItem(c.getText());
            item.setId("show-" + c.getId());
            item.selectedProperty().bindBidirectional(c.visibleProperty());
            chooser.getItems().add(item);
        }
    }

    private static TableColumn<Run, String> text(String key, String title, Function<Run, String> value, double width) {
        TableColumn<Run, String> c = TextColumns.of(title, value, width);
        c.setId("col-" + key);
        return c;
    }

    private static TableColumn<Run, Double> number(String key, String title, Function<Run, Double> value, int decimals, double width) {
        TableColumn<Run, Double> c = new TableColumn<>(title);
        c.setId("col-" + key);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        c.setComparator(RunsTableColumns::compareNumbers);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null || v.isNaN() ? null : String.format(Locale.ROOT, "%." + decimals + "f", v));
            }
        });
        c.getStyleClass().add("number-column");
        return c;
    }

    /** Missing values (NaN) sort after every number when ascending, so they never split the numbers. */
    private static int compareNumbers(Double a, Double b) {
        boolean na = a == null || a.isNaN();
        boolean nb = b == null || b.isNaN();
        return na || nb ? Boolean.compare(na, nb) : Double.compare(a, b);
    }

    private static TableColumn<Run, String> stateColumn() {
        TableColumn<Run, String> c = text("status", "status", Run::status, 80);
        c.setCellFactory(col -> new StateCell<>());
        return c;
    }
}
