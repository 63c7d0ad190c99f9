package kiln.ui.monitor.report;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import kiln.domain.Alert;
import kiln.domain.DriftLevel;
import kiln.domain.DriftScore;
import kiln.domain.Histogram;
import kiln.domain.QualityFinding;
import kiln.ui.monitor.MonitorQueries;

/**
 * The per-feature drill-down: for each feature a section with its name and unit, its drift verdict,
 * its PSI over time, its reference-against-newest distribution, the findings and alerts that name it,
 * and its scores per window.
 */
final class FeatureDrill {

    /** One feature's drift in figures; {@code newest} and {@code highest} are null when it has no scores. */
    record Summary(String feature, List<DriftScore> scores, DriftScore newest, DriftScore highest, int warnings, int alerts) {

        static Summary of(String feature, List<DriftScore> all) {
            List<DriftScore> scores = all.stream().filter(d -> d.feature().equals(feature)).sorted(Comparator.comparing(DriftScore::windowStart))
                    .toList();
            DriftScore highest = scores.stream().filter(d -> Double.isFinite(d.psi())).max(Comparator.comparingDouble(DriftScore::psi)).orElse(null);
            return new Summary(feature, scores, scores.isEmpty() ? null : scores.get(scores.size() - 1), highest,
                    (int) scores.stream().filter(d -> DriftLevel.WARN == d.level()).count(),
                    (int) scores.stream().filter(d -> DriftLevel.ALERT == d.level()).count());
        }

        int windows() {
            return scores.size();
        }

        double newestPsi() {
            return newest == null ? Double.NaN : newest.psi();
        }

        /** 2 alert, 1 warn, 0 ok in the newest window (-1 for no scores): for sorting the most drifted first. */
        int severity() {
            if (newest == null) {
                return -1;
            }
            return DriftLevel.ALERT == newest.level() ? 2 : DriftLevel.WARN == newest.level() ? 1 : 0;
        }
    }

    private FeatureDrill() {}

    static List<Summary> summaries(MonitorReport r, FeatureNames names) {
        return names.names().stream().map(f -> Summary.of(f, r.drift().scores())).toList();
    }

    /** The drill-down of every feature; drift charts share the time range of the report's windows. */
    static void write(StringBuilder h, MonitorReport r, FeatureNames names, List<Summary> summaries) {
        h.append("<section id=\"features\"><h2>Per-feature drill-down</h2>\n");
        if (summaries.isEmpty()) {
            h.append("<p>The catalogue lists no feature for this model and no drift, finding or alert names one.</p>\n");
        }
        Instant from = r.drift().scores().stream().map(DriftScore::windowStart).min(Comparator.naturalOrder()).orElse(null);
        Instant to = r.drift().scores().stream().map(DriftScore::windowEnd).max(Comparator.naturalOrder()).orElse(null);
        for (Summary s : summaries) {
            feature(h, r, names, s, from, to);
        }
        h.append("</section>\n");
    }

    private static void feature(StringBuilder h, MonitorReport r, FeatureNames names, Summary s, Instant from, Instant to) {
        String label = names.label(s.feature());
        h.append("<section class=\"feature\" id=\"").append(Html.esc(names.anchor(s.feature()))).append("\"><h3>").append(Html.esc(label))
                .append("</h3>\n<p class=\"status ").append(s.newest() == null ? "muted" : TableSections.levelCss(s.newest().level())).append("\">")
                .append(Html.esc(verdict(s, r.drift().thresholds()))).append("</p>\n");
        String drift = DriftSvg.draw(label, s.scores(), r.drift().thresholds(), from, to);
        if (drift != null) {
            figure(h, drift, "PSI of " + label + " against the reference, per " + Html.window(r.granularity()) + ". Points take the window's drift"
                    + " level, which also weighs the KS test and the Wasserstein distance: a window can be at warning or alert below the PSI lines.");
        }
        Histogram[] pair = r.drift().distributions().get(s.feature());
        String distribution = pair == null || pair.length < 2 ? null : DistributionSvg.draw(label, pair[0], pair[1]);
        if (distribution != null) {
            figure(h, distribution, "Distribution of " + label + ": the reference against the newest window, " + Html.time(r.drift()
                    .distributionFrom())
                    + " – " + Html.time(r.drift().distributionTo()) + " UTC.");
        }
        List<QualityFinding> findings = r.quality().stream().filter(q -> s.feature().equals(q.feature())).toList();
        List<Alert> alerts = r.alerts().stream().filter(a -> s.feature().equals(a.feature())).toList();
        h.append("<h4>Findings</h4>\n");
        if (findings.isEmpty() && alerts.isEmpty()) {
            h.append("<p>No data-quality finding and no alert names ").append(Html.esc(label)).append(".</p>\n");
        } else {
            h.append("<ul>\n");
            for (QualityFinding q : findings) {
                h.append("<li>").append(Html.esc(q.severity() + ": " + q.message())).append("</li>\n");
            }
            for (Alert a : alerts) {
                h.append("<li>").append(Html.esc("alert " + a.state() + ": " + VerdictSection.describe(a))).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        if (s.windows() > 0) {
            h.append("<details><summary>").append(Html.esc("Scores per window (" + s.windows() + ")")).append("</summary>\n")
                    .append(scoreTable(s, label)).append("</details>\n");
        }
        h.append("</section>\n");
    }

    /** "Alert in the newest window (…): PSI 0.34, alert from 0.25. 13 of 30 windows at alert, 2 at warn; highest PSI 0.41 (…)." */
    static String verdict(Summary s, MonitorQueries.PsiThresholds thresholds) {
        if (s.newest() == null) {
            return "No drift scores for this feature in this period.";
        }
        DriftScore n = s.newest();
        String level = DriftLevel.ALERT == n.level() ? "Drifted (alert)" : DriftLevel.WARN == n.level() ? "Moving (warning)" : "Stable";
        StringBuilder b = new StringBuilder(level).append(" in the newest window (").append(Html.time(n.windowStart())).append(" UTC): PSI ")
                .append(Html.number(n.psi(), 3));
        if (thresholds != null) {
            b.append(" (warning from ").append(Html.number(thresholds.warn(), 2)).append(", alert from ").append(Html.number(thresholds.alert(), 2))
                    .append(')');
        }
        b.append(". ").append(s.alerts()).append(" of ").append(s.windows()).append(" windows at alert, ").append(s.warnings()).append(" at warning");
        if (s.highest() != null) {
            b.append("; highest PSI ").append(Html.number(s.highest().psi(), 3)).append(" (").append(Html.time(s.highest().windowStart())).append(
                    " UTC)");
        }
        return b.append('.').toString();
    }

    private static String scoreTable(Summary s, String label) {
        SortableTable t = new SortableTable("Drift of " + label + " per window").column("window start (UTC)", SortableTable.Kind.NUMBER)
                .column("rows", SortableTable.Kind.NUMBER).column("PSI", SortableTable.Kind.NUMBER).column("KS D", SortableTable.Kind.NUMBER)
                .column("KS p", SortableTable.Kind.NUMBER).column("Wasserstein (normalised)", SortableTable.Kind.NUMBER)
                .column("level", SortableTable.Kind.TEXT);
        for (DriftScore d : s.scores()) {
            t.row(TableSections.levelCss(d.level())).time(d.windowStart()).number(Long.toString(d.n()), d.n()).number(Html.number(d.psi(), 3), d
                    .psi())
                    .number(Html.number(d.ksStatistic(), 3), d.ksStatistic())
                    .number(Double.isNaN(d.ksPValue()) ? "" : String.format(Locale.ROOT, "%.2g", d.ksPValue()), d.ksPValue())
                    .number(Html.number(d.wasserstein(), 3), d.wasserstein()).text(Objects.toString(d.level(), "")).end();
        }
        return t.html();
    }

    private static void figure(StringBuilder h, String svg, String caption) {
        h.append("<figure>").append(svg).append("<figcaption>").append(Html.esc(caption)).append("</figcaption></figure>\n");
    }
}
