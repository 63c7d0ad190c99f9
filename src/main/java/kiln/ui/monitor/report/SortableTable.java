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
    enum Kind {
        TEXT, NUMBER
    }

    /** {@code cellClass} (may be empty) styles every cell of the column, e.g. "nowrap" or "long". */
    private record Column(String name, Kind kind, String cellClass) {
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
        return column(name, kind, "");
    }

    /** A column whose cells carry {@code cellClass} (the page's style sheet knows "nowrap" and "long"). */
    SortableTable column(String name, Kind kind, String cellClass) {
        columns.add(new Column(name, kind, cellClass));
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
            return cell("<td" + classes("") + ">" + Html.esc(text) + "</td>");
        }

        /** A text cell whose content links to {@code fragment} on this page. */
        Row link(String text, String fragment) {
            return cell("<td" + classes("") + "><a href=\"#" + Html.esc(fragment) + "\">" + Html.esc(text) + "</a></td>");
        }

        /** A number shown as {@code shown}, sorted by {@code key} (NaN: sorts last). */
        Row number(String shown, double key) {
            return cell("<td" + classes("num") + " data-sort=\"" + (Double.isNaN(key) ? "" : Double.toString(key)) + "\">" + Html.esc(shown)
                    + "</td>");
        }

        /** A time in UTC, sorted by the instant. */
        Row time(Instant t) {
            return cell("<td" + classes("num") + " data-sort=\"" + Html.sortKey(t) + "\">" + Html.esc(Html.time(t)) + "</td>");
        }

        /** The class attribute of the next cell: {@code own} and its column's class. */
        private String classes(String own) {
            String column = count < columns.size() ? columns.get(count).cellClass() : "";
            String all = (own + " " + column).trim();
            return all.isEmpty() ? "" : " class=\"" + Html.esc(all) + "\"";
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
        // the wrapper scrolls sideways when the table is wider than the page, instead of the whole page
        h.append("<div class=\"scroll\"><table class=\"sortable\"><caption>").append(Html.esc(caption)).append("</caption>\n<thead><tr>");
        for (Column c : columns) {
            h.append("<th scope=\"col\"").append(c.kind() == Kind.NUMBER ? " data-type=\"number\"" : "").append("><button type=\"button\">")
                    .append(Html.esc(c.name())).append("</button></th>");
        }
        return h.append("</tr></thead>\n<tbody>\n").append(rows).append("</tbody></table></div>\n").toString();
    }
}
