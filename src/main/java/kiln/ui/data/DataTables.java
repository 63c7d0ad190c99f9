package kiln.ui.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.DataRow;
import kiln.domain.eda.EdaResults.FeatureProfile;
import kiln.ui.common.TextColumns;

/** The columns of the Data workspace's profile and drill-down tables. */
final class DataTables {

    private DataTables() {}

    static void profileColumns(TableView<FeatureProfile> table) {
        table.getColumns().setAll(List.of(
                column("feature", p -> p.unit() == null ? p.feature() : p.feature() + " (" + p.unit() + ")"),
                column("count", p -> count(p.count())), column("missing", p -> count(p.missing())),
                column("mean", p -> num(p.mean())), column("std", p -> num(p.std())), column("min", p -> num(p.min())),
                column("p1", p -> num(p.p1())), column("p25", p -> num(p.p25())), column("median", p -> num(p.median())),
                column("p75", p -> num(p.p75())), column("p99", p -> num(p.p99())), column("max", p -> num(p.max())),
                column("distinct ≈", p -> count(p.distinct())), column("out of range", p -> count(p.outOfRange()))));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    /** id, time, one column per feature and the label, named after the data set's label column and classes. */
    static void drillColumns(TableView<DataRow> table, EdaDataset ds, ClassNames classes) {
        List<TableColumn<DataRow, String>> cols = new ArrayList<>();
        cols.add(column("id", r -> Long.toString(r.id())));
        cols.add(column("time (UTC)", r -> r.time() == null ? "" : r.time().toString().replace('T', ' ')));
        for (EdaDataset.Feature f : ds.features()) {
            cols.add(column(f.labelWithUnit(), r -> num(r.values().get(f.name()))));
        }
        cols.add(column(ds.labelColumn() == null ? "label" : ds.labelColumn(), r -> classes.of(r.label(), "not yet")));
        table.getColumns().setAll(cols);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    /** The rows come in the order the query gives (a page of the data set): a column click does not re-sort them. */
    private static <S> TableColumn<S, String> column(String title, Function<S, String> value) {
        TableColumn<S, String> c = TextColumns.of(title, value);
        c.setSortable(false);
        return c;
    }

    private static String num(Double v) {
        return v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
