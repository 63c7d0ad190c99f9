package kiln.ui.monitor.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

import kiln.domain.Histogram;

/**
 * A feature's distribution in the reference against the newest window: for each of the reference's
 * bins, the share of rows in it, reference and current side by side. Bins are drawn equally wide
 * (they are the reference's quantiles, so equal shares mean no drift) with their edges as ticks.
 */
final class DistributionSvg {

    static final double WIDTH = 900;
    private static final double TOP = 12;
    private static final double BOTTOM = 172;

    private DistributionSvg() {}

    /** The chart; null when either histogram is missing, empty or on other bins. */
    static String draw(String featureLabel, Histogram reference, Histogram current) {
        if (reference == null || current == null || reference.counts().length == 0
                || reference.counts().length != current.counts().length || total(reference) == 0) {
            return null;
        }
        int bins = reference.counts().length;
        double right = WIDTH - ChartParts.RIGHT;
        double[] ref = shares(reference);
        double[] cur = shares(current);
        double max = 0;
        for (int i = 0; i < bins; i++) {
            max = Math.max(max, Math.max(ref[i], cur[i]));
        }
        LinearScale y = new LinearScale(0, Math.max(max * 1.1, 0.01), BOTTOM, TOP);
        LinearScale x = new LinearScale(0, bins, ChartParts.LEFT, right);
        Svg svg = new Svg(WIDTH, BOTTOM + 64, "Distribution of " + featureLabel + ": reference against the newest window");
        ChartParts.valueAxis(svg, y, ChartParts.LEFT, right, "share of rows (%)", v -> Html.number(v * 100, LinearScale.decimals(y.step(6) * 100)));
        svg.line(ChartParts.LEFT, BOTTOM, right, BOTTOM, "stroke", ReportPalette.AXIS);
        double slot = x.map(1) - x.map(0);
        double bar = slot * 0.38;
        for (int i = 0; i < bins; i++) {
            double left = x.map(i) + slot * 0.1;
            String range = "[" + edge(reference.edges()[i]) + ", " + edge(reference.edges()[i + 1]) + ")";
            svg.group("reference " + range + ": " + Html.percent(ref[i]) + " of " + reference.counts()[i] + " rows");
            svg.rect(left, y.map(ref[i]), bar, BOTTOM - y.map(ref[i]), "fill", ReportPalette.REFERENCE, "class", "reference");
            svg.endGroup();
            svg.group("newest window " + range + ": " + Html.percent(cur[i]) + " (" + current.counts()[i] + " rows)");
            svg.rect(left + bar, y.map(cur[i]), bar, BOTTOM - y.map(cur[i]), "fill", ReportPalette.CURRENT, "class", "current");
            svg.endGroup();
        }
        int every = (int) Math.ceil((bins + 1) / Math.max(1.0, (right - ChartParts.LEFT) / 70));
        for (int i = 0; i <= bins; i += every) {
            svg.line(x.map(i), BOTTOM, x.map(i), BOTTOM + 4, "stroke", ReportPalette.AXIS);
            svg.text(x.map(i), BOTTOM + 16, edge(reference.edges()[i]), Svg.Anchor.MIDDLE, "fill", ReportPalette.MUTED);
        }
        svg.text((ChartParts.LEFT + right) / 2, BOTTOM + 32, featureLabel + " (bin edges of the reference's quantiles)", Svg.Anchor.MIDDLE,
                "fill", ReportPalette.TEXT);
        ChartParts.legend(svg, ChartParts.LEFT, BOTTOM + 56, right, List.of(
                new ChartParts.LegendEntry("reference (" + total(reference) + " rows)", ReportPalette.REFERENCE, ChartParts.Swatch.BOX),
                new ChartParts.LegendEntry("newest window (" + total(current) + " rows)", ReportPalette.CURRENT, ChartParts.Swatch.BOX)));
        return svg.toString();
    }

    private static double[] shares(Histogram h) {
        long n = total(h);
        double[] s = new double[h.counts().length];
        for (int i = 0; i < s.length; i++) {
            s[i] = n == 0 ? 0 : (double) h.counts()[i] / n;
        }
        return s;
    }

    private static long total(Histogram h) {
        long n = 0;
        for (long c : h.counts()) {
            n += c;
        }
        return n;
    }

    /** Three significant digits: bin edges of any unit and magnitude stay short. */
    static String edge(double v) {
        if (!Double.isFinite(v)) {
            return "";
        }
        if (v == 0) {
            return "0";
        }
        double magnitude = Math.abs(v);
        if (magnitude >= 1e5 || magnitude < 1e-3) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
