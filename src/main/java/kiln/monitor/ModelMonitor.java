package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import kiln.domain.AlertKind;
import kiln.domain.KpiBand;
import kiln.domain.ProductionPeriod;
import kiln.drift.AlertHysteresis;
import kiln.drift.DriftThresholds;
import kiln.drift.KpiEvidence;
import kiln.store.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incremental update of one model: finds what arrived since the watermarks (predictions by row_id,
 * labels by labelled_at, readings by row_id, rescored predictions by count per version), recomputes
 * the KPI and drift windows those rows touch, feeds the detectors and re-evaluates the alert rules.
 */
final class ModelMonitor {
    private final MonitorSetup setup;
    private final KpiMaterializer kpi;
    private final DriftMaterializer drift;
    private final CategoryDriftMaterializer categoryDrift;
    private final DetectorMonitor detectors;
    private final ReferenceResolver references;
    private final List<AlertRule> rules;
    private final FeatureRules featureRules;
    private final PreparedCache statements = new PreparedCache();

    MonitorSetup setup() {
        return setup;
    }

    ModelMonitor(Connection conn, MonitorSetup setup, List<ProductionPeriod> periods, DriftThresholds thresholds,
            DetectorMonitor previousDetectors) throws SQLException {
        this.setup = setup;
        this.kpi = new KpiMaterializer(setup, Calibrations.qExpression(Calibrations.load(conn, setup.modelName()),
                setup.positiveLabel()), statements);
        this.drift = new DriftMaterializer(setup, thresholds, statements);
        this.categoryDrift = new CategoryDriftMaterializer(setup, thresholds, statements);
        this.featureRules = new FeatureRules(setup, thresholds);
        this.references = ReferenceResolver.load(conn, setup, periods);
        this.rules = AlertRule.load(conn);
        AlertRule detectorRule = rules.stream().filter(r -> r.kind() == AlertKind.DETECTOR).findFirst().orElse(null);
        this.detectors = previousDetectors != null ? previousDetectors
                : detectorRule == null ? null : new DetectorMonitor(setup, detectorRule);
    }

    DetectorMonitor detectors() {
        return detectors;
    }

    /** Releases the prepared statements kept for the next update (when this monitor is replaced). */
    void close() {
        statements.close();
    }

    /** Drops the materialised windows and watermarks (not the detector position, not alerts). */
    void clear(Connection conn) throws SQLException {
        kpi.clear(conn);
        drift.clear(conn);
        try (PreparedStatement ps = conn.prepareStatement(
                "DELETE FROM monitor_watermark WHERE model_name = ? AND stream <> ?")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, DetectorMonitor.STREAM);
            ps.executeUpdate();
        }
    }

    /** Runs one update; returns true when anything was recomputed or an alert row changed. */
    boolean update(Connection conn, Instant now) throws SQLException {
        long t0 = System.nanoTime();
        boolean changed = false;
        Watermarks.Batch marks = Watermarks.Batch.load(conn, statements, setup.modelName());
        Span predictions = newPredictions(conn, marks);
        trace("new predictions", t0);
        Span labels = newLabels(conn, marks);
        trace("new labels", t0);
        for (Span s : merge(predictions, labels)) {
            kpi.recompute(conn, KpiSeries.PRODUCTION, s);
            changed = true;
        }
        trace("kpi", t0);
        changed |= updateCounterfactuals(conn, labels, marks);
        trace("counterfactual", t0);
        drift.startUpdate(conn);
        trace("drift start", t0);
        Span readings = newReadings(conn, marks);
        trace("new readings", t0);
        if (readings != null && predictions != null && sameHours(readings, predictions)) {
            // The usual live case (readings scored as they come): both in one set of statements.
            drift.recompute(conn, drift.readings().with(drift.predictions()), readings.timeFrom(), readings.timeTo(), references);
            changed = true;
        } else {
            if (readings != null) {
                drift.recompute(conn, drift.readings(), readings.timeFrom(), readings.timeTo(), references);
                changed = true;
            }
            if (predictions != null) {
                drift.recompute(conn, drift.predictions(), predictions.timeFrom(), predictions.timeTo(), references);
            }
        }
        if (readings != null) {
            categoryDrift.recompute(conn, readings.timeFrom(), readings.timeTo(), references); // categorical features
        }
        Map<String, Boolean> refreshed = drift.takeRefreshed();
        for (var e : refreshed.entrySet()) {
            recomputeWindowsOf(conn, e.getKey(), e.getValue());
        }
        trace("drift", t0);
        marks.flush(conn, statements);
        // The detectors read the labels after their own mark: with no new label since the last update
        // they have nothing to read (until they have warmed up once).
        if (detectors != null && (labels != null || !detectors.warm()) && detectors.update(conn) > 0) {
            changed = true;
        }
        trace("detectors", t0);
        if (changed && rulesInputsMoved(conn, now, labels, readings, predictions, !refreshed.isEmpty())) {
            evaluateRules(conn, now);
        }
        trace("alerts", t0);
        return changed;
    }

    /** The day ("now" truncated) and band settings the alert rules were last evaluated with. */
    private Instant rulesEvaluatedDay;
    private String rulesEvaluatedBands;

    /**
     * Whether anything the windowed rules read may have moved since they last ran: labels (KPI rule),
     * a newly complete day (the drift and quality rules read days ending by now), a window of an
     * earlier day (late rows), a refreshed reference or a band edit. An ordinary hour of new rows
     * inside today changes none of them, so the replay over every day window is skipped.
     */
    private boolean rulesInputsMoved(Connection conn, Instant now, Span labels, Span readings, Span predictions,
            boolean referencesRefreshed) throws SQLException {
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        StringBuilder bands = new StringBuilder();
        for (AlertRule rule : rules) {
            if (rule.kind() == AlertKind.KPI) {
                bands.append(MonitorReads.band(conn, setup.modelName(), rule.metric())).append(';');
            }
        }
        boolean moved = labels != null || referencesRefreshed || !today.equals(rulesEvaluatedDay)
                || !bands.toString().equals(rulesEvaluatedBands)
                || (readings != null && readings.timeFrom().isBefore(today))
                || (predictions != null && predictions.timeFrom().isBefore(today));
        rulesEvaluatedDay = today;
        rulesEvaluatedBands = bands.toString();
        return moved;
    }

    private static final boolean TRACE = System.getenv("KILN_MONITOR_TRACE") != null;
    /** Step times of an update, on stderr (logback.xml routes {@code kiln.trace} there) when KILN_MONITOR_TRACE is set. */
    private static final Logger TRACE_LOG = LoggerFactory.getLogger("kiln.trace.monitor");

    static void trace(String step, long startNanos) {
        if (TRACE) {
            TRACE_LOG.debug(String.format(Locale.ROOT, "monitor %-15s %8.1f ms", step, (System.nanoTime() - startNanos) / 1e6));
        }
    }

    /**
     * A reference that grew: every window compared with it is summarised again; the reading windows (numeric and
     * categorical) only when the reference's readings changed, not just its predictions or labels.
     */
    private void recomputeWindowsOf(Connection conn, String refKey, boolean readingsChanged) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT min(window_start), max(window_end) FROM drift_window "
                + "WHERE model_name = ? AND granularity = 'hour' AND ref_key = ?")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, refKey);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Instant from = Timestamps.read(rs, 1);
                if (from == null) {
                    return;
                }
                Instant to = Timestamps.read(rs, 2).minusNanos(1000);
                if (readingsChanged) {
                    drift.recompute(conn, drift.readings(), from, to, references);
                }
                drift.recompute(conn, drift.predictions(), from, to, references);
                if (readingsChanged) {
                    categoryDrift.recompute(conn, from, to, references);
                }
            }
        }
    }

    /** Whether two spans touch exactly the same hour windows. */
    private static boolean sameHours(Span a, Span b) {
        ChronoUnit hour = ChronoUnit.HOURS;
        return a.timeFrom().truncatedTo(hour).equals(b.timeFrom().truncatedTo(hour))
                && a.timeTo().truncatedTo(hour).equals(b.timeTo().truncatedTo(hour));
    }

    /**
     * The spans whose KPI windows to recompute: one when they overlap or lie close (the rows between them
     * no more than the two hold), else both. Recomputing an unchanged window gives it again, and in a live
     * loop the new predictions and the predictions just labelled lie a label delay apart: one pass over
     * both, and the gap, costs less than the statements of two.
     */
    private static List<Span> merge(Span a, Span b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? List.of() : List.of(b)) : List.of(a);
        }
        return a.overlaps(b) || a.gapTo(b) <= a.rows() + b.rows() ? List.of(a.union(b)) : List.of(a, b);
    }

    private Span newPredictions(Connection conn, Watermarks.Batch marks) throws SQLException {
        return newRows(conn, marks, "predictions", setup.predictions());
    }

    private Span newReadings(Connection conn, Watermarks.Batch marks) throws SQLException {
        return newRows(conn, marks, "readings", setup.readings());
    }

    /** Rows of a row_id-ordered table past the stream's watermark; moves the watermark. */
    private Span newRows(Connection conn, Watermarks.Batch marks, String stream, String table) throws SQLException {
        Watermarks.Mark mark = marks.get(stream);
        Span span = boundSpan(conn, "SELECT min(row_id), max(row_id), min(event_time), max(event_time) FROM " + table
                + " WHERE row_id > ?", mark.id());
        if (span != null) {
            marks.put(stream, new Watermarks.Mark(span.timeTo(), span.pidTo(), 0));
        }
        // Only the windows holding new rows change: hours are recomputed whole and days are sums of their hours.
        return span;
    }

    /**
     * Labels that arrived since the watermark (labelled_at later than the last one seen, or at
     * that time if more rows carry it now), as the span of the predictions they label.
     */
    private Span newLabels(Connection conn, Watermarks.Batch marks) throws SQLException {
        Watermarks.Mark mark = marks.get("labels");
        // New = checked after the mark's time, or at it when more labels carry that time now than the
        // mark counted; with the count at the newest time, for the next mark. One statement.
        String labels = setup.labels();
        String fresh = mark.time() == null ? "SELECT row_id, labelled_at AS t FROM " + labels + " WHERE labelled_at IS NOT NULL"
                : "SELECT row_id, labelled_at AS t FROM " + labels + " WHERE labelled_at >= ? AND (labelled_at > ? "
                        + "OR (SELECT count(*) FROM " + labels + " WHERE labelled_at = ?) <> ?)";
        long lo;
        long hi;
        Instant newest;
        long atNewest;
        try (PreparedStatement ps = statements.prepare(conn, "WITH fresh AS (" + fresh + ") SELECT min(row_id), max(row_id), max(t), "
                + "(SELECT count(*) FROM " + labels + " WHERE labelled_at = (SELECT max(t) FROM fresh)) FROM fresh")) {
            if (mark.time() != null) {
                for (int i = 1; i <= 3; i++) {
                    Timestamps.bind(ps, i, mark.time());
                }
                ps.setLong(4, mark.count());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getObject(1) == null) {
                    return null;
                }
                lo = rs.getLong(1);
                hi = rs.getLong(2);
                newest = Timestamps.read(rs, 3);
                atNewest = rs.getLong(4);
            }
        }
        marks.put("labels", new Watermarks.Mark(newest, hi, atNewest));
        return boundSpan(conn, "SELECT min(row_id), max(row_id), min(event_time), max(event_time) FROM " + setup.predictions()
                + " WHERE row_id BETWEEN ? AND ?", lo, hi);
    }

    /** The row_id and time span of the rows a statement selects (planned once; the row_id bounds are bound). */
    private Span boundSpan(Connection conn, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = statements.prepare(conn, sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getObject(1) == null) {
                    return null;
                }
                return new Span(rs.getLong(1), rs.getLong(2), Timestamps.read(rs, 3), Timestamps.read(rs, 4));
            }
        }
    }

    /** A version rescored anew is recomputed whole; otherwise only the windows new labels touch. */
    private boolean updateCounterfactuals(Connection conn, Span labels, Watermarks.Batch marks) throws SQLException {
        boolean changed = false;
        List<long[]> versions = new ArrayList<>();
        try (PreparedStatement ps = statements.prepare(conn, "SELECT model_version, count(*), max(row_id) FROM rescored_prediction "
                + "WHERE model_name = ? GROUP BY model_version ORDER BY model_version")) {
            ps.setString(1, setup.modelName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        for (long[] v : versions) {
            String series = "counterfactual:v" + v[0];
            String stream = "rescored:v" + v[0];
            Watermarks.Mark mark = marks.get(stream);
            if (mark.count() != v[1] || mark.id() != v[2]) {
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM kpi WHERE model_name = ? AND series = ?")) {
                    ps.setString(1, setup.modelName());
                    ps.setString(2, series);
                    ps.executeUpdate();
                }
                Span all = boundSpan(conn, "SELECT min(row_id), max(row_id), min(event_time), max(event_time) FROM rescored_prediction "
                        + "WHERE model_name = ? AND model_version = ?", setup.modelName(), v[0]);
                kpi.recompute(conn, series, all);
                marks.put(stream, new Watermarks.Mark(null, v[2], v[1]));
                changed = true;
            } else if (labels != null) {
                kpi.recompute(conn, series, labels);
                changed = true;
            }
        }
        return changed;
    }

    // --- alert rules ---

    private void evaluateRules(Connection conn, Instant now) throws SQLException {
        for (AlertRule rule : rules) {
            if (!rule.enabled()) {
                continue;
            }
            switch (rule.kind()) {
                case KPI -> evaluateKpiRule(conn, rule);
                case DRIFT -> featureRules.evaluate(conn, rule, now, false);
                case QUALITY -> featureRules.evaluate(conn, rule, now, true);
                case DETECTOR -> {
                } // detector alerts are written by DetectorMonitor as labels stream in
            }
        }
    }

    /**
     * Realised KPI of label-complete windows against the model's band. A window breaches when the
     * Wilson upper bound of the KPI pooled over it and the preceding {@code for_windows - 1} windows
     * lies below the fire threshold (kiln.drift.KpiEvidence: chance dips of a model inside its band do
     * not fire); it resolves on the window's own value at lower + warn margin.
     */
    private void evaluateKpiRule(Connection conn, AlertRule rule) throws SQLException {
        KpiBand band = MonitorReads.band(conn, setup.modelName(), rule.metric());
        double fire = rule.fireThreshold() != null ? rule.fireThreshold() : band.lower();
        double resolve = rule.resolveThreshold() != null ? rule.resolveThreshold()
                : Math.min(band.upper(), band.lower() + band.warnMargin());
        AlertHysteresis.Rule h = new AlertHysteresis.Rule(AlertHysteresis.Direction.BELOW, fire, Math.max(fire, resolve),
                1, rule.resolveWindows());
        // successes / trials of the KPI per window
        String counts = switch (rule.metric()) {
            case "precision" -> "tp, tp + fp";
            case "recall" -> "tp, tp + fn";
            default -> "correct, labelled";
        };
        List<Instant[]> times = new ArrayList<>();
        List<Integer> versions = new ArrayList<>();
        List<long[]> kpis = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT window_start, window_end, label_max_time, " + counts
                + ", model_version FROM kpi WHERE model_name = ? AND granularity = ? AND series = 'production' "
                + "AND labelled >= " + MonitorReads.COMPLETE_COVERAGE + " * predictions AND labelled > 0 ORDER BY window_start")) {
            ps.setString(1, setup.modelName());
            ps.setString(2, rule.granularity());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    times.add(new Instant[] {Timestamps.read(rs, 1), Timestamps.read(rs, 2), Timestamps.read(rs, 3)});
                    kpis.add(new long[] {Math.round(rs.getDouble(4)), Math.round(rs.getDouble(5))});
                    versions.add((Integer) rs.getObject(6));
                }
            }
        }
        long[] successes = kpis.stream().mapToLong(k -> k[0]).toArray();
        long[] trials = kpis.stream().mapToLong(k -> k[1]).toArray();
        double[] upper = KpiEvidence.pooledUpperBounds(successes, trials, Math.max(1, rule.forWindows()));
        List<AlertWriter.Observation> obs = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            double value = trials[i] == 0 ? Double.NaN : (double) successes[i] / trials[i];
            obs.add(new AlertWriter.Observation(times.get(i)[0], times.get(i)[1], times.get(i)[2], value, versions.get(i), upper[i]));
        }
        AlertWriter.evaluate(conn, setup.modelName(), rule, null, h, obs);
    }
}
