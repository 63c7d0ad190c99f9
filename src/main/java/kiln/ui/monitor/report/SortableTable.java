package kiln.ui.monitor.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTML table the reader can sort by clicking (or pressing Enter or Space on) a column header: each
 * header holds a button, number and time columns say {@code data-type="number"} and their cells carry
 * a {@code data-sort} key, so the page's script sorts them as numbers (empty cells last) and text
 * columns as text.
 */
final class SortableTable {

    /** How a column sorts. */
    enum Kind { TEXT, NUMBER }

    private record Column(String name, Kind kind) {
    }

    private final String caption;
    private final List<Column> columns = new ArrayList<>();
    private final StringBuilder rows = new StringBuilder();
    private int rowCount;

    /** A table described by {@code caption} (shown above it; also what a screen reader announces). */
    SortableTable(String caption) {
        this.caption = caption;
    }

    SortableTable column(String name, Kind kind) {
        columns.add(new Column(name, kind));
        return this;
    }

    /** Starts a row; {@code cssClass} (may be empty) colours it by state. */
    Row row(String cssClass) {
        return new Row(cssClass);
    }

    int rowCount() {
        return rowCount;
    }

    /** One row, filled cell by cell in column order. */
    final class Row {
        private final StringBuilder cells = new StringBuilder();
        private int count;

        private Row(String cssClass) {
            cells.append(cssClass == null || cssClass.isEmpty() ? "<tr>" : "<tr class=\"" + Html.esc(cssClass) + "\">");
        }

        /** A text cell. */
        Row text(String text) {
            return cell("<td>" + Html.esc(text) + "</td>");
        }

        /** A text cell whose content links to {@code fragment} on this page. */
        Row link(String text, String fragment) {
            return cell("<td><a href=\"#" + Html.esc(fragment) + "\">" + Html.esc(text) + "</a></td>");
        }

        /** A number shown as {@code shown}, sorted by {@code key} (NaN: sorts last). */
        Row number(String shown, double key) {
            return cell("<td class=\"num\" data-sort=\"" + (Double.isNaN(key) ? "" : Double.toString(key)) + "\">" + Html.esc(shown) + "</td>");
        }

        /** A time in UTC, sorted by the instant. */
        Row time(Instant t) {
            return cell("<td class=\"num\" data-sort=\"" + Html.sortKey(t) + "\">" + Html.esc(Html.time(t)) + "</td>");
        }

        private Row cell(String html) {
            if (count == columns.size()) {
                throw new IllegalStateException("the row already has all " + columns.size() + " cells");
            }
            cells.append(html);
            count++;
            return this;
        }

        /** Adds the row to the table. */
        void end() {
            if (count != columns.size()) {
                throw new IllegalStateException("the row has " + count + " cells, the table " + columns.size() + " columns");
            }
            rows.append(cells).append("</tr>\n");
            rowCount++;
        }
    }

    String html() {
        StringBuilder h = new StringBuilder(rows.length() + 512);
        h.append("<table class=\"sortable\"><caption>").append(Html.esc(caption)).append("</caption>\n<thead><tr>");
        for (Column c : columns) {
            h.append("<th scope=\"col\"").append(c.kind() == Kind.NUMBER ? " data-type=\"number\"" : "").append("><button type=\"button\">")
                    .append(Html.esc(c.name())).append("</button></th>");
        }
        return h.append("</tr></thead>\n<tbody>\n").append(rows).append("</tbody></table>\n").toString();
    }
}
