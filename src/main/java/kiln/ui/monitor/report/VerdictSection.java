package kiln.ui.monitor.report;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import kiln.domain.Alert;
import kiln.domain.AlertState;
import kiln.domain.DriftLevel;
import kiln.domain.DriftScore;
import kiln.domain.KpiBand;
import kiln.domain.KpiPoint;
import kiln.domain.QualityFinding;
import kiln.domain.TimelineMarker;

/**
 * The report's first lines, before any detail: where the model stands (its last labelled window
 * against the band), what changed (alerts firing, features drifting, data-quality findings, windows
 * still waiting for labels) and what was done (promotions, alerts handled).
 */
final class VerdictSection {

    private static final int LISTED = 3;

    private VerdictSection() {}

    static void write(StringBuilder h, MonitorReport r, FeatureNames names) {
        KpiBand band = r.accuracy().band();
        KpiPoint last = null;
        for (KpiPoint k : r.accuracy().production()) {
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
            status = String.format(Locale.ROOT, "%s: %s on the last labelled window (%s UTC, %d labels%s); band %s – %s.",
                    inside ? "In band" : "Below band", Html.percent(last.accuracy()), Html.time(last.windowStart()), last.labelled(),
                    last.modelVersion() == null ? "" : ", model v" + last.modelVersion(), Html.percent(band.lower()), Html.percent(band.upper()));
            css = inside ? "ok" : "bad";
        }
        h.append("<section id=\"verdict\"><h2>Verdict</h2>\n<p class=\"status ").append(css).append("\"><strong>").append(Html.esc(status))
                .append("</strong></p>\n<h3>What changed</h3>\n<ul>\n");
        item(h, firing(r.alerts()));
        item(h, drift(r.drift(), names));
        item(h, quality(r.quality(), names));
        String waiting = waiting(r.accuracy().production());
        if (waiting != null) {
            item(h, waiting);
        }
        h.append("</ul>\n<h3>What was done</h3>\n<ul>\n");
        item(h, promotions(r.markers()));
        long handled = r.alerts().stream().filter(a -> AlertState.FIRING != a.state() && AlertState.PENDING != a.state()).count();
        item(h, handled == 0 ? "No alert was acknowledged or resolved." : handled + (handled == 1 ? " alert was" : " alerts were")
                + " acknowledged or resolved.");
        h.append("</ul></section>\n");
    }

    private static void item(StringBuilder h, String sentence) {
        h.append("<li>").append(Html.esc(sentence)).append("</li>\n");
    }

    private static String firing(List<Alert> alerts) {
        List<Alert> firing = alerts.stream().filter(a -> AlertState.FIRING == a.state()).toList();
        if (firing.isEmpty()) {
            return "No alert is firing.";
        }
        return firing.size() + (firing.size() == 1 ? " alert is" : " alerts are") + " firing: "
                + String.join("; ", firing.stream().limit(LISTED).map(VerdictSection::describe).toList()) + (firing.size() > LISTED ? "; …" : "")
                + ".";
    }

    /** "accuracy below band for 2 windows (since 2019-07-20 00:00 UTC)", with the feature when it names one. */
    static String describe(Alert a) {
        return a.rule() + (a.feature() == null ? "" : " on " + a.feature()) + " (window " + Html.time(a.windowStart()) + " UTC)";
    }

    private static String drift(MonitorReport.Drift drift, FeatureNames names) {
        Instant newest = drift.scores().stream().map(DriftScore::windowStart).max(Comparator.naturalOrder()).orElse(null);
        if (newest == null) {
            return "No drift was scored in this period.";
        }
        List<DriftScore> moved = drift.scores().stream().filter(d -> d.windowStart().equals(newest) && DriftLevel.OK != d.level())
                .sorted(Comparator.comparingDouble(DriftScore::psi).reversed()).toList();
        if (moved.isEmpty()) {
            return "No feature drifted in the newest window (" + Html.time(newest) + " UTC).";
        }
        return "Drift in the newest window (" + Html.time(newest) + " UTC): " + String.join("; ", moved.stream()
                .map(d -> names.label(d.feature()) + " " + d.level() + ", PSI " + Html.number(d.psi(), 2)).toList()) + ".";
    }

    private static String quality(List<QualityFinding> findings, FeatureNames names) {
        if (findings.isEmpty()) {
            return "No data-quality finding.";
        }
        return findings.size() + (findings.size() == 1 ? " data-quality finding: " : " data-quality findings: ")
                + String.join("; ", findings.stream().limit(LISTED).map(f -> names.label(f.feature()) + " " + f.kind().replace('_', ' ')
                        + (f.since() == null ? "" : " since " + Html.time(f.since()) + " UTC")).toList()) + (findings.size() > LISTED ? "; …" : "")
                + ".";
    }

    /** The newest windows without labels and what the label-free estimate says of them; null when every window is labelled. */
    private static String waiting(List<KpiPoint> points) {
        int unlabelled = 0;
        KpiPoint newest = null;
        for (int i = points.size() - 1; i >= 0 && points.get(i).accuracy() == null; i--) {
            unlabelled++;
            newest = newest == null ? points.get(i) : newest;
        }
        if (unlabelled == 0) {
            return null;
        }
        return unlabelled + (unlabelled == 1 ? " window awaits" : " windows await") + " labels"
                + (newest.estimatedAccuracy() == null ? "." : "; the label-free estimate of the newest is " + Html.percent(newest.estimatedAccuracy())
                        + " (it cannot see concept drift).");
    }

    private static String promotions(List<TimelineMarker> markers) {
        List<TimelineMarker> promotions = markers.stream().filter(m -> TimelineMarker.PROMOTION.equals(m.kind())).toList();
        return promotions.isEmpty() ? "No version was promoted in this period."
                : "Promotions: " + String.join("; ", promotions.stream().map(m -> Html.time(m.at()) + " UTC " + m.label()).toList()) + ".";
    }
}
