package kiln.ui.monitor.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import kiln.domain.KpiBand;
import kiln.domain.KpiPoint;
import kiln.domain.TimelineMarker;

/**
 * The report's accuracy chart: the acceptable band shaded, realised accuracy per labelled window
 * (a point per window at its middle, with its 95 % interval), the label-free estimate dashed,
 * counterfactual series dotted, and promotions, alerts and changes as labelled vertical markers whose
 * labels are stacked in rows so that none overlaps another or runs off the picture.
 */
final class AccuracySvg {

    static final double WIDTH = 900;
    private static final double LANE = 15;
    private static final int MAX_LANES = 5;
    private static final String[] COUNTERFACTUAL_DASHES = {"2 3", "8 3 2 3", "1 4"};
    /** Above this many labelled windows (a per-hour month) intervals become one shaded area and points are not marked singly. */
    static final int DENSE = 120;

    private AccuracySvg() {}

    /** The chart of {@code accuracy} with {@code markers}; null when there is no window to draw. */
    static String draw(MonitorReport.Accuracy accuracy, List<TimelineMarker> markers) {
        List<KpiPoint> points = accuracy.production();
        if (points.isEmpty()) {
            return null;
        }
        Instant from = points.get(0).windowStart();
        Instant to = points.get(points.size() - 1).windowEnd();
        double right = WIDTH - ChartParts.RIGHT;
        TimeScale x = new TimeScale(from, to, ChartParts.LEFT, right);
        List<Placed> placed = place(markers.stream().filter(m -> x.contains(m.at())).sorted(Comparator.comparing(TimelineMarker::at)).toList(), x,
                right);
        int lanes = placed.stream().mapToInt(Placed::lane).max().orElse(-1) + 1;
        double top = 10 + lanes * LANE + (lanes > 0 ? 6 : 0);
        double bottom = top + 240;
        double height = bottom + 80;
        KpiBand band = accuracy.band();
        LinearScale y = new LinearScale(floor(points, accuracy.counterfactuals(), band), 1.0, bottom, top);
        Svg svg = new Svg(WIDTH, height, "Accuracy per " + "window against the acceptable band " + Html.percent(band.lower()) + " – "
                + Html.percent(band.upper()));

        svg.rect(ChartParts.LEFT, y.clamped(band.upper()), right - ChartParts.LEFT, y.clamped(band.lower()) - y.clamped(band.upper()),
                "fill", ReportPalette.BAND);
        ChartParts.valueAxis(svg, y, ChartParts.LEFT, right, "accuracy (%)", v -> Html.number(v * 100, 0));
        ChartParts.timeAxis(svg, x, top, bottom, "window start");
        markers(svg, placed, top, bottom);
        boolean dense = points.stream().filter(p -> p.accuracy() != null).count() > DENSE;
        if (dense) {
            intervalArea(svg, points, x, y);
        } else {
            intervals(svg, points, x, y);
        }
        svg.path(estimate(points, x, y), "stroke", ReportPalette.ESTIMATE, "stroke-width", "1.6", "stroke-dasharray", "6 4",
                "class", "estimate");
        int i = 0;
        List<ChartParts.LegendEntry> legend = new ArrayList<>();
        legend.add(new ChartParts.LegendEntry("acceptable band", ReportPalette.BAND, ChartParts.Swatch.BOX));
        legend.add(new ChartParts.LegendEntry("realised accuracy (95 % interval)", ReportPalette.REALISED, ChartParts.Swatch.LINE));
        if (points.stream().anyMatch(p -> p.estimatedAccuracy() != null)) {
            legend.add(new ChartParts.LegendEntry("label-free estimate", ReportPalette.ESTIMATE, ChartParts.Swatch.DASHED));
        }
        for (Map.Entry<String, List<KpiPoint>> series : accuracy.counterfactuals().entrySet()) {
            svg.path(realised(series.getValue(), x, y), "stroke", ReportPalette.COUNTERFACTUAL, "stroke-width", dense ? "1" : "1.4",
                    "stroke-dasharray", COUNTERFACTUAL_DASHES[i++ % COUNTERFACTUAL_DASHES.length], "class", "counterfactual");
            legend.add(new ChartParts.LegendEntry(seriesLabel(series.getKey()), ReportPalette.COUNTERFACTUAL, ChartParts.Swatch.DASHED));
        }
        svg.path(realised(points, x, y), "stroke", ReportPalette.REALISED, "stroke-width", dense ? "1.2" : "2", "class", "realised");
        for (KpiPoint p : points) {
            if (p.accuracy() != null && !dense) {
                svg.circle(x.map(middle(p)), y.clamped(p.accuracy()), 2.5, Html.time(p.windowStart()) + " UTC: " + Html.percent(p.accuracy())
                        + " of " + p.labelled() + " labelled", "fill", band.inside(p.accuracy()) ? ReportPalette.REALISED : ReportPalette.ALERT);
            }
        }
        if (!placed.isEmpty()) {
            legend.add(new ChartParts.LegendEntry("promotion", ReportPalette.PROMOTION, ChartParts.Swatch.LINE));
            legend.add(new ChartParts.LegendEntry("alert", ReportPalette.ALERT, ChartParts.Swatch.LINE));
            legend.add(new ChartParts.LegendEntry("change", ReportPalette.CHANGE, ChartParts.Swatch.DASHED));
        }
        ChartParts.legend(svg, ChartParts.LEFT, bottom + 54, right, legend);
        return svg.toString();
    }

    /** "counterfactual:v1" → "v1 had it stayed (counterfactual)"; another name as it is. */
    static String seriesLabel(String series) {
        String prefix = KpiPoint.counterfactual(0).replace("v0", "");
        return series.startsWith(prefix) ? series.substring(prefix.length()) + " had it stayed (counterfactual)" : series;
    }

    /** A marker with the lane its label sits in (-1: no room for a label; its line and tooltip remain). */
    record Placed(TimelineMarker marker, double x, String label, int lane, boolean leftOfLine) {
    }

    /**
     * Puts each marker's label in the first lane where it clears the previous label, to the right of
     * its line, or to the left when it would run past the right edge.
     */
    static List<Placed> place(List<TimelineMarker> markers, TimeScale x, double right) {
        double[] laneEnd = new double[MAX_LANES];
        Arrays.fill(laneEnd, Double.NEGATIVE_INFINITY);
        List<Placed> placed = new ArrayList<>();
        for (TimelineMarker m : markers) {
            double at = x.map(m.at());
            String label = shortLabel(m);
            double w = label.length() * ChartParts.CHAR_WIDTH;
            boolean left = at + 3 + w > right;
            double start = left ? at - 3 - w : at + 3;
            int lane = -1;
            for (int l = 0; l < MAX_LANES; l++) {
                if (start > laneEnd[l] + 6) {
                    lane = l;
                    laneEnd[l] = start + w;
                    break;
                }
            }
            placed.add(new Placed(m, at, label, lane, left));
        }
        return placed;
    }

    /** "v2 promoted to production" stays; long labels are cut to 30 characters (the tooltip has all of it). */
    static String shortLabel(TimelineMarker m) {
        String label = m.label() == null || m.label().isBlank() ? m.kind() : m.label();
        return label.length() <= 30 ? label : label.substring(0, 29) + "…";
    }

    private static void markers(Svg svg, List<Placed> placed, double top, double bottom) {
        for (Placed p : placed) {
            String colour = switch (p.marker().kind()) {
                case TimelineMarker.PROMOTION -> ReportPalette.PROMOTION;
                case TimelineMarker.ALERT -> ReportPalette.ALERT;
                default -> ReportPalette.CHANGE;
            };
            svg.group(p.marker().label() + " · " + Html.time(p.marker().at()) + " UTC", "class", "marker " + p.marker().kind());
            double labelY = 10 + (p.lane() + 1) * LANE - 4;
            svg.line(p.x(), p.lane() < 0 ? top : labelY - 10, p.x(), bottom, "stroke", colour, "stroke-width", "1.2",
                    "stroke-dasharray", TimelineMarker.PROMOTION.equals(p.marker().kind()) ? "none" : "4 3");
            if (p.lane() >= 0) {
                svg.text(p.leftOfLine() ? p.x() - 3 : p.x() + 3, labelY, p.label(), p.leftOfLine() ? Svg.Anchor.END : Svg.Anchor.START,
                        "fill", colour);
            }
            svg.endGroup();
        }
    }

    /** The intervals as one light area: along the upper bounds and back along the lower ones. */
    private static void intervalArea(Svg svg, List<KpiPoint> points, TimeScale x, LinearScale y) {
        List<double[]> upper = new ArrayList<>();
        List<double[]> lower = new ArrayList<>();
        for (KpiPoint p : points) {
            if (p.accuracyLow() != null && p.accuracyHigh() != null) {
                upper.add(new double[] {x.map(middle(p)), y.clamped(p.accuracyHigh())});
                lower.add(0, new double[] {x.map(middle(p)), y.clamped(p.accuracyLow())});
            }
        }
        upper.addAll(lower);
        svg.group("95 % intervals of the realised accuracy").polygon(upper, "fill", ReportPalette.INTERVAL).endGroup();
    }

    private static void intervals(Svg svg, List<KpiPoint> points, TimeScale x, LinearScale y) {
        svg.group("95 % intervals of the realised accuracy", "stroke", ReportPalette.REALISED, "stroke-opacity", "0.45");
        for (KpiPoint p : points) {
            if (p.accuracyLow() != null && p.accuracyHigh() != null) {
                double px = x.map(middle(p));
                svg.line(px, y.clamped(p.accuracyLow()), px, y.clamped(p.accuracyHigh()));
            }
        }
        svg.endGroup();
    }

    /** One point per window with a realised accuracy, at the window's middle. */
    static List<double[]> realised(List<KpiPoint> points, TimeScale x, LinearScale y) {
        List<double[]> xy = new ArrayList<>();
        for (KpiPoint p : points) {
            if (p.accuracy() != null) {
                xy.add(new double[] {x.map(middle(p)), y.clamped(p.accuracy())});
            }
        }
        return xy;
    }

    private static List<double[]> estimate(List<KpiPoint> points, TimeScale x, LinearScale y) {
        List<double[]> xy = new ArrayList<>();
        for (KpiPoint p : points) {
            if (p.estimatedAccuracy() != null) {
                xy.add(new double[] {x.map(middle(p)), y.clamped(p.estimatedAccuracy())});
            }
        }
        return xy;
    }

    private static Instant middle(KpiPoint p) {
        return p.windowStart().plusMillis(Duration.between(p.windowStart(), p.windowEnd()).toMillis() / 2);
    }

    /** The axis starts at a round 10 % below the lowest value or band bound shown (and 0 at worst). */
    private static double floor(List<KpiPoint> points, Map<String, List<KpiPoint>> counterfactuals, KpiBand band) {
        double low = band.lower();
        List<KpiPoint> all = new ArrayList<>(points);
        counterfactuals.values().forEach(all::addAll);
        for (KpiPoint p : all) {
            for (Double v : new Double[] {p.accuracy(), p.accuracyLow(), p.estimatedAccuracy()}) {
                if (v != null && !v.isNaN()) {
                    low = Math.min(low, v);
                }
            }
        }
        return Math.max(0, Math.floor((low - 0.02) * 10) / 10);
    }
}
