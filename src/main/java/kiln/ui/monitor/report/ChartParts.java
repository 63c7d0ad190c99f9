package kiln.ui.monitor.report;

import java.util.List;
import java.util.function.DoubleFunction;

/** What the report's charts share: axes with ticks and titles, horizontal reference lines and a swatch legend. */
final class ChartParts {

    /** Room left of the plot for value labels and the vertical axis title. */
    static final double LEFT = 70;
    static final double RIGHT = 24;
    /** Pixels per character of 11-px text, generous so estimated labels never overlap in practice. */
    static final double CHAR_WIDTH = 6.4;

    /** One legend entry: a swatch drawn as a short line (dashed or not) or a filled box. */
    record LegendEntry(String label, String colour, Swatch swatch) {
    }

    enum Swatch {
        LINE, DASHED, BOX, DOT
    }

    private ChartParts() {}

    /** The time axis along {@code y} (the plot's bottom) with grid lines up to {@code top}, and its title below. */
    static void timeAxis(Svg svg, TimeScale x, double top, double y, String title) {
        svg.line(x.map(x.from()), y, x.map(x.to()), y, "stroke", ReportPalette.AXIS);
        int maxTicks = (int) Math.max(2, (x.map(x.to()) - x.map(x.from())) / 80);
        for (TimeScale.Tick t : x.ticks(maxTicks)) {
            double px = x.map(t.at());
            svg.line(px, top, px, y, "stroke", ReportPalette.GRID);
            svg.line(px, y, px, y + 4, "stroke", ReportPalette.AXIS);
            // a label that would run off either edge is set against its tick instead of centred on it
            double half = t.label().length() * CHAR_WIDTH / 2;
            Svg.Anchor anchor = px + half > svg.width() - 2 ? Svg.Anchor.END : px - half < 2 ? Svg.Anchor.START : Svg.Anchor.MIDDLE;
            svg.text(px, y + 16, t.label(), anchor, "fill", ReportPalette.MUTED);
        }
        svg.text((x.map(x.from()) + x.map(x.to())) / 2, y + 32, title + " (UTC, " + x.describeRange() + ")", Svg.Anchor.MIDDLE,
                "fill", ReportPalette.TEXT);
    }

    /** The value axis at the plot's left edge, grid lines across to {@code right}, the title turned upright. */
    static void valueAxis(Svg svg, LinearScale y, double left, double right, String title, DoubleFunction<String> label) {
        svg.line(left, y.rangeFrom(), left, y.rangeTo(), "stroke", ReportPalette.AXIS);
        for (double v : y.ticks(6)) {
            double py = y.map(v);
            svg.line(left, py, right, py, "stroke", ReportPalette.GRID);
            svg.text(left - 6, py + 4, label.apply(v), Svg.Anchor.END, "fill", ReportPalette.MUTED);
        }
        svg.verticalText(16, (y.rangeFrom() + y.rangeTo()) / 2, title, "fill", ReportPalette.TEXT);
    }

    /** Tick labels for a value axis: as many decimals as the tick step needs. */
    static DoubleFunction<String> numbers(LinearScale y) {
        int decimals = LinearScale.decimals(y.step(6));
        return v -> Html.number(v, decimals);
    }

    /** A dashed horizontal line across the plot at {@code value}, labelled at its right end. */
    static void threshold(Svg svg, LinearScale y, double left, double right, double value, String label, String colour) {
        double py = y.map(value);
        svg.line(left, py, right, py, "stroke", colour, "stroke-width", "1.2", "stroke-dasharray", "6 4");
        svg.text(right - 4, py - 4, label, Svg.Anchor.END, "fill", colour);
    }

    /** The legend as one row from {@code x} at baseline {@code y}; wraps to a second row when it runs out of room. */
    static void legend(Svg svg, double x, double y, double right, List<LegendEntry> entries) {
        double at = x;
        double row = y;
        for (LegendEntry e : entries) {
            double w = 28 + e.label().length() * CHAR_WIDTH + 16;
            if (at + w > right && at > x) {
                at = x;
                row += 16;
            }
            switch (e.swatch()) {
                case LINE -> svg.line(at, row - 4, at + 20, row - 4, "stroke", e.colour(), "stroke-width", "2");
                case DASHED -> svg.line(at, row - 4, at + 20, row - 4, "stroke", e.colour(), "stroke-width", "2", "stroke-dasharray", "5 3");
                case BOX -> svg.rect(at, row - 10, 20, 10, "fill", e.colour(), "stroke", ReportPalette.AXIS);
                case DOT -> svg.circle(at + 10, row - 4, 3.5, null, "fill", e.colour());
            }
            svg.text(at + 26, row, e.label(), Svg.Anchor.START, "fill", ReportPalette.TEXT);
            at += w;
        }
    }
}
