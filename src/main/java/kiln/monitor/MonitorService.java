package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import kiln.domain.Alert;
import kiln.domain.CategoryShares;
import kiln.domain.ConfusionCounts;
import kiln.domain.DatasetSpec;
import kiln.domain.DriftScore;
import kiln.domain.DriftShare;
import kiln.domain.Histogram;
import kiln.domain.KpiBand;
import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;
import kiln.domain.MonitorQueries;
import kiln.domain.ProductionPeriod;
import kiln.domain.QualityFinding;
import kiln.domain.TimelineMarker;
import kiln.drift.DatasetDrift;
import kiln.drift.DriftThresholds;
import kiln.drift.LabelDrift;
import kiln.drift.MultipleTesting;
import kiln.drift.PopulationStabilityIndex;
import kiln.drift.TwoProportionTest;
import kiln.monitor.fleet.FleetMonitor;
import kiln.monitor.fleet.FleetNotices;
import kiln.registry.ModelRegistry;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.SqlWork;
import kiln.store.Timestamps;
import kiln.store.catalog.Catalog;

/**
 * The monitor over the store: {@link #update()} materialises what arrived since the last call (cheap
 * and idempotent; the simulator and scorer call it after each committed batch), {@link #recomputeAll()}
 * rebuilds every window, and the {@link MonitorQueries} methods read the materialised tables.
 *
 * <p>Time: alert transitions are stamped with the window's evidence time (when its labels arrived, or
 * when the window ended), so replays give the same rows; the clock decides which windows are complete
 * ("now") and stamps acknowledgements. While simulating pass the simulated clock; for batch use,
 * {@link #newestReadingClock(KilnStore)} takes the newest reading's event_time as "now".
 */
public final class MonitorService implements MonitorQueries {
    private final KilnStore store;
    private final Supplier<Instant> clock;
    private final DriftThresholds thresholds;
    private final ModelRegistry registry;
    private final Map<String, ModelMonitor> monitors = new HashMap<>();
    private final Map<String, String> monitorStamps = new HashMap<>();
    /** Per model of a data set with a group column: its groups' windows, alerts and incidents. */
    private final Map<String, FleetMonitor> fleets = new HashMap<>();
    private final AtomicLong changes = new AtomicLong();
    /** The per-update model list and registry stamp, planned once on the writer connection. */
    private final PreparedCache statements = new PreparedCache();

    public MonitorService(KilnStore store, Supplier<Instant> clock) {
        this(store, clock, DriftThresholds.defaults());
    }

    public MonitorService(KilnStore store, Supplier<Instant> clock, DriftThresholds thresholds) {
        this.store = store;
        this.clock = clock;
        this.thresholds = thresholds;
        this.registry = new ModelRegistry(store, clock);
    }

    /**
     * "Now" = the newest reading's event_time (the right clock for batch recomputation of recorded data).
     * Each model's update takes its own data set's newest reading, so data sets recorded in different
     * years share a database; elsewhere (acknowledgements, the registry) the first model's data set's.
     */
    public static Supplier<Instant> newestReadingClock(KilnStore store) {
        return new NewestReadingClock(store);
    }

    /** The newest reading's time of a data set, or now when it holds none. */
    private record NewestReadingClock(KilnStore store) implements Supplier<Instant> {
        @Override
        public Instant get() {
            try {
                return store.read(conn -> of(conn, MonitorSetup.load(conn, null)));
            } catch (SQLException e) {
                throw new DataAccessException("Could not read the newest reading time", e);
            }
        }

        static Instant of(Connection conn, MonitorSetup setup) throws SQLException {
            try (PreparedStatement ps = conn.prepareStatement("SELECT max(" + MonitorSetup.TIME + ") FROM " + setup.readings());
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                Instant t = Timestamps.read(rs, 1);
                return t == null ? Instant.now() : t;
            }
        }
    }

    /** The clock's now for one model's update: its own data set's newest reading under the newest-reading clock. */
    private Instant nowFor(Connection conn, ModelMonitor m, Instant shared) throws SQLException {
        return clock instanceof NewestReadingClock ? NewestReadingClock.of(conn, m.setup()) : shared;
    }

    /** Materialises what arrived since the last update, for every monitored model; true if anything changed. */
    public synchronized boolean update() {
        Instant now = clock instanceof NewestReadingClock ? null : clock.get();
        boolean changed = write("Updating the monitor", conn -> {
            boolean any = false;
            long t0 = System.nanoTime();
            for (String model : models(conn, statements)) {
                ModelMonitor m = monitor(conn, model);
                ModelMonitor.trace("service setup", t0);
                Instant modelNow = nowFor(conn, m, now);
                any |= m.update(conn, modelNow);
                if (m.setup().spec().hasGroups()) {
                    any |= fleets.computeIfAbsent(model, FleetMonitor::new).update(conn, m.setup().spec(), modelNow);
                    ModelMonitor.trace("fleet", t0);
                }
            }
            return any;
        });
        if (changed) {
            changes.incrementAndGet();
        }
        return changed;
    }

    /**
     * Drops and rebuilds every KPI and drift window and re-evaluates the windowed alert rules (alerts
     * are reconciled, never deleted). The error-stream detectors are not replayed: labels do not change.
     */
    public synchronized void recomputeAll() {
        Instant now = clock instanceof NewestReadingClock ? null : clock.get();
        long t0 = System.nanoTime();
        write("Recomputing the monitor", conn -> {
            for (String model : models(conn, statements)) {
                ModelMonitor m = monitor(conn, model);
                m.clear(conn);
                m.close();
                ModelMonitor.trace("recompute clear", t0);
                // Fresh materialisers (reference caches dropped); the detectors keep their place in the
                // error stream, which a recompute does not change.
                monitors.put(model, new ModelMonitor(conn, MonitorSetup.load(conn, isRegistered(conn, model) ? model : null),
                        isRegistered(conn, model) ? registry.productionTimeline(model) : List.of(), thresholds, m.detectors()));
                ModelMonitor.trace("recompute setup", t0);
                Instant modelNow = nowFor(conn, monitors.get(model), now);
                monitors.get(model).update(conn, modelNow);
                ModelMonitor.trace("recompute update", t0);
                if (monitors.get(model).setup().spec().hasGroups()) {
                    FleetMonitor fleet = fleets.computeIfAbsent(model, FleetMonitor::new);
                    fleet.clear(conn);
                    fleet.update(conn, monitors.get(model).setup().spec(), modelNow);
                    ModelMonitor.trace("recompute fleet", t0);
                }
            }
            return null;
        });
        ModelMonitor.trace("recompute commit", t0);
        changes.incrementAndGet();
    }

    private ModelMonitor monitor(Connection conn, String model) throws SQLException {
        String stamp = registryStamp(conn, model);
        ModelMonitor m = monitors.get(model);
        if (m == null || !stamp.equals(monitorStamps.get(model))) {
            MonitorSetup setup = MonitorSetup.load(conn, isRegistered(conn, model) ? model : null);
            List<ProductionPeriod> periods = isRegistered(conn, model) ? registry.productionTimeline(model) : List.of();
            if (m != null) {
                m.close();
            }
            m = new ModelMonitor(conn, setup, periods, thresholds, m == null ? null : m.detectors());
            monitors.put(model, m);
            monitorStamps.put(model, stamp);
        }
        return m;
    }

    private String registryStamp(Connection conn, String model) throws SQLException {
        // Changes whenever the model's registry events or versions or the alert rules change (the monitor
        // is then rebuilt with the new production timeline and rules).
        try (PreparedStatement ps = statements.prepare(conn, "SELECT (SELECT count(*) || '/' || coalesce(max(event_id), 0) FROM model_event "
                + "WHERE model_name = ?) || '/' || (SELECT count(*) FROM model_version WHERE model_name = ?) || '/' || "
                + "(SELECT count(*) || '/' || coalesce(sum(hash(rule, fire_threshold, resolve_threshold, for_windows, enabled)), 0) FROM alert_rule)")) {
            ps.setString(1, model);
            ps.setString(2, model);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static boolean isRegistered(Connection conn, String model) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM registered_model WHERE model_name = ?")) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /** Registered models of catalogued data sets; while none is registered, data sets holding predictions under their own names. */
    private static List<String> models(Connection conn) throws SQLException {
        return models(conn, null);
    }

    /** The monitored models; with a cache (writer connection) the list statement is planned once. */
    private static List<String> models(Connection conn, PreparedCache cache) throws SQLException {
        List<String> names = new ArrayList<>();
        String sql = "SELECT m.model_name FROM registered_model m JOIN dataset d ON d.name = m.dataset ORDER BY m.model_name";
        try (PreparedStatement ps = cache == null ? conn.prepareStatement(sql) : cache.prepare(conn, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        if (names.isEmpty()) {
            // Predictions stored without a registered model (written by other tools): monitored under the data set's name.
            for (String dataset : Catalog.names(conn)) {
                MonitorSetup setup = MonitorSetup.load(conn, dataset);
                try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) > 0 FROM (SELECT 1 FROM " + setup.predictions() + " LIMIT 1)");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        names.add(dataset);
                    }
                }
            }
        }
        return names;
    }

    // --- MonitorQueries ---

    @Override
    public List<String> models() {
        return read("Listing monitored models", MonitorService::models);
    }

    @Override
    public List<KpiPoint> kpis(String modelName, KpiGranularity granularity, String series) {
        return read("Reading KPIs", conn -> MonitorReads.kpis(conn, modelName, granularity, series));
    }

    @Override
    public List<String> seriesNames(String modelName) {
        return read("Reading KPI series", conn -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT DISTINCT series FROM kpi WHERE model_name = ? "
                    + "AND series <> 'production' ORDER BY series")) {
                ps.setString(1, modelName);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
            return names;
        });
    }

    @Override
    public KpiBand band(String modelName, String kpi) {
        return read("Reading the KPI band", conn -> MonitorReads.band(conn, modelName, kpi));
    }

    @Override
    public void setBand(KpiBand band) {
        if (!(band.lower() <= band.upper()) || band.warnMargin() < 0) {
            throw new IllegalArgumentException("A band needs lower <= upper and a warn margin >= 0, got " + band);
        }
        write("Saving the KPI band", conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO kpi_band VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, band.modelName());
                ps.setString(2, band.kpi());
                ps.setDouble(3, band.lower());
                ps.setDouble(4, band.upper());
                ps.setDouble(5, band.warnMargin());
                return ps.executeUpdate();
            }
        });
        changes.incrementAndGet();
    }

    @Override
    public List<DriftScore> featureDrift(String modelName, KpiGranularity granularity) {
        return read("Reading feature drift", conn -> MonitorReads.drift(conn, modelName, granularity, false));
    }

    @Override
    public List<DriftScore> outputDrift(String modelName, KpiGranularity granularity) {
        return read("Reading prediction and label drift", conn -> {
            List<DriftScore> scores = new ArrayList<>(MonitorReads.drift(conn, modelName, granularity, true));
            MonitorSetup setup = MonitorSetup.load(conn, modelName);
            if (!setup.binary()) {
                scores.addAll(ClassShareDrift.scores(conn, setup, granularity == KpiGranularity.DAY ? "day" : "hour", thresholds));
                return scores;
            }
            String gran = granularity == KpiGranularity.DAY ? KpiMaterializer.DAY : KpiMaterializer.HOUR;
            try (PreparedStatement ps = conn.prepareStatement("SELECT k.window_start, k.window_end, k.labelled, k.positives, "
                    + "r.n, r.positives FROM kpi k JOIN drift_window d ON d.model_name = k.model_name AND d.granularity = k.granularity "
                    + "AND d.feature = '(prediction)' AND d.window_start = k.window_start JOIN drift_reference r ON "
                    + "r.model_name = k.model_name AND r.ref_key = d.ref_key AND r.feature = '(label)' WHERE k.model_name = ? "
                    + "AND k.granularity = ? AND k.series = 'production' AND k.labelled > 0 ORDER BY k.window_start")) {
                ps.setString(1, modelName);
                ps.setString(2, gran);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long n = rs.getLong(3);
                        long pos = rs.getLong(4);
                        long refN = rs.getLong(5);
                        long refPos = rs.getLong(6);
                        TwoProportionTest t = LabelDrift.of(refPos, refN, pos, n);
                        double psi = refN == 0 ? Double.NaN : PopulationStabilityIndex.fromShares(
                                new double[] {(double) refPos / refN, 1 - (double) refPos / refN},
                                new double[] {(double) pos / n, 1 - (double) pos / n});
                        String level = !Double.isNaN(t.pValue()) && LabelDrift.drifted(t, LabelDrift.DEFAULT_ALPHA)
                                ? DriftScore.ALERT : DriftScore.OK;
                        scores.add(new DriftScore(DriftMaterializer.LABEL, Timestamps.read(rs, 1), Timestamps.read(rs, 2), n, psi,
                                Math.abs(t.difference()), t.pValue(), Double.NaN, level));
                    }
                }
            }
            return scores;
        });
    }

    @Override
    public List<DriftShare> datasetDrift(String modelName, KpiGranularity granularity) {
        Map<Instant, List<DriftScore>> byWindow = new LinkedHashMap<>();
        for (DriftScore s : featureDrift(modelName, granularity)) {
            byWindow.computeIfAbsent(s.windowStart(), w -> new ArrayList<>()).add(s);
        }
        List<DriftShare> shares = new ArrayList<>();
        // The features' KS p-values at the false-alarm level of the window's length, as the verdicts are judged.
        double alpha = thresholds.alpha(granularity == KpiGranularity.DAY ? java.time.Duration.ofDays(1) : java.time.Duration.ofHours(1));
        for (List<DriftScore> window : byWindow.values()) {
            Map<String, Double> pValues = new LinkedHashMap<>();
            window.stream().filter(s -> !Double.isNaN(s.ksPValue()) && !DriftScore.TOO_FEW.equals(s.level()))
                    .forEach(s -> pValues.put(s.feature(), s.ksPValue()));
            if (pValues.isEmpty()) {
                continue;
            }
            DatasetDrift d = DatasetDrift.of(pValues, MultipleTesting.BENJAMINI_HOCHBERG, alpha, DatasetDrift.DEFAULT_SHARE_THRESHOLD);
            shares.add(new DriftShare(window.get(0).windowStart(), window.get(0).windowEnd(), d.tested(), d.drifted(),
                    d.share(), d.datasetDrift()));
        }
        return shares;
    }

    @Override
    public Histogram[] referenceAndCurrent(String modelName, String feature, Instant from, Instant to) {
        return read("Reading distributions", conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT r.edges, r.counts, r.min_value, r.max_value, "
                    + "list_reduce(list(d.counts), lambda a, b: list_transform(list_zip(a, b), lambda z: z[1] + z[2])), "
                    + "min(d.min_value), max(d.max_value) FROM drift_window d JOIN drift_reference r ON r.model_name = d.model_name "
                    + "AND r.ref_key = d.ref_key AND r.feature = d.feature WHERE d.model_name = ? AND d.feature = ? AND "
                    + "d.granularity = 'hour' AND d.window_start >= ? AND d.window_start < ? AND d.ref_key = (SELECT ref_key FROM "
                    + "drift_window WHERE model_name = ? AND feature = ? AND granularity = 'hour' AND window_start < ? "
                    + "ORDER BY window_start DESC LIMIT 1) GROUP BY r.edges, r.counts, r.min_value, r.max_value")) {
                ps.setString(1, modelName);
                ps.setString(2, feature);
                Timestamps.bind(ps, 3, from);
                Timestamps.bind(ps, 4, to);
                ps.setString(5, modelName);
                ps.setString(6, feature);
                Timestamps.bind(ps, 7, to);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new Histogram[0];
                    }
                    double[] inner = SqlText.doubles(rs, 1);
                    double lo = Math.min(rs.getDouble(3), SqlText.doubleOrNaN(rs, 6) < rs.getDouble(3) ? rs.getDouble(6) : rs.getDouble(3));
                    double hi = Math.max(rs.getDouble(4), SqlText.doubleOrNaN(rs, 7) > rs.getDouble(4) ? rs.getDouble(7) : rs.getDouble(4));
                    double[] edges = new double[inner.length + 2];
                    edges[0] = Math.min(lo, inner.length > 0 ? inner[0] : lo);
                    System.arraycopy(inner, 0, edges, 1, inner.length);
                    edges[edges.length - 1] = Math.max(hi, inner.length > 0 ? inner[inner.length - 1] : hi);
                    return new Histogram[] {new Histogram(edges, SqlText.longs(rs, 2)), new Histogram(edges.clone(), SqlText.longs(rs, 5))};
                }
            }
        });
    }

    @Override
    public CategoryShares categoryShares(String modelName, String feature, Instant from, Instant to) {
        return read("Reading the category shares of " + feature, conn -> new CategorySharesReader(MonitorSetup.load(conn, modelName))
                .read(conn, feature, from, to));
    }

    @Override
    public Histogram predictionDistribution(String modelName, Instant from, Instant to) {
        int bins = 20;
        return read("Reading the prediction distribution", conn -> {
            MonitorSetup setup = MonitorSetup.load(conn, isRegistered(conn, modelName) ? modelName : null);
            long[] counts = new long[bins];
            try (PreparedStatement ps = conn.prepareStatement("SELECT least(" + (bins - 1) + ", CAST(floor(probability * " + bins
                    + ") AS INTEGER)) b, count(*) FROM " + setup.predictions() + " WHERE event_time >= ? AND event_time < ? "
                    + "AND probability IS NOT NULL GROUP BY b")) {
                Timestamps.bind(ps, 1, from);
                Timestamps.bind(ps, 2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts[Math.max(0, rs.getInt(1))] += rs.getLong(2);
                    }
                }
            }
            double[] edges = new double[bins + 1];
            for (int i = 0; i <= bins; i++) {
                edges[i] = (double) i / bins;
            }
            return new Histogram(edges, counts);
        });
    }

    @Override
    public List<QualityFinding> quality(String modelName, Instant from, Instant to) {
        return read("Reading data-quality findings", conn -> new QualityFindings(thresholds).find(conn, modelName, from, to));
    }

    @Override
    public ConfusionCounts confusion(String modelName, Instant from, Instant to) {
        return read("Reading the confusion matrix", conn -> confusion(MonitorSetup.load(conn,
                isRegistered(conn, modelName) || Catalog.find(conn, modelName).isPresent() ? modelName : null), conn, from, to));
    }

    /** One GROUP BY over the window's labelled predictions; classes the catalogue does not name yet are added as "class N". */
    static ConfusionCounts confusion(MonitorSetup setup, Connection conn, Instant from, Instant to) throws SQLException {
        String source = setup.predictionsCoded()
                ? "(SELECT event_time, predicted_code, label_code FROM " + setup.predictions() + " WHERE event_time >= ? AND event_time < ?)"
                // predictions without codes: the label's code is on the reading
                : "(SELECT p.event_time, p.predicted_code, r.label_code FROM " + setup.predictions() + " p JOIN (SELECT row_id, label_code FROM "
                        + setup.readings() + ") r ON r.row_id = p.row_id WHERE p.event_time >= ? AND p.event_time < ?)";
        Map<Long, Long> cells = new LinkedHashMap<>();
        int size = setup.spec().classes().size();
        Instant first = null;
        Instant last = null;
        try (PreparedStatement ps = conn.prepareStatement("SELECT CAST(label_code AS INTEGER), CAST(predicted_code AS INTEGER), count(*), "
                + "min(event_time), max(event_time) FROM " + source + " WHERE label_code IS NOT NULL AND predicted_code IS NOT NULL "
                + "AND label_code >= 0 AND predicted_code >= 0 GROUP BY 1, 2")) {
            Timestamps.bind(ps, 1, from);
            Timestamps.bind(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int actual = rs.getInt(1);
                    int predicted = rs.getInt(2);
                    cells.put(((long) actual << 32) | predicted, rs.getLong(3));
                    size = Math.max(size, Math.max(actual, predicted) + 1);
                    Instant lo = Timestamps.read(rs, 4);
                    Instant hi = Timestamps.read(rs, 5);
                    first = first == null || lo.isBefore(first) ? lo : first;
                    last = last == null || hi.isAfter(last) ? hi : last;
                }
            }
        }
        long[][] counts = new long[size][size];
        cells.forEach((key, n) -> counts[(int) (key >>> 32)][(int) (key & 0xffffffffL)] = n);
        List<String> classes = new ArrayList<>();
        for (int code = 0; code < size; code++) {
            classes.add(setup.spec().className(code));
        }
        return new ConfusionCounts(classes, counts, first, last);
    }

    @Override
    public List<Alert> alerts(String modelName, boolean openOnly) {
        return read("Reading alerts", conn -> MonitorReads.alerts(conn, modelName, openOnly));
    }

    /** The open alerts to notify about: one per incident (its lead, with the incident's summary), the others as they are. */
    public List<Alert> noticeable(String modelName) {
        return FleetNotices.onePerIncident(store, alerts(modelName, true));
    }

    @Override
    public void acknowledge(long alertId, String note, String by) {
        Instant at = clock.get();
        int updated = write("Acknowledging alert " + alertId, conn -> {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET state = 'acknowledged', acknowledged_at = ?, "
                    + "acknowledged_by = ?, note = CASE WHEN ? IS NULL THEN note ELSE coalesce(note || ' | ', '') || ? END "
                    + "WHERE alert_id = ? AND state = 'firing'")) {
                Timestamps.bind(ps, 1, at);
                ps.setString(2, by);
                ps.setString(3, note);
                ps.setString(4, note);
                ps.setLong(5, alertId);
                return ps.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new IllegalStateException("Alert " + alertId + " is not firing (only a firing alert can be acknowledged).");
        }
        changes.incrementAndGet();
    }

    @Override
    public void silence(long alertId, Instant until, String by) {
        int updated = write("Silencing alert " + alertId, conn -> {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE alert SET silenced_until = ?, note = coalesce(note || ' | ', '') "
                    + "|| ? WHERE alert_id = ?")) {
                Timestamps.bind(ps, 1, until);
                ps.setString(2, "silenced until " + until + " by " + by);
                ps.setLong(3, alertId);
                return ps.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new IllegalArgumentException("There is no alert " + alertId + ".");
        }
        changes.incrementAndGet();
    }

    // Incidents (alert storms across groups) live in monitor.fleet; these only delegate to it.
    @Override
    public List<kiln.domain.AlertIncident> incidents(String modelName, boolean openOnly) {
        return read("Reading incidents", conn -> kiln.monitor.fleet.FleetReads.alertIncidents(conn, modelName, openOnly));
    }

    @Override
    public List<kiln.domain.AlertIncident.Member> incidentMembers(long incidentId) {
        return read("Reading the members of incident " + incidentId, conn -> kiln.monitor.fleet.FleetReads.memberAlerts(conn, incidentId));
    }

    @Override
    public int acknowledgeIncident(long incidentId, String note, String by) {
        Instant at = clock.get();
        int members = write("Acknowledging incident " + incidentId, conn -> kiln.monitor.fleet.Incidents.acknowledge(conn, incidentId, note, by, at));
        changes.incrementAndGet();
        return members;
    }

    @Override
    public List<TimelineMarker> markers(String modelName) {
        return read("Reading timeline markers", conn -> {
            List<TimelineMarker> markers = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT \"at\", 'promotion', 'v' || version || ' promoted to production' "
                    + "FROM model_event WHERE model_name = ? AND action = 'promote' AND alias = 'production' UNION ALL "
                    // Only the model's KPI alerts are drawn on the KPI chart (not its groups'); drift, quality and detector
                    // alerts are in the alert list.
                    + "SELECT fired_at, 'alert', 'alert: accuracy below band' FROM alert "
                    + "WHERE model_name = ? AND fired_at IS NOT NULL AND kind = 'kpi' AND group_key IS NULL UNION ALL "
                    + "SELECT \"at\", 'change', label FROM revealed_change WHERE model_name = ? ORDER BY 1")) {
                ps.setString(1, modelName);
                ps.setString(2, modelName);
                ps.setString(3, modelName);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        markers.add(new TimelineMarker(Timestamps.read(rs, 1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            return markers;
        });
    }

    @Override
    public DatasetSpec dataset(String modelName) {
        return read("Reading the data set of " + modelName, conn -> isRegistered(conn, modelName) || Catalog.find(conn, modelName).isPresent()
                ? MonitorSetup.load(conn, modelName).spec() : null);
    }

    @Override
    public Optional<PsiThresholds> psiThresholds() {
        // PSI's chance thresholds are bootstrapped per reference and window size (docs/drift.md): no single line to draw
        return Optional.empty();
    }

    @Override
    public long dataVersion() {
        long stored = read("Reading the monitor version", conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT CAST(coalesce(sum(hash(model_name, stream, at_time, at_pid, at_count) % 1000000007), 0) "
                    + "% 1000000007 AS BIGINT) + (SELECT coalesce(max(alert_id), 0) FROM alert) FROM monitor_watermark");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        return changes.get() * 1_000_000_009L + stored;
    }

    private <T> T read(String what, SqlWork<T> work) {
        try {
            return store.read(work);
        } catch (SQLException e) {
            throw new DataAccessException(what, e);
        }
    }

    private <T> T write(String what, SqlWork<T> work) {
        try {
            return store.writeTransaction(work);
        } catch (SQLException e) {
            throw new DataAccessException(what, e);
        }
    }
}
