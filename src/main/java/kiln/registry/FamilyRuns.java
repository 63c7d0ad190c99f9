package kiln.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import kiln.domain.ModelVersion;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;

/**
 * Picks a family's members from a per-group training's runs: for each group (runs with
 * {@code run.group_key} = the group) and for the pooled runs ({@code group_key} NULL) of one
 * experiment, the finished run with the best value of a metric. A group whose best run saw fewer
 * labelled rows than a minimum gets no member: the pooled one serves it.
 */
public final class FamilyRuns {

    /** The metric that picks each group's best run unless another is named (higher is better). */
    public static final String DEFAULT_METRIC = "accuracy";
    /** Labelled rows a group's run needs for the group to get a member of its own, unless another minimum is given. */
    public static final long DEFAULT_MIN_ROWS = 200;

    private final KilnStore store;

    public FamilyRuns(KilnStore store) {
        this.store = store;
    }

    /** A group left without a member, and the labelled rows its runs had. */
    public record Skipped(String group, long labelledRows) {
    }

    /** The chosen run per scope (pooled included), and the groups too small to get a member. */
    public record Plan(long experimentId, String dataset, Map<String, Integer> runs, List<Skipped> skipped) {
    }

    /** An experiment holding a per-group training: how many groups have finished runs, and when it last ran. */
    public record Training(long experimentId, String name, String dataset, int groups, long runs, LocalDateTime lastRun) {
    }

    /** The experiments with finished per-group runs ({@code group_key} set), newest first: what a family can be registered from. */
    public List<Training> trainings() {
        try {
            return store.read(conn -> {
                List<Training> list = new ArrayList<>();
                try (PreparedStatement ps = conn.prepareStatement("SELECT e.experiment_id, e.name, coalesce(e.dataset, min(r.dataset)), "
                        + "count(DISTINCT r.group_key), count(*), max(r.started_at) FROM experiment e JOIN run r USING (experiment_id) "
                        + "WHERE r.group_key IS NOT NULL AND r.status = 'finished' GROUP BY e.experiment_id, e.name, e.dataset "
                        + "ORDER BY max(r.run_id) DESC")) {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Timestamp last = rs.getTimestamp(6);
                            list.add(new Training(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5),
                                    last == null ? null : last.toLocalDateTime()));
                        }
                    }
                }
                return list;
            });
        } catch (SQLException e) {
            throw new DataAccessException("Reading the per-group trainings failed", e);
        }
    }

    /**
     * The newest finished runs trained on every group ({@code group_key} NULL), at most {@code limit}: the runs a plain
     * model version can come from. A per-group run is a family member's, never a plain version's.
     */
    public List<Long> plainRunIds(int limit) {
        try {
            return store.read(conn -> {
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement ps = conn.prepareStatement(
                        "SELECT run_id FROM run WHERE group_key IS NULL AND status = 'finished' ORDER BY run_id DESC LIMIT ?")) {
                    ps.setInt(1, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
                return ids;
            });
        } catch (SQLException e) {
            throw new DataAccessException("Reading the runs failed", e);
        }
    }

    /**
     * @param experiment    the experiment's id, or its name
     * @param higherIsBetter whether a larger metric value is better (accuracy) or a smaller one (log_loss)
     * @param minRows       the labelled rows (train and test) a group's run needs for the group to get a member
     */
    public Plan plan(String experiment, String metric, boolean higherIsBetter, long minRows) {
        if (metric == null || !metric.matches("[A-Za-z0-9_]+")) {
            throw new RegistryException("--metric: '" + metric + "' is not a metric name (e.g. accuracy, log_loss).");
        }
        try {
            return store.read(conn -> {
                long id = experimentId(conn, experiment);
                Map<String, Integer> runs = new LinkedHashMap<>();
                Map<String, Long> rows = new TreeMap<>();
                String dataset = null;
                // one row per scope: its best finished run by the metric (ties: the earlier run)
                try (PreparedStatement ps = conn.prepareStatement(
                        "SELECT scope, arg_max(run_id, score) AS run_id, arg_max(labelled, score) AS labelled, arg_max(dataset, score) FROM ("
                                + "SELECT coalesce(group_key, '" + ModelVersion.POOLED + "') AS scope, run_id, dataset, "
                                + "coalesce(rows_train, 0) + coalesce(rows_test, 0) AS labelled, "
                                + "(CASE WHEN ? THEN 1 ELSE -1 END) * TRY_CAST(json_extract_string(metrics, ?) AS DOUBLE) - run_id * 1e-12 AS score "
                                + "FROM run WHERE experiment_id = ? AND status = 'finished' AND artifact IS NOT NULL "
                                + "AND TRY_CAST(json_extract_string(metrics, ?) AS DOUBLE) IS NOT NULL) GROUP BY scope ORDER BY scope")) {
                    ps.setBoolean(1, higherIsBetter);
                    ps.setString(2, "$." + metric);
                    ps.setLong(3, id);
                    ps.setString(4, "$." + metric);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            runs.put(rs.getString(1), rs.getInt(2));
                            rows.put(rs.getString(1), rs.getLong(3));
                            dataset = rs.getString(4);
                        }
                    }
                }
                if (!runs.containsKey(ModelVersion.POOLED)) {
                    throw new RegistryException("Experiment " + experiment + " has no finished pooled run (group_key empty) with a '" + metric
                            + "' metric; a family needs one to serve groups without their own member.");
                }
                List<Skipped> skipped = new ArrayList<>();
                rows.forEach((scope, labelled) -> {
                    if (!ModelVersion.POOLED.equals(scope) && labelled < minRows) {
                        runs.remove(scope);
                        skipped.add(new Skipped(scope, labelled));
                    }
                });
                return new Plan(id, dataset, runs, skipped);
            });
        } catch (SQLException e) {
            throw new DataAccessException("Reading the runs of experiment " + experiment + " failed", e);
        }
    }

    private static long experimentId(Connection conn, String experiment) throws SQLException {
        if (experiment != null && experiment.matches("\\d{1,9}")) {
            try (PreparedStatement ps = conn.prepareStatement("SELECT experiment_id FROM experiment WHERE experiment_id = ?")) {
                ps.setInt(1, Integer.parseInt(experiment));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getLong(1);
                    }
                }
            }
        }
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT experiment_id FROM experiment WHERE name = ? ORDER BY experiment_id")) {
            ps.setString(1, experiment);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        if (ids.isEmpty()) {
            throw new RegistryException("--experiment: there is no experiment '" + experiment + "' (kiln runs lists them).");
        }
        if (ids.size() > 1) {
            throw new RegistryException("--experiment: several experiments are named '" + experiment + "' (ids " + ids + "); give the id.");
        }
        return ids.get(0);
    }
}
