package kiln.monitor.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import kiln.domain.AlertKind;
import kiln.domain.AlertSeverity;
import kiln.drift.KpiEvidence;
import kiln.drift.TwoProportionTest;
import kiln.store.Timestamps;

/**
 * The per-group KPI rules, judged on each group's label-complete day windows (at least
 * {@value #COMPLETE_COVERAGE} of its predictions labelled) that have ended:
 * <ul>
 *   <li>{@code fleet-below-band}: the Wilson upper bound (one-sided 99.9 %) of the group's accuracy
 *   pooled over the window and the one before lies below the model's band, as the model's own rule
 *   (kiln.drift.KpiEvidence): a group with 20 labels a day that is measured at 0.70 is not shown to be
 *   below 0.80 and does not fire. It clears when the window's accuracy is back at the band.</li>
 *   <li>{@code fleet-drop}: the accuracy of the window pooled with the one before is at least {@value #DROP}
 *   below the group's own rolling baseline (the 7 windows before those, pooled) and a one-sided two-proportion test puts the drop
 *   below chance at level {@link #DROP_ALPHA} = 0.1 % / 42 (see there): a stable group has well under a
 *   1 % chance of one false drop alarm in 42 day windows. It clears when the drop is under 15 points.</li>
 * </ul>
 * FleetFalseAlarmTest measures both on 1,000 stable groups over 42 days.
 */
final class FleetKpiRules {
    static final double COMPLETE_COVERAGE = 0.95;
    static final double DROP = 0.15;
    /**
     * Per judged window: 0.1 % of false drop alarms per group over 42 windows by the union bound. The union
     * bound alone would allow 1 %, but the test's normal approximation is too kind to chance dips on some
     * 50 labels near 90 % accuracy (at 1 % / 42, FleetFalseAlarmTest saw 1.8 % of stable groups alarm), so
     * the level keeps a factor of 10 in hand.
     */
    static final double DROP_ALPHA = 0.001 / 42;
    static final FleetAlerts.Rule BELOW_BAND = new FleetAlerts.Rule("fleet-below-band", AlertKind.KPI, "accuracy", AlertSeverity.WARNING, true);
    static final FleetAlerts.Rule DROP_RULE = new FleetAlerts.Rule("fleet-drop", AlertKind.KPI, "accuracy", AlertSeverity.WARNING, true);

    private record Window(String group, Instant start, Instant end, long labelled, long correct, Long baselineLabelled,
            Double baselineAccuracy, Integer version) {
    }

    private FleetKpiRules() {}

    /** Judges every group's ended, label-complete day windows and writes both rules' alerts; returns rows changed. */
    static int evaluate(Connection conn, String model, double bandLower, Instant now) throws SQLException {
        List<Window> windows = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT group_key, window_start, window_end, labelled, correct, "
                + "baseline_labelled, baseline_accuracy, model_version FROM fleet_kpi WHERE model_name = ? AND granularity = 'day' "
                + "AND window_end <= ? AND labelled > 0 AND labelled >= " + COMPLETE_COVERAGE + " * predictions "
                + "ORDER BY group_key, window_start")) {
            ps.setString(1, model);
            Timestamps.bind(ps, 2, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    windows.add(new Window(rs.getString(1), Timestamps.read(rs, 2), Timestamps.read(rs, 3), rs.getLong(4), rs.getLong(5),
                            (Long) rs.getObject(6), (Double) rs.getObject(7), (Integer) rs.getObject(8)));
                }
            }
        }
        List<FleetAlerts.Judged> band = new ArrayList<>();
        List<FleetAlerts.Judged> drop = new ArrayList<>();
        int from = 0;
        while (from < windows.size()) {
            int to = from;
            while (to < windows.size() && windows.get(to).group().equals(windows.get(from).group())) {
                to++;
            }
            judgeGroup(windows.subList(from, to), bandLower, band, drop);
            from = to;
        }
        return FleetAlerts.write(conn, model, BELOW_BAND, band) + FleetAlerts.write(conn, model, DROP_RULE, drop);
    }

    private static void judgeGroup(List<Window> ws, double bandLower, List<FleetAlerts.Judged> band, List<FleetAlerts.Judged> drop) {
        long[] correct = ws.stream().mapToLong(Window::correct).toArray();
        long[] labelled = ws.stream().mapToLong(Window::labelled).toArray();
        double[] upper = KpiEvidence.pooledUpperBounds(correct, labelled, 2);
        for (int i = 0; i < ws.size(); i++) {
            Window w = ws.get(i);
            double accuracy = (double) w.correct() / w.labelled();
            band.add(new FleetAlerts.Judged(w.group(), null, w.start(), w.end(), w.end(), accuracy, bandLower, upper[i] < bandLower,
                    accuracy >= bandLower, w.version(), String.format(Locale.ROOT, "accuracy %.3f of %d labels, credibly below the band's "
                            + "%.2f (upper bound %.3f with the day before)", accuracy, w.labelled(), bandLower, upper[i])));
            // The drop is judged on the window pooled with the one before, against the baseline before both
            // (the earlier window's): on 24 labels a day one window's normal approximation is too kind to chance
            // dips (FleetFalseAlarmTest measured 5.6 % of stable groups alarming in 42 days on single windows).
            if (i > 0 && ws.get(i - 1).baselineLabelled() != null && ws.get(i - 1).baselineLabelled() > 0
                    && ws.get(i - 1).baselineAccuracy() != null) {
                Window prev = ws.get(i - 1);
                long n = w.labelled() + prev.labelled();
                long x = w.correct() + prev.correct();
                double pooled = (double) x / n;
                long baseCorrect = Math.round(prev.baselineAccuracy() * prev.baselineLabelled());
                double fall = prev.baselineAccuracy() - pooled;
                TwoProportionTest t = TwoProportionTest.of(baseCorrect, prev.baselineLabelled(), x, n);
                double oneSided = t.z() < 0 ? t.pValue() / 2 : 1;
                drop.add(new FleetAlerts.Judged(w.group(), null, w.start(), w.end(), w.end(), accuracy, prev.baselineAccuracy() - DROP,
                        fall >= DROP && oneSided < DROP_ALPHA, fall < DROP, w.version(), String.format(Locale.ROOT,
                                "accuracy %.3f of %d labels over this day and the one before, %.0f points below its own %.3f over the "
                                        + "%d days before (p = %.2g)", pooled, n, 100 * fall, prev.baselineAccuracy(),
                                FleetKpiMaterializer.BASELINE_WINDOWS, oneSided)));
            }
        }
    }
}
