package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import kiln.domain.Alert;
import kiln.domain.AlertIncident;
import kiln.domain.CategoryShares;
import kiln.domain.ConfusionCounts;
import kiln.domain.DatasetSpec;
import kiln.domain.DriftScore;
import kiln.domain.DriftShare;
import kiln.domain.Histogram;
import kiln.domain.KpiBand;
import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;
import kiln.domain.ProductionPeriod;
import kiln.domain.QualityFinding;
import kiln.domain.TimelineMarker;
import kiln.drift.DriftThresholds;
import kiln.monitor.fleet.FleetMonitor;
import kiln.monitor.fleet.FleetReads;
import kiln.monitor.fleet.Incidents;
import kiln.registry.ModelRegistry;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.SqlWork;
import kiln.store.Timestamps;
import kiln.store.catalog.Catalog;

/**
 * The monitor over the store: {@link #update()} materialises what arrived since the last call (cheap
 * and idempotent; the simulator and scorer call it after each committed batch), {@link #recomputeAll()}
 * rebuilds every window, and the read methods return the materialised tables (the Monitor screen reaches
 * them through its port, `ui.monitor.MonitorQueries`, which `app.MonitorPort` adapts this service to).
 *
 * <p>Time: alert transitions are stamped with the window's evidence time (when its labels arrived, or
 * when the window ended), so replays give the same rows; the clock decides which windows are complete
 * ("now") and stamps acknowledgements. While simulating pass the simulated clock; for batch use,
 * {@link #newestReadingClock(KilnStore)} takes the newest reading's event_time as "now".
 */
public final class MonitorService {
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

    /**
     * True when a monitored model has no readings summaries on record: an upgrade dropped the derived
     * windows (migrations V013, V018 rebuild them from the stored rows) and nothing has updated since,
     * so the Drift panels would be empty until the next batch arrives.
     */
    public boolean behindItsData() {
        return read("Checking the monitor's summaries", conn -> {
            for (String model : MonitoredModels.list(conn, null)) {
                try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM monitor_watermark WHERE model_name = ? "
                        + "AND stream = 'readings'")) {
                    ps.setString(1, model);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) == 0) {
                            return true;
                        }
                    }
                }
            }
            return false;
        });
    }

    /** Materialises what arrived since the last update, for every monitored model; true if anything changed. */
    public synchronized boolean update() {
        Instant now = clock instanceof NewestReadingClock ? null : clock.get();
        boolean changed = write("Updating the monitor", conn -> {
            boolean any = false;
            long t0 = System.nanoTime();
            for (String model : MonitoredModels.list(conn, statements)) {
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
            for (String model : MonitoredModels.list(conn, statements)) {
                ModelMonitor m = monitor(conn, model);
                m.clear(conn);
                m.close();
                ModelMonitor.trace("recompute clear", t0);
                // Fresh materialisers (reference caches dropped); the detectors keep their place in the
                // error stream, which a recompute does not change.
                boolean registered = MonitoredModels.isRegistered(conn, model);
                monitors.put(model, new ModelMonitor(conn, MonitorSetup.load(conn, registered ? model : null),
                        registered ? registry.productionTimeline(model) : List.of(), thresholds, m.detectors()));
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
        String stamp = MonitoredModels.registryStamp(conn, statements, model);
        ModelMonitor m = monitors.get(model);
        if (m == null || !stamp.equals(monitorStamps.get(model))) {
            boolean registered = MonitoredModels.isRegistered(conn, model);
            MonitorSetup setup = MonitorSetup.load(conn, registered ? model : null);
            List<ProductionPeriod> periods = registered ? registry.productionTimeline(model) : List.of();
            if (m != null) {
                m.close();
            }
            m = new ModelMonitor(conn, setup, periods, thresholds, m == null ? null : m.detectors());
            monitors.put(model, m);
            monitorStamps.put(model, stamp);
        }
        return m;
    }

    // --- MonitorQueries ---

    public List<String> models() {
        return read("Listing monitored models", conn -> MonitoredModels.list(conn, null));
    }

    public List<KpiPoint> kpis(String modelName, KpiGranularity granularity, String series) {
        return read("Reading KPIs", conn -> MonitorReads.kpis(conn, modelName, granularity, series));
    }

    public List<String> seriesNames(String modelName) {
        return read("Reading KPI series", conn -> WindowReads.seriesNames(conn, modelName));
    }

    public KpiBand band(String modelName, String kpi) {
        return read("Reading the KPI band", conn -> MonitorReads.band(conn, modelName, kpi));
    }

    public void setBand(KpiBand band) {
        if (!(band.lower() <= band.upper()) || band.warnMargin() < 0) {
            throw new IllegalArgumentException("A band needs lower <= upper and a warn margin >= 0, got " + band);
        }
        write("Saving the KPI band", conn -> MonitorEdits.setBand(conn, band));
        changes.incrementAndGet();
    }

    public List<DriftScore> featureDrift(String modelName, KpiGranularity granularity) {
        return read("Reading feature drift", conn -> MonitorReads.drift(conn, modelName, granularity, false));
    }

    public List<DriftScore> outputDrift(String modelName, KpiGranularity granularity) {
        return read("Reading prediction and label drift", conn -> DriftReads.outputDrift(conn, modelName, granularity, thresholds));
    }

    public List<DriftShare> datasetDrift(String modelName, KpiGranularity granularity) {
        return DriftReads.datasetShares(featureDrift(modelName, granularity), granularity, thresholds);
    }

    public Histogram[] referenceAndCurrent(String modelName, String feature, Instant from, Instant to) {
        return read("Reading distributions", conn -> DriftReads.referenceAndCurrent(conn, modelName, feature, from, to));
    }

    public CategoryShares categoryShares(String modelName, String feature, Instant from, Instant to) {
        return read("Reading the category shares of " + feature, conn -> new CategorySharesReader(MonitorSetup.load(conn, modelName))
                .read(conn, feature, from, to));
    }

    public Histogram predictionDistribution(String modelName, Instant from, Instant to) {
        return read("Reading the prediction distribution", conn -> WindowReads.predictionDistribution(conn,
                MonitorSetup.load(conn, MonitoredModels.isRegistered(conn, modelName) ? modelName : null), from, to));
    }

    public List<QualityFinding> quality(String modelName, Instant from, Instant to) {
        return read("Reading data-quality findings", conn -> new QualityFindings(thresholds).find(conn, modelName, from, to));
    }

    public ConfusionCounts confusion(String modelName, Instant from, Instant to) {
        return read("Reading the confusion matrix", conn -> WindowReads.confusion(MonitorSetup.load(conn,
                MonitoredModels.isRegistered(conn, modelName) || Catalog.find(conn, modelName).isPresent() ? modelName : null),
                conn, from, to));
    }

    public List<Alert> alerts(String modelName, boolean openOnly) {
        return read("Reading alerts", conn -> MonitorReads.alerts(conn, modelName, openOnly));
    }

    public void acknowledge(long alertId, String note, String by) {
        Instant at = clock.get();
        int updated = write("Acknowledging alert " + alertId, conn -> MonitorEdits.acknowledge(conn, alertId, at, note, by));
        if (updated == 0) {
            throw new IllegalStateException("Alert " + alertId + " is not firing (only a firing alert can be acknowledged).");
        }
        changes.incrementAndGet();
    }

    public void silence(long alertId, Instant until, String by) {
        int updated = write("Silencing alert " + alertId, conn -> MonitorEdits.silence(conn, alertId, until, by));
        if (updated == 0) {
            throw new IllegalArgumentException("There is no alert " + alertId + ".");
        }
        changes.incrementAndGet();
    }

    // Incidents (alert storms across groups) live in monitor.fleet; these only delegate to it.
    public List<AlertIncident> incidents(String modelName, boolean openOnly) {
        return read("Reading incidents", conn -> FleetReads.alertIncidents(conn, modelName, openOnly));
    }

    public List<AlertIncident.Member> incidentMembers(long incidentId) {
        return read("Reading the members of incident " + incidentId, conn -> FleetReads.memberAlerts(conn, incidentId));
    }

    public int acknowledgeIncident(long incidentId, String note, String by) {
        Instant at = clock.get();
        int members = write("Acknowledging incident " + incidentId, conn -> Incidents.acknowledge(conn, incidentId, note, by, at));
        changes.incrementAndGet();
        return members;
    }

    /** Silences every open member of an incident until a time; returns the members silenced (see {@link Incidents#silence}). */
    public int silenceIncident(long incidentId, Instant until, String by) {
        int members = write("Silencing incident " + incidentId, conn -> Incidents.silence(conn, incidentId, until, by));
        changes.incrementAndGet();
        return members;
    }

    public List<TimelineMarker> markers(String modelName) {
        return read("Reading timeline markers", conn -> WindowReads.markers(conn, modelName));
    }

    public DatasetSpec dataset(String modelName) {
        return read("Reading the data set of " + modelName, conn -> MonitoredModels.isRegistered(conn, modelName)
                || Catalog.find(conn, modelName).isPresent() ? MonitorSetup.load(conn, modelName).spec() : null);
    }

    public long dataVersion() {
        long stored = read("Reading the monitor version", conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT CAST(coalesce(sum(hash(model_name, stream, at_time, at_pid, at_count) % 1000000007), 0) "
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
