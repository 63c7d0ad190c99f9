package kiln.ui.monitor.report;

import java.util.List;
import java.util.Locale;

/**
 * Builds one inline SVG picture: shapes in user units of a fixed view box, painted with presentation
 * attributes (so the picture reads the same inline, saved on its own or printed). Every text and
 * attribute value is escaped; coordinates are written with one decimal.
 */
final class Svg {

    /** Where a text sits relative to its x. */
    enum Anchor {
        START("start"), MIDDLE("middle"), END("end");

        private final String value;

        Anchor(String value) {
            this.value = value;
        }
    }

    private final StringBuilder body = new StringBuilder(8 * 1024);
    private final double width;
    private final double height;
    private final String title;
    private int openGroups;

    /** A picture {@code width × height} units large; {@code title} is what a screen reader says for it. */
    Svg(double width, double height, String title) {
        this.width = width;
        this.height = height;
        this.title = title;
    }

    double width() {
        return width;
    }

    double height() {
        return height;
    }

    /** A rectangle; {@code paint} are attribute name/value pairs such as "fill", "#eee". */
    Svg rect(double x, double y, double w, double h, String... paint) {
        body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(Math.max(0, w)))
                .append("\" height=\"").append(n(Math.max(0, h))).append('"');
        return attributes(paint).closeEmpty();
    }

    Svg line(double x1, double y1, double x2, double y2, String... paint) {
        body.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append('"');
        return attributes(paint).closeEmpty();
    }

    /** A circle with a tooltip ({@code tip} may be null). */
    Svg circle(double cx, double cy, double r, String tip, String... paint) {
        body.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r)).append('"');
        attributes(paint);
        return tip == null ? closeEmpty() : titled(tip, "circle");
    }

    /**
     * One path through {@code points} ({x, y} pairs): "M" to the first, "L" to each next, so it has as
     * many points as given. Nothing is drawn for no points.
     */
    Svg path(List<double[]> points, String... paint) {
        if (points.isEmpty()) {
            return this;
        }
        body.append("<path d=\"");
        for (int i = 0; i < points.size(); i++) {
            body.append(i == 0 ? "M" : " L").append(n(points.get(i)[0])).append(' ').append(n(points.get(i)[1]));
        }
        body.append("\" fill=\"none\"");
        return attributes(paint).closeEmpty();
    }

    /** A closed, filled area through {@code points}. */
    Svg polygon(List<double[]> points, String... paint) {
        if (points.isEmpty()) {
            return this;
        }
        body.append("<polygon points=\"");
        for (int i = 0; i < points.size(); i++) {
            body.append(i == 0 ? "" : " ").append(n(points.get(i)[0])).append(',').append(n(points.get(i)[1]));
        }
        body.append('"');
        return attributes(paint).closeEmpty();
    }

    /** A line of text at (x, y) (y is its baseline). */
    Svg text(double x, double y, String text, Anchor anchor, String... paint) {
        body.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" text-anchor=\"").append(anchor.value).append('"');
        attributes(paint);
        body.append('>').append(Html.esc(text)).append("</text>");
        return this;
    }

    /** Text turned a quarter left around (x, y), for a vertical axis title. */
    Svg verticalText(double x, double y, String text, String... paint) {
        body.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 ")
                .append(n(x)).append(' ').append(n(y)).append(")\"");
        attributes(paint);
        body.append('>').append(Html.esc(text)).append("</text>");
        return this;
    }

    /** Starts a group; what follows until {@link #endGroup()} shares its tooltip ({@code tip} may be null) and attributes. */
    Svg group(String tip, String... attributes) {
        body.append("<g");
        attributes(attributes);
        body.append('>');
        if (tip != null) {
            body.append("<title>").append(Html.esc(tip)).append("</title>");
        }
        openGroups++;
        return this;
    }

    Svg endGroup() {
        if (openGroups == 0) {
            throw new IllegalStateException("no group is open");
        }
        openGroups--;
        body.append("</g>");
        return this;
    }

    /** The whole picture: scales with the page up to its natural width. */
    @Override
    public String toString() {
        if (openGroups != 0) {
            throw new IllegalStateException(openGroups + " group(s) not ended");
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n(width) + " " + n(height) + "\" width=\"" + n(width)
                + "\" height=\"" + n(height) + "\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\"><title>" + Html.esc(title)
                + "</title>" + body + "</svg>";
    }

    private Svg attributes(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i].matches("[a-z][a-z-]*")) {
                throw new IllegalArgumentException("not an attribute name: " + pairs[i]);
            }
            body.append(' ').append(pairs[i]).append("=\"").append(Html.esc(pairs[i + 1])).append('"');
        }
        return this;
    }

    private Svg closeEmpty() {
        body.append("/>");
        return this;
    }

    private Svg titled(String tip, String element) {
        body.append("><title>").append(Html.esc(tip)).append("</title></").append(element).append('>');
        return this;
    }

    /** One decimal is finer than a pixel at any size the page shows; NaN and infinities are clamped to 0 so the markup stays valid. */
    static String n(double v) {
        if (!Double.isFinite(v)) {
            v = 0;
        }
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
    }
}
