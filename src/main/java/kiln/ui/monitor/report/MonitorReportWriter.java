package kiln.ui.monitor.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a Monitor report as one self-contained HTML file that opens offline: the verdict first,
 * then the accuracy chart and tables, alerts, promotions, drift and data quality, then one drill-down
 * section per feature. Charts are SVG drawn from the report's figures; styles and the few lines of
 * script that sort tables are inlined. The markup is well-formed XML as well as HTML.
 */
public final class MonitorReportWriter {

    private static final String STYLE = resource("report.css");
    private static final String SCRIPT = resource("sort-tables.js");

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

    /** The page as text. */
    public String html(MonitorReport r) {
        FeatureNames names = new FeatureNames(r);
        List<FeatureDrill.Summary> summaries = FeatureDrill.summaries(r, names);
        StringBuilder h = new StringBuilder(128 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>")
                .append(Html.esc("Kiln monitor report: " + r.model())).append("</title>\n<style>\n").append(STYLE).append("</style></head><body>\n");
        h.append("<header><h1>").append(Html.esc("Monitor report: " + r.model())).append("</h1>\n<p class=\"muted\">")
                .append(Html.esc("Generated " + Html.time(r.generatedAt()) + " UTC · " + Html.windows(r.accuracy().production().size(), r
                        .granularity())
                        + " · acceptable accuracy band " + Html.percent(r.accuracy().band().lower()) + " – "
                        + Html.percent(r.accuracy().band().upper()) + " · data version " + r.dataVersion()))
                .append("</p></header>\n");
        VerdictSection.write(h, r, names);
        h.append("<nav aria-label=\"Contents\"><ul><li><a href=\"#accuracy\">Accuracy</a></li><li><a href=\"#alerts\">Alerts</a></li>")
                .append("<li><a href=\"#promotions\">Promotions and changes</a></li><li><a href=\"#drift\">Feature drift</a></li>")
                .append("<li><a href=\"#quality\">Data quality</a></li><li><a href=\"#features\">Per-feature drill-down</a></li></ul></nav>\n");
        accuracy(h, r);
        TableSections.alerts(h, r.alerts(), names);
        TableSections.promotions(h, r.markers());
        TableSections.driftSummary(h, summaries, names);
        TableSections.quality(h, r.quality(), names);
        FeatureDrill.write(h, r, names, summaries);
        h.append("<script>//<![CDATA[\n").append(SCRIPT).append("//]]></script>\n</body></html>\n");
        return h.toString();
    }

    private static void accuracy(StringBuilder h, MonitorReport r) {
        h.append("<section id=\"accuracy\"><h2>Accuracy over time</h2>\n");
        String chart = AccuracySvg.draw(r.accuracy(), r.markers());
        if (chart == null) {
            h.append("<p>No window has been scored yet.</p></section>\n");
            return;
        }
        h.append("<figure>").append(chart).append("<figcaption>")
                .append(Html.esc("Realised accuracy per " + Html.window(r.granularity()) + " with its 95 % interval, against the acceptable band; "
                        + "the label-free estimate comes from the model's calibrated confidence and cannot see pure concept drift "
                        + "(the same inputs now meaning a different outcome): only the realised accuracy can."))
                .append("</figcaption></figure>\n");
        TableSections.confusion(h, r.lastWindow());
        TableSections.accuracy(h, r.accuracy().production(), r.accuracy().band());
        h.append("</section>\n");
    }

    private static String resource(String name) {
        try (InputStream in = MonitorReportWriter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The report's " + name + " is missing from the application's files");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the report's " + name, e);
        }
    }
}
