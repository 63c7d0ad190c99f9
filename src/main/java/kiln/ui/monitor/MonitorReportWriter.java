package kiln.ui.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import kiln.domain.Alert;
import kiln.domain.DriftScore;
import kiln.domain.KpiBand;
import kiln.domain.KpiPoint;
import kiln.domain.QualityFinding;
import kiln.domain.TimelineMarker;

/**
 * Writes a Monitor report as one self-contained HTML file: pictures inline as base64 PNG, tables as
 * HTML, styles in the head; no external files, so it can be mailed or attached to a ticket.
 */
public final class MonitorReportWriter {

    /** Writes the report; a failure leaves no half-written file behind (it is written beside and then moved into place). */
    public void write(MonitorReport report, Path file) {
        Path target = file.toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.writeString(partial, html(report), StandardCharsets.UTF_8);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the folder refused the write in the first place
            }
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    String html(MonitorReport r) {
        MonitorSnapshot s = r.snapshot();
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc("Kiln monitor report: " + r.model())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:24px;color:#1f2937}table{border-collapse:collapse;margin:8px 0 20px}")
                .append("th,td{border:1px solid #d1d5db;padding:3px 8px;font-size:13px;text-align:left}th{background:#f3f4f6}")
                .append("td.num{text-align:right}.ok{background:#dcfce7}.warn{background:#fef9c3}.alert,.bad{background:#fee2e2}")
                .append("img{max-width:100%;border:1px solid #e5e7eb}.muted{color:#6b7280}\n</style></head><body>\n");
        h.append("<h1>").append(esc("Monitor: " + r.model())).append("</h1>\n");
        KpiBand band = s.band();
        h.append("<p class=\"muted\">").append(esc(String.format(Locale.ROOT,
                "Generated %s UTC · windows: %s · acceptable accuracy band %.0f–%.0f %% · data version %d",
                UtcTime.format(r.generatedAt()), r.granularity(), band.lower() * 100, band.upper() * 100, s.dataVersion())))
                .append("</p>\n");
        verdict(h, s);
        h.append("<p class=\"muted\">The label-free estimate comes from the model's calibrated confidence: it cannot see pure"
                + " concept drift (the same inputs now meaning a different quality), only the realised accuracy can.</p>\n");
        for (MonitorReport.Picture p : r.pictures()) {
            h.append("<figure><img alt=\"").append(esc(p.caption())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(p.png())).append("\"><figcaption>").append(esc(p.caption()))
                    .append("</figcaption></figure>\n");
        }
        alerts(h, s.alerts());
        quality(h, s.quality());
        kpis(h, s.production(), band);
        drift(h, s.drift());
        h.append("</body></html>\n");
        return h.toString();
    }

    /**
     * The report's first lines: is the model inside its band now, what changed (alerts firing and
     * resolved), and what was done (promotions), before any detail.
     */
    static void verdict(StringBuilder h, MonitorSnapshot s) {
        KpiBand band = s.band();
        KpiPoint last = null;
        for (KpiPoint k : s.production()) {
            if (k.accuracy() != null) {
                last = k;
            }
        }
        String status;
        String css;
        if (last == null) {
            status = "No labelled window yet: the realised accuracy is not known.";
            css = "warn";
        } else {
            boolean inside = band.inside(last.accuracy());
            status = String.format(Locale.ROOT, "%s: %.1f %% on the last labelled window (%s, %d labels, model v%s); band %.0f–%.0f %%.",
                    inside ? "In band" : "Below band", last.accuracy() * 100, UtcTime.format(last.windowStart()), last.labelled(),
                    last.modelVersion(), band.lower() * 100, band.upper() * 100);
            css = inside ? "ok" : "bad";
        }
        long firing = s.alerts().stream().filter(a -> Alert.FIRING.equals(a.state())).count();
        long handled = s.alerts().size() - firing;
        List<TimelineMarker> promotions = s.markers().stream().filter(m -> TimelineMarker.PROMOTION.equals(m.kind())).toList();
        h.append("<h2>Verdict</h2>\n<p class=\"").append(css).append("\"><strong>").append(esc(status)).append("</strong></p>\n<ul>\n");
        h.append("<li>").append(esc(firing == 0 ? "No alert is firing." : firing + (firing == 1 ? " alert is" : " alerts are")
                + " firing: " + String.join("; ", s.alerts().stream().filter(a -> Alert.FIRING.equals(a.state())).limit(3)
                .map(AlertListModel::describe).toList()) + (firing > 3 ? "; …" : ""))).append("</li>\n");
        h.append("<li>").append(esc(handled + " earlier alert" + (handled == 1 ? " was" : "s were") + " acknowledged or resolved."))
                .append("</li>\n");
        h.append("<li>").append(esc(promotions.isEmpty() ? "No version was promoted in this period."
                : "Promotions: " + String.join("; ", promotions.stream().map(m -> UtcTime.format(m.at()) + " " + m.label()).toList()) + "."))
                .append("</li>\n</ul>\n");
    }

    private static void alerts(StringBuilder h, List<Alert> alerts) {
        h.append("<h2>Alerts</h2>\n");
        if (alerts.isEmpty()) {
            h.append("<p>No alerts.</p>\n");
            return;
        }
        h.append("<table><tr><th>fired (UTC)</th><th>kind</th><th>severity</th><th>state</th><th>rule</th><th>details</th></tr>\n");
        for (Alert a : alerts) {
            h.append("<tr class=\"").append(Alert.FIRING.equals(a.state()) ? "alert" : "").append("\"><td>")
                    .append(UtcTime.format(a.firedAt())).append("</td><td>").append(esc(a.kind())).append("</td><td>")
                    .append(esc(a.severity())).append("</td><td>").append(esc(a.state())).append("</td><td>").append(esc(a.rule()))
                    .append("</td><td>").append(esc(AlertListModel.describe(a))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void quality(StringBuilder h, List<QualityFinding> findings) {
        h.append("<h2>Data quality</h2>\n");
        if (findings.isEmpty()) {
            h.append("<p>No data-quality findings.</p>\n");
            return;
        }
        h.append("<table><tr><th>feature</th><th>since (UTC)</th><th>kind</th><th>severity</th><th>what it means</th></tr>\n");
        for (QualityFinding q : findings) {
            h.append("<tr><td>").append(esc(q.feature())).append("</td><td>").append(q.since() == null ? "" : UtcTime.format(q.since()))
                    .append("</td><td>").append(esc(q.kind())).append("</td><td>").append(esc(q.severity())).append("</td><td>")
                    .append(esc(q.message())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void kpis(StringBuilder h, List<KpiPoint> points, KpiBand band) {
        h.append("<h2>Accuracy per window</h2>\n<table><tr><th>window start (UTC)</th><th>predictions</th><th>labelled</th>")
                .append("<th>accuracy</th><th>95 % interval</th><th>estimate</th><th>model version</th></tr>\n");
        for (KpiPoint p : points) {
            String cls = p.accuracy() == null ? "" : band.inside(p.accuracy()) ? "ok" : "bad";
            h.append("<tr class=\"").append(cls).append("\"><td>").append(UtcTime.format(p.windowStart())).append("</td><td class=\"num\">")
                    .append(p.predictions()).append("</td><td class=\"num\">").append(p.labelled()).append("</td><td class=\"num\">")
                    .append(percent(p.accuracy())).append("</td><td class=\"num\">")
                    .append(p.accuracyLow() == null ? "" : percent(p.accuracyLow()) + " – " + percent(p.accuracyHigh()))
                    .append("</td><td class=\"num\">").append(percent(p.estimatedAccuracy())).append("</td><td class=\"num\">")
                    .append(p.modelVersion() == null ? "" : "v" + p.modelVersion()).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void drift(StringBuilder h, List<DriftScore> scores) {
        h.append("<h2>Feature drift (PSI against the reference)</h2>\n");
        if (scores.isEmpty()) {
            h.append("<p>No drift scores.</p>\n");
            return;
        }
        h.append("<table><tr><th>feature</th><th>window start (UTC)</th><th>PSI</th><th>KS D</th><th>KS p</th><th>Wasserstein</th><th>level</th></tr>\n");
        for (DriftScore d : scores) {
            h.append("<tr class=\"").append(esc(d.level())).append("\"><td>").append(esc(d.feature())).append("</td><td>")
                    .append(UtcTime.format(d.windowStart())).append("</td><td class=\"num\">").append(fmt("%.3f", d.psi()))
                    .append("</td><td class=\"num\">").append(fmt("%.3f", d.ksStatistic())).append("</td><td class=\"num\">")
                    .append(fmt("%.2g", d.ksPValue())).append("</td><td class=\"num\">").append(fmt("%.3f", d.wasserstein()))
                    .append("</td><td>").append(esc(d.level())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String percent(Double v) {
        return v == null ? "" : fmt("%.1f %%", v * 100);
    }

    private static String fmt(String pattern, double v) {
        return String.format(Locale.ROOT, pattern, v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
