package kiln.ui.monitor.report;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import kiln.domain.Alert;
import kiln.domain.AlertSeverity;
import kiln.domain.AlertState;
import kiln.domain.ConfusionCounts;
import kiln.domain.DriftLevel;
import kiln.domain.KpiBand;
import kiln.domain.KpiPoint;
import kiln.domain.QualityFinding;
import kiln.domain.TimelineMarker;

/** The report's tables: alerts, promotions and changes, accuracy per window, the last window's confusion matrix, drift and data quality. */
final class TableSections {

    private TableSections() {}

    static void alerts(StringBuilder h, List<Alert> alerts, FeatureNames names) {
        h.append("<section id=\"alerts\"><h2>Alerts</h2>\n");
        if (alerts.isEmpty()) {
            h.append("<p>No alerts in this report.</p></section>\n");
            return;
        }
        SortableTable t = new SortableTable(alerts.size() + (alerts.size() == 1 ? " alert" : " alerts") + ", newest first")
                .column("fired (UTC)", SortableTable.Kind.NUMBER).column("state", SortableTable.Kind.TEXT)
                .column("severity", SortableTable.Kind.TEXT).column("rule", SortableTable.Kind.TEXT, "nowrap")
                .column("feature", SortableTable.Kind.TEXT).column("window (UTC)", SortableTable.Kind.NUMBER)
                .column("value (threshold)", SortableTable.Kind.NUMBER).column("model", SortableTable.Kind.NUMBER)
                .column("handled", SortableTable.Kind.TEXT, "long");
        for (Alert a : alerts) {
            SortableTable.Row row = t.row(AlertState.FIRING == a.state() ? "bad" : "").time(a.firedAt()).text(a.state().stored()).text(a.severity()
                    .stored())
                    .text(a.rule());
            if (a.feature() != null && names.anchor(a.feature()) != null) {
                row.link(names.label(a.feature()), names.anchor(a.feature()));
            } else {
                row.text(names.label(a.feature()));
            }
            row.time(a.windowStart()).number(value(a.value()) + (a.threshold() == null ? "" : " (" + value(a.threshold()) + ")"),
                    a.value() == null ? Double.NaN : a.value())
                    .number(a.modelVersion() == null ? "" : "v" + a.modelVersion(), a.modelVersion() == null ? Double.NaN : a.modelVersion())
                    .text(handled(a)).end();
        }
        h.append(t.html()).append("</section>\n");
    }

    private static String handled(Alert a) {
        StringBuilder s = new StringBuilder();
        if (a.acknowledgedAt() != null) {
            s.append("acknowledged ").append(Html.time(a.acknowledgedAt())).append(a.acknowledgedBy() == null ? "" : " by " + a.acknowledgedBy());
        }
        if (a.resolvedAt() != null) {
            s.append(s.length() == 0 ? "" : "; ").append("resolved ").append(Html.time(a.resolvedAt()));
        }
        if (a.silencedUntil() != null) {
            s.append(s.length() == 0 ? "" : "; ").append("silenced until ").append(Html.time(a.silencedUntil()));
        }
        if (a.note() != null && !a.note().isBlank()) {
            s.append(s.length() == 0 ? "" : "; ").append("note: ").append(a.note());
        }
        return s.toString();
    }

    static void promotions(StringBuilder h, List<TimelineMarker> markers) {
        List<TimelineMarker> events = markers.stream().filter(m -> !TimelineMarker.ALERT.equals(m.kind())).toList();
        h.append("<section id=\"promotions\"><h2>Promotions and changes</h2>\n");
        if (events.isEmpty()) {
            h.append("<p>No promotion or change in this period.</p></section>\n");
            return;
        }
        SortableTable t = new SortableTable("Versions promoted to production and changes revealed, oldest first")
                .column("when (UTC)", SortableTable.Kind.NUMBER).column("kind", SortableTable.Kind.TEXT).column("what", SortableTable.Kind.TEXT);
        for (TimelineMarker m : events) {
            t.row("").time(m.at()).text(m.kind()).text(m.label()).end();
        }
        h.append(t.html()).append("</section>\n");
    }

    /** Every window's figures, folded away under the chart (a per-hour report may hold thousands). */
    static void accuracy(StringBuilder h, List<KpiPoint> points, KpiBand band) {
        SortableTable t = new SortableTable("Accuracy per window, oldest first")
                .column("window start (UTC)", SortableTable.Kind.NUMBER).column("predictions", SortableTable.Kind.NUMBER)
                .column("labelled", SortableTable.Kind.NUMBER).column("accuracy", SortableTable.Kind.NUMBER)
                .column("95 % interval", SortableTable.Kind.TEXT).column("label-free estimate", SortableTable.Kind.NUMBER)
                .column("model version", SortableTable.Kind.NUMBER);
        for (KpiPoint p : points) {
            t.row(p.accuracy() == null ? "" : band.inside(p.accuracy()) ? "ok" : "bad").time(p.windowStart())
                    .number(Long.toString(p.predictions()), p.predictions()).number(Long.toString(p.labelled()), p.labelled())
                    .number(Html.percent(p.accuracy()), p.accuracy() == null ? Double.NaN : p.accuracy())
                    .text(p.accuracyLow() == null || p.accuracyHigh() == null ? "" : Html.percent(p.accuracyLow()) + " – " + Html.percent(p
                            .accuracyHigh()))
                    .number(Html.percent(p.estimatedAccuracy()), p.estimatedAccuracy() == null ? Double.NaN : p.estimatedAccuracy())
                    .number(p.modelVersion() == null ? "" : "v" + p.modelVersion(), p.modelVersion() == null ? Double.NaN : p.modelVersion()).end();
        }
        h.append("<details><summary>").append(Html.esc("Accuracy per window (" + points.size() + ")")).append("</summary>\n").append(t.html())
                .append("</details>\n");
    }

    /** Rows what each labelled prediction was, columns what the model said, with recall per row and precision per column. */
    static void confusion(StringBuilder h, MonitorReport.WindowConfusion w) {
        if (w == null || w.counts().isEmpty()) {
            return;
        }
        ConfusionCounts c = w.counts();
        long max = Math.max(1, c.maxCount());
        h.append("<h3>The last labelled window</h3>\n<p>").append(Html.esc(Html.time(w.from()) + " – " + Html.time(w.to()) + " UTC: "
                + c.total() + " labelled predictions, accuracy " + Html.percent(c.accuracy()) + "."))
                .append("</p>\n<div class=\"scroll\"><table class=\"confusion\"><caption>Confusion matrix</caption>\n<thead><tr><th scope=\"col\">actual ↓ · predicted →</th>");
        for (String cls : c.classes()) {
            h.append("<th scope=\"col\">").append(Html.esc(cls)).append("</th>");
        }
        h.append("<th scope=\"col\">recall</th></tr></thead>\n<tbody>\n");
        for (int a = 0; a < c.size(); a++) {
            h.append("<tr><th scope=\"row\">").append(Html.esc(c.classes().get(a))).append("</th>");
            for (int p = 0; p < c.size(); p++) {
                double share = (double) c.count(a, p) / max;
                // the diagonal (right) in the accent blue, the rest (wrong) in red; darker with more rows
                String rgb = a == p ? "37,99,235" : "220,38,38";
                h.append("<td class=\"num cell\" style=\"background:rgba(").append(rgb).append(',')
                        .append(String.format(Locale.ROOT, "%.2f", 0.08 + 0.5 * share)).append(")\">").append(c.count(a, p)).append("</td>");
            }
            h.append("<td class=\"num\">").append(Html.percent(c.recall(a))).append("</td></tr>\n");
        }
        h.append("<tr><th scope=\"row\">precision</th>");
        for (int p = 0; p < c.size(); p++) {
            h.append("<td class=\"num\">").append(Html.percent(c.precision(p))).append("</td>");
        }
        h.append("<td></td></tr>\n</tbody></table></div>\n");
    }

    /** One row per feature: its newest and highest PSI and how many windows were at each level; the most drifted first. */
    static void driftSummary(StringBuilder h, List<FeatureDrill.Summary> summaries, FeatureNames names) {
        h.append("<section id=\"drift\"><h2>Feature drift</h2>\n");
        if (summaries.stream().allMatch(s -> s.windows() == 0)) {
            h.append("<p>No drift scores in this report.</p></section>\n");
            return;
        }
        SortableTable t = new SortableTable("Drift against the reference per feature, most drifted first")
                .column("feature", SortableTable.Kind.TEXT).column("newest level", SortableTable.Kind.TEXT)
                .column("newest PSI", SortableTable.Kind.NUMBER).column("highest PSI", SortableTable.Kind.NUMBER)
                .column("windows scored", SortableTable.Kind.NUMBER).column("windows at warn", SortableTable.Kind.NUMBER)
                .column("windows at alert", SortableTable.Kind.NUMBER);
        summaries.stream().filter(s -> s.windows() > 0).sorted(Comparator.comparingInt(FeatureDrill.Summary::severity).reversed()
                .thenComparing(Comparator.comparingDouble(FeatureDrill.Summary::newestPsi).reversed())).forEach(s -> t.row(levelCss(s.newest()
                        .level()))
                        .link(names.label(s.feature()), names.anchor(s.feature())).text(Objects.toString(s.newest().level(), ""))
                        .number(Html.number(s.newestPsi(), 3), s.newestPsi()).number(Html.number(s.highest().psi(), 3), s.highest().psi())
                        .number(Integer.toString(s.windows()), s.windows()).number(Integer.toString(s.warnings()), s.warnings())
                        .number(Integer.toString(s.alerts()), s.alerts()).end());
        h.append(t.html()).append("</section>\n");
    }

    static String levelCss(DriftLevel level) {
        return DriftLevel.ALERT == level ? "bad" : DriftLevel.WARN == level ? "warn" : "ok";
    }

    static void quality(StringBuilder h, List<QualityFinding> findings, FeatureNames names) {
        h.append("<section id=\"quality\"><h2>Data quality</h2>\n");
        if (findings.isEmpty()) {
            h.append("<p>No data-quality findings.</p></section>\n");
            return;
        }
        h.append(qualityTable(findings, names, "Data-quality findings")).append("</section>\n");
    }

    static String qualityTable(List<QualityFinding> findings, FeatureNames names, String caption) {
        SortableTable t = new SortableTable(caption).column("feature", SortableTable.Kind.TEXT).column("since (UTC)", SortableTable.Kind.NUMBER)
                .column("kind", SortableTable.Kind.TEXT).column("severity", SortableTable.Kind.TEXT).column("what it means", SortableTable.Kind.TEXT);
        for (QualityFinding q : findings) {
            t.row(q.severity() == AlertSeverity.CRITICAL ? "bad" : "warn").text(names.label(q.feature())).time(q.since()).text(q.kind().replace('_',
                    ' '))
                    .text(q.severity().stored()).text(q.message()).end();
        }
        return t.html();
    }

    private static String value(Double v) {
        if (v == null) {
            return "";
        }
        return Math.abs(v) >= 100 ? Html.number(v, 1) : Html.number(v, 3);
    }
}
