package kiln.ui.monitor.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.DriftLevel;
import kiln.domain.DriftScore;
import kiln.ui.monitor.MonitorQueries;

/**
 * One feature's drift over time: its PSI against the reference per window (a point per window,
 * coloured and shaped by level), with the warning and alert thresholds as labelled dashed lines. All
 * features share the report's time range, so their charts line up one under the other.
 */
final class DriftSvg {

    static final double WIDTH = 900;
    private static final double TOP = 12;
    private static final double BOTTOM = 172;

    private DriftSvg() {}

    /** The chart of {@code scores} (one feature's, oldest first) over [from, to]; null when there are none. */
    static String draw(String featureLabel, List<DriftScore> scores, MonitorQueries.PsiThresholds thresholds, Instant from, Instant to) {
        if (scores.isEmpty()) {
            return null;
        }
        double right = WIDTH - ChartParts.RIGHT;
        TimeScale x = new TimeScale(from, to, ChartParts.LEFT, right);
        double top = scores.stream().mapToDouble(DriftScore::psi).filter(Double::isFinite).max().orElse(0);
        if (thresholds != null) {
            top = Math.max(top, thresholds.alert());
        }
        LinearScale y = new LinearScale(0, Math.max(top * 1.15, 0.05), BOTTOM, TOP);
        Svg svg = new Svg(WIDTH, BOTTOM + 64, "PSI of " + featureLabel + " per window");
        ChartParts.valueAxis(svg, y, ChartParts.LEFT, right, "PSI (unitless)", ChartParts.numbers(y));
        ChartParts.timeAxis(svg, x, TOP, BOTTOM, "window start");
        if (thresholds != null) {
            ChartParts.threshold(svg, y, ChartParts.LEFT, right, thresholds.warn(), "warn " + Html.number(thresholds.warn(), 2), ReportPalette.WARN);
            ChartParts.threshold(svg, y, ChartParts.LEFT, right, thresholds.alert(), "alert " + Html.number(thresholds.alert(), 2),
                    ReportPalette.ALERT);
        }
        List<double[]> line = new ArrayList<>();
        for (DriftScore d : scores) {
            if (Double.isFinite(d.psi())) {
                line.add(new double[] {x.map(middle(d)), y.clamped(d.psi())});
            }
        }
        svg.path(line, "stroke", ReportPalette.REALISED, "stroke-width", "1.5", "class", "psi");
        for (DriftScore d : scores) {
            if (!Double.isFinite(d.psi())) {
                continue;
            }
            double px = x.map(middle(d));
            double py = y.clamped(d.psi());
            String tip = Html.time(d.windowStart()) + " UTC: PSI " + Html.number(d.psi(), 3) + " (" + d.level() + ", " + d.n() + " rows)";
            if (DriftLevel.ALERT == d.level()) {
                // a square for alert windows: the level reads without colour too
                svg.group(tip).rect(px - 3, py - 3, 6, 6, "fill", ReportPalette.ALERT).endGroup();
            } else {
                svg.circle(px, py, DriftLevel.WARN == d.level() ? 3 : 2, tip, "fill",
                        DriftLevel.WARN == d.level() ? ReportPalette.WARN : ReportPalette.OK);
            }
        }
        List<ChartParts.LegendEntry> legend = new ArrayList<>(List.of(new ChartParts.LegendEntry("PSI per window", ReportPalette.REALISED,
                ChartParts.Swatch.LINE)));
        if (thresholds != null) {
            legend.add(new ChartParts.LegendEntry("warning threshold", ReportPalette.WARN, ChartParts.Swatch.DASHED));
            legend.add(new ChartParts.LegendEntry("alert threshold (■ alert window)", ReportPalette.ALERT, ChartParts.Swatch.DASHED));
        }
        ChartParts.legend(svg, ChartParts.LEFT, BOTTOM + 56, right, legend);
        return svg.toString();
    }

    private static Instant middle(DriftScore d) {
        return d.windowStart().plusMillis(Duration.between(d.windowStart(), d.windowEnd()).toMillis() / 2);
    }
}
