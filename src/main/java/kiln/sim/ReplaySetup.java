package kiln.sim;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import kiln.domain.DatasetSpec;
import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.domain.ingest.ImportRequest;
import kiln.domain.ingest.ImportResult;
import kiln.sim.scenario.ScenarioAction;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import kiln.store.catalog.Catalog;
import kiln.store.ingest.ImportService;

/**
 * Gets a replay ready to play, the same way for {@code kiln replay} and the workbench's simulator
 * panel: the file's rows staged into a new data set (or an earlier replay of it resumed), the training
 * window checked for labels, and the engine with its storyline (train at the end of the window,
 * promote the best run).
 */
public final class ReplaySetup {

    private ReplaySetup() {}

    /**
     * @param staged what staging the file did, or null when an earlier replay of the data set is resumed
     */
    public record Prepared(ReplayEngine engine, boolean resumed, ImportResult staged) {
    }

    /**
     * Stages {@code request}'s file (unless a replay of its data set was started before, which then
     * goes on), checks that the training window {@code [trainFrom, trainTo)} has labels known by its
     * end, and builds the engine on the clock {@code clockAt} makes for the first reading's time.
     *
     * @param window the training window as the user wrote it (FROM..TO), for the train step
     * @throws UserFacingException on a file that cannot be replayed or a window without labels; staging
     *                             runs in one transaction, so a failed one leaves the database as it was
     */
    public static Prepared prepare(KilnStore db, ImportRequest request, Duration labelDelay, Instant trainFrom, Instant trainTo,
            String window, String sweep, Function<Instant, SimulationClock> clockAt) throws SQLException {
        return prepare(db, request, labelDelay, trainFrom, trainTo, window, sweep, null, clockAt);
    }

    /**
     * As above; with {@code perGroupMinRows} non-null the storyline trains per group (groups with at
     * least that many labelled rows get a member of their own), registers the family and promotes it.
     */
    public static Prepared prepare(KilnStore db, ImportRequest request, Duration labelDelay, Instant trainFrom, Instant trainTo,
            String window, String sweep, Integer perGroupMinRows, Function<Instant, SimulationClock> clockAt)
            throws SQLException {
        String dataset = request.dataset();
        String stageTable = ImportService.replayTable(dataset);
        boolean resumed = resumable(db, dataset);
        ImportResult staged = null;
        if (!resumed) {
            staged = new ImportService(db).importFile(request.staged(stageTable, labelDelay), ProgressSink.NONE);
        }
        DatasetSpec spec = ReplayEngine.spec(db, dataset);
        checkTrainingWindow(db, spec, stageTable, trainFrom, trainTo, window);
        if (perGroupMinRows != null && spec.groupColumn() == null) {
            throw new UserFacingException("--per-group needs a group column: name it with --group");
        }
        List<ScenarioAction> actions = perGroupMinRows == null ? storyline(trainTo, window) : familyStoryline(trainTo, window, perGroupMinRows);
        Instant start = ReplayEngine.firstTime(db, spec, stageTable);
        return new Prepared(new ReplayEngine(db, spec, stageTable, clockAt.apply(start), sweep, actions), resumed, staged);
    }

    /** Train on the window's labels at its end and promote the best run. */
    static List<ScenarioAction> storyline(Instant at, String window) {
        return List.of(
                new ScenarioAction(at, "train", Map.of("window", window), 0),
                new ScenarioAction(at, "promote", Map.of("which", "best"), 0));
    }

    /** Train per group on the window's labels at its end, register the family (as register-family plans it) and promote it. */
    static List<ScenarioAction> familyStoryline(Instant at, String window, int minRows) {
        return List.of(
                new ScenarioAction(at, "train", Map.of("window", window, "per-group", "true", "min-rows", Integer.toString(minRows)), 0),
                new ScenarioAction(at, "promote", Map.of("which", "family"), 0));
    }

    /** Whether {@code dataset} is a replay started before (catalogued, its staged rows kept): playing it again goes on from there. */
    public static boolean resumable(KilnStore db, String dataset) throws SQLException {
        return db.read(conn -> Catalog.find(conn, dataset).isPresent() && tableExists(conn, ImportService.replayTable(dataset)));
    }

    /** The data sets that are replays started before, sorted. */
    public static List<String> resumableDatasets(KilnStore db) {
        try {
            return db.read(conn -> {
                List<String> names = new ArrayList<>();
                for (String name : Catalog.names(conn)) {
                    if (tableExists(conn, ImportService.replayTable(name))) {
                        names.add(name);
                    }
                }
                return names;
            });
        } catch (SQLException e) {
            throw new DataAccessException("Reading which data sets are replays failed: " + e.getMessage(), e);
        }
    }

    /**
     * Training at the window's end needs labels of at least two classes for readings in the window,
     * known by then; otherwise the sweep would finish nothing and the replay would play unmonitored.
     */
    private static void checkTrainingWindow(KilnStore db, DatasetSpec spec, String stageTable, Instant from, Instant to, String window)
            throws SQLException {
        String time = KilnStore.quoteIdentifier(spec.timeColumn());
        String stage = KilnStore.quoteIdentifier(stageTable);
        db.read(conn -> {
            long classes;
            try (PreparedStatement ps = conn.prepareStatement("SELECT count(DISTINCT kiln_label) FROM " + stage + " WHERE kiln_label IS NOT NULL AND "
                    + time + " >= make_timestamp(? * 1000) AND " + time
                    + " < make_timestamp(? * 1000) AND kiln_label_time <= make_timestamp(? * 1000)")) {
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, to.toEpochMilli());
                ps.setLong(3, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    classes = rs.getLong(1);
                }
            }
            if (classes >= 2) {
                return null;
            }
            try (PreparedStatement ps = conn.prepareStatement("SELECT min(" + time + "), max(" + time + ") FROM " + stage
                    + " WHERE kiln_label IS NOT NULL"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                Instant first = Timestamps.read(rs, 1);
                Instant last = Timestamps.read(rs, 2);
                String range = first == null ? "the file has no labels at all" : "the file's labelled readings run from " + day(first) + " to " + day(
                        last);
                throw new UserFacingException((classes == 0 ? "No labels" : "Labels of only one class") + " in the training window " + window
                        + " (counting labels known by its end): " + range + "; choose a window within them.");
            }
        });
    }

    private static String day(Instant t) {
        return t.toString().substring(0, 10);
    }

    private static boolean tableExists(Connection conn, String table) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }
}
