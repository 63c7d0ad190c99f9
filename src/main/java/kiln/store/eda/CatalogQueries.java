package kiln.store.eda;

import static kiln.store.eda.ResultColumns.doubleOrNull;
import static kiln.store.eda.ResultColumns.time;

import java.util.ArrayList;
import java.util.List;

import kiln.domain.ProgressSink;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.RunWindow;
import kiln.store.KilnStore;

/** What the catalog knows: the data sets, which to show first, one data set's layout and its runs' training windows. */
final class CatalogQueries {

    private final KilnStore store;

    CatalogQueries(KilnStore store) {
        this.store = store;
    }

    /** Names of the data sets in the catalog, in name order. */
    List<String> datasetNames(ProgressSink sink) {
        return CancellableQuery.run(store, sink, "data sets", "SELECT name FROM dataset ORDER BY name", rs -> {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        });
    }

    /**
     * The data set a newcomer most likely wants to look at first: the one whose model was registered
     * last, else the one imported last, else the first by name; null when there is none.
     */
    String preferredDataset(ProgressSink sink) {
        return CancellableQuery.run(store, sink, "the data set to show first", "SELECT d.name FROM dataset d ORDER BY "
                + "(SELECT max(m.created_at) FROM registered_model m WHERE m.dataset = d.name) DESC NULLS LAST, "
                + "(SELECT max(i.imported_at) FROM import_log i WHERE i.dataset = d.name) DESC NULLS LAST, d.name LIMIT 1",
                rs -> rs.next() ? rs.getString(1) : null);
    }

    /** The catalog entry of one data set with its features in position order and its label classes by code. */
    EdaDataset dataset(String name, ProgressSink sink) {
        EdaDataset ds = layout(name, sink);
        List<String> classes = CancellableQuery.run(store, sink, "classes of " + name,
                "SELECT value FROM dataset_class WHERE dataset = " + EdaSql.str(name) + " ORDER BY code", rs -> {
                    List<String> values = new ArrayList<>();
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                    return values;
                });
        return new EdaDataset(ds.name(), ds.readingTable(), ds.labelTable(), ds.idColumn(), ds.timeColumn(), ds.labelColumn(),
                ds.positiveLabel(), ds.labelCoded(), ds.features(), classes);
    }

    private EdaDataset layout(String name, ProgressSink sink) {
        String sql = "SELECT d.reading_table, d.label_table, d.id_column, d.time_column, d.label_column, d.positive_label, "
                + "f.name, f.unit, f.expected_min, f.expected_max, coalesce(d.label_coded, false) FROM dataset d LEFT JOIN dataset_feature f "
                + "ON f.dataset = d.name AND f.kind = 'numeric' WHERE d.name = " + EdaSql.str(name) + " ORDER BY f.position";
        return CancellableQuery.run(store, sink, "data set " + name, sql, rs -> {
            String[] head = null;
            boolean coded = false;
            List<EdaDataset.Feature> features = new ArrayList<>();
            while (rs.next()) {
                if (head == null) {
                    head = new String[6];
                    for (int i = 0; i < 6; i++) {
                        head[i] = rs.getString(i + 1);
                    }
                    coded = rs.getBoolean(11);
                }
                if (rs.getString(7) != null) {
                    features.add(new EdaDataset.Feature(rs.getString(7), rs.getString(8), doubleOrNull(rs, 9), doubleOrNull(rs, 10)));
                }
            }
            if (head == null) {
                throw new IllegalArgumentException("There is no data set named " + name);
            }
            return new EdaDataset(name, head[0], head[1], head[2], head[3], head[4], head[5], coded, features);
        });
    }

    /** Training windows of the runs on this data set, newest first. */
    List<RunWindow> runWindows(String dataset, ProgressSink sink) {
        String sql = "SELECT run_id, trainer, window_start, window_end FROM run WHERE dataset = " + EdaSql.str(dataset)
                + " AND (window_start IS NOT NULL OR window_end IS NOT NULL) ORDER BY run_id DESC";
        return CancellableQuery.run(store, sink, "run windows", sql, rs -> {
            List<RunWindow> runs = new ArrayList<>();
            while (rs.next()) {
                runs.add(new RunWindow(rs.getInt(1), rs.getString(2), time(rs, 3), time(rs, 4)));
            }
            return runs;
        });
    }
}
