package kiln.ui.registry;

import java.sql.PreparedStatement;

import kiln.ml.tracking.RunRepository;
import kiln.store.KilnStore;

/**
 * Per-group trainings for Registry tests, written straight into the run table (as the registry's own
 * family tests do): the registry treats artifacts as opaque bytes, so a family of thousands of members
 * is made in a moment.
 */
final class FamilyFixture {

    static final String DATASET = "plant-lines";

    private FamilyFixture() {}

    /** The key of group {@code i}: zero-padded so the members' order by key is the groups' order. */
    static String group(int i) {
        return String.format("line-%04d", i);
    }

    /**
     * A per-group training in a new experiment: one finished run per group {@code first..first+count-1}
     * (groups whose index is a multiple of {@code smallEvery} saw 50 labelled rows, the others 300; 0: none
     * small) and one pooled run. Returns the experiment's id.
     */
    static long training(KilnStore store, String experiment, int first, int count, int smallEvery, double accuracy) throws Exception {
        long id = new RunRepository(store).experiment(experiment, DATASET, null);
        store.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO run (experiment_id, group_key, trainer, params, metrics, status, "
                    + "dataset, features, artifact, rows_train, rows_test, started_at, window_start, window_end) "
                    + "SELECT ?, CASE WHEN i < 0 THEN NULL ELSE 'line-' || lpad(CAST(i AS VARCHAR), 4, '0') END, 'cart', '{\"maxDepth\":4}', "
                    + "'{\"accuracy\":' || CAST(? + (abs(i) % 7) / 100.0 AS VARCHAR) || '}', 'finished', ?, '[\"x1\",\"x2\"]', '\\x01'::BLOB, "
                    + "CASE WHEN ? > 0 AND i >= 0 AND i % ? = 0 THEN 40 ELSE 240 END, CASE WHEN ? > 0 AND i >= 0 AND i % ? = 0 THEN 10 ELSE 60 END, "
                    + "TIMESTAMP '2024-05-01 00:00:00', TIMESTAMP '2024-04-01 00:00:00', TIMESTAMP '2024-05-01 00:00:00' "
                    + "FROM (SELECT -1 AS i UNION ALL SELECT range AS i FROM range(?, ?)) ORDER BY i")) {
                ps.setLong(1, id);
                ps.setDouble(2, accuracy);
                ps.setString(3, DATASET);
                ps.setInt(4, smallEvery);
                ps.setInt(5, Math.max(1, smallEvery));
                ps.setInt(6, smallEvery);
                ps.setInt(7, Math.max(1, smallEvery));
                ps.setInt(8, first);
                ps.setInt(9, first + count);
                return ps.executeUpdate();
            }
        });
        return id;
    }
}
