package kiln.ui.monitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;

import kiln.domain.KpiPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class MonitorReportWriterTest {

    private static final String ODD = "<b>x & \"y\" 'z'</b>";

    @Test
    void leadsWithTheVerdictThenDrillsDownOneSectionPerFeature() throws Exception {
        Map<String, String> features = new LinkedHashMap<>();
        features.put("furnace temperature", "°C");
        features.put(ODD, "µm");
        features.put("flow", null);
        MonitorReport r = ReportFixture.report("line-7 <model>", 48, features, List.of("ok", "scrap"));
        String html = new MonitorReportWriter().html(r);
        Document doc = parse(html);

        Element body = (Element) doc.getElementsByTagName("body").item(0);
        List<Element> sections = children(body, "section");
        assertThat(sections.get(0).getAttribute("id")).isEqualTo("verdict");
        assertThat(html.indexOf("<h2>Verdict</h2>")).isLessThan(html.indexOf("<svg")).isLessThan(html.indexOf("<h2>Alerts</h2>"));
        String verdict = sections.get(0).getTextContent();
        assertThat(verdict).containsPattern("Below band: 7[0-9.]+ % on the last labelled window \\(2024-03-02 21:00 UTC, 100 labels, model v1\\)")
                .contains("1 alert is firing: accuracy below band for 2 windows")
                .contains("Drift in the newest window (2024-03-02 23:00 UTC): furnace temperature (°C) alert")
                .contains("2 windows await labels; the label-free estimate of the newest is 93.0 %")
                .contains("Promotions: 2024-03-01 00:00 UTC v1 promoted to production").contains("1 alert was acknowledged or resolved");

        List<Element> drill = new ArrayList<>();
        for (Element s : all(doc, "section")) {
            if ("feature".equals(s.getAttribute("class"))) {
                drill.add(s);
            }
        }
        assertThat(drill).hasSize(3);
        assertThat(drill.stream().map(s -> s.getElementsByTagName("h3").item(0).getTextContent()).toList())
                .containsExactly("furnace temperature (°C)", ODD + " (µm)", "flow");
        // each has its drift chart and its distribution chart; the first, drifted one its finding and its alert
        for (Element s : drill) {
            assertThat(s.getElementsByTagName("svg").getLength()).isEqualTo(2);
        }
        assertThat(drill.get(0).getTextContent()).contains("Drifted (alert) in the newest window").contains("looks converted")
                .contains("alert acknowledged: PSI above 0.25 on furnace temperature");
        assertThat(drill.get(2).getTextContent()).contains("Stable in the newest window").contains("No data-quality finding and no alert names flow");
        // the summary links each feature to its section
        for (Element s : drill) {
            assertThat(html).contains("href=\"#" + s.getAttribute("id") + "\"");
        }
    }

    @Test
    void escapesEveryNameSoThePageStaysWellFormedAndSaysThemVerbatim() throws Exception {
        MonitorReport r = ReportFixture.report(ODD, 10, Map.of(ODD, ODD), List.of(ODD, "good"));
        String html = new MonitorReportWriter().html(r);
        Document doc = parse(html); // throws on any unescaped character
        assertThat(html).doesNotContain("<b>").doesNotContain("looking <into>");
        assertThat(doc.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("Kiln monitor report: " + ODD);
        assertThat(doc.getElementsByTagName("h1").item(0).getTextContent()).isEqualTo("Monitor report: " + ODD);
        assertThat(html).contains("looking &lt;into&gt; it");
        // an SVG's title (what a screen reader says) carries the name escaped as well
        assertThat(all(doc, "svg").stream().anyMatch(s -> s.getElementsByTagName("title").item(0).getTextContent().contains(ODD + " (" + ODD + ")")))
                .isTrue();
    }

    @Test
    void accuracyChartHasOnePointPerLabelledWindowAndMarksEventsWithLabels() throws Exception {
        MonitorReport r = ReportFixture.report("m", 30, Map.of("a", "kg"), List.of("no", "yes"));
        Document doc = parse(new MonitorReportWriter().html(r));
        Element chart = (Element) ((Element) byId(doc, "accuracy")).getElementsByTagName("svg").item(0);
        long labelled = r.accuracy().production().stream().filter(p -> p.accuracy() != null).count();
        assertThat(labelled).isEqualTo(28);
        assertThat(points(pathOfClass(chart, "realised"))).isEqualTo(labelled);
        assertThat(points(pathOfClass(chart, "estimate"))).isEqualTo(30); // the estimate covers the unlabelled windows too
        String text = chart.getTextContent();
        assertThat(text).contains("accuracy (%)").contains("window start (UTC, 2024-03-01 00:00 – 2024-03-02 06:00)")
                .contains("v1 promoted to production").contains("process change").contains("label-free estimate").contains("acceptable band");
        assertThat(all(chart, "circle")).hasSize((int) labelled); // few windows: each one marked, with its figures as a tooltip
        int markerGroups = 0;
        for (Element g : all(chart, "g")) {
            markerGroups += g.getAttribute("class").startsWith("marker ") ? 1 : 0;
        }
        assertThat(markerGroups).isEqualTo(3);
    }

    @Test
    void manyWindowsDrawTheirIntervalsAsOneAreaAndKeepEveryPointOnTheLine() throws Exception {
        int windows = AccuracySvg.DENSE + 40;
        MonitorReport r = ReportFixture.report("m", windows, Map.of("a", "kg"), List.of("no", "yes"));
        Element chart = (Element) ((Element) byId(parse(new MonitorReportWriter().html(r)), "accuracy")).getElementsByTagName("svg").item(0);
        assertThat(points(pathOfClass(chart, "realised"))).isEqualTo(windows - 2);
        assertThat(all(chart, "circle")).isEmpty();
        assertThat(all(chart, "polygon")).hasSize(1);
    }

    @Test
    void tablesSortByButtonsInTheirHeadersWithNumericKeys() throws Exception {
        MonitorReport r = ReportFixture.report("m", 12, Map.of("a", "kg"), List.of("no", "yes"));
        String html = new MonitorReportWriter().html(r);
        Document doc = parse(html);
        List<String> sortable = new ArrayList<>();
        for (Element t : all(doc, "table")) {
            if ("sortable".equals(t.getAttribute("class"))) {
                Element section = enclosingSection(t);
                sortable.add(section.getAttribute("id"));
                for (Element th : all((Element) t.getElementsByTagName("thead").item(0), "th")) {
                    assertThat(th.getElementsByTagName("button").getLength()).as("header %s", th.getTextContent()).isEqualTo(1);
                }
            }
        }
        assertThat(sortable).contains("accuracy", "alerts", "promotions", "drift", "quality", "feature-a");
        assertThat(html).contains("document.querySelectorAll('table.sortable')").contains("addEventListener('click'");
        // times sort by their instant, not their text
        assertThat(html).contains("<td class=\"num\" data-sort=\"" + ReportFixture.hour(3).getEpochSecond() + "\">2024-03-01 03:00</td>");
        assertThat(html).contains("<th scope=\"col\" data-type=\"number\"><button type=\"button\">newest PSI</button></th>");
        assertThat(html).contains("@media print");
    }

    @Test
    void multiClassReportShowsTheLastWindowsConfusionMatrix() throws Exception {
        List<String> classes = List.of("grade A", "grade B", "grade C", "reject");
        MonitorReport r = ReportFixture.report("m", 12, Map.of("a", "kg"), classes);
        Document doc = parse(new MonitorReportWriter().html(r));
        Element matrix = all(doc, "table").stream().filter(t -> "confusion".equals(t.getAttribute("class"))).findFirst().orElseThrow();
        Element head = (Element) matrix.getElementsByTagName("thead").item(0);
        assertThat(all(head, "th").stream().map(Node::getTextContent).toList()).containsSequence(classes).endsWith("recall");
        // one row per class and the precision row
        assertThat(all((Element) matrix.getElementsByTagName("tbody").item(0), "tr")).hasSize(classes.size() + 1);
        assertThat(byId(doc, "accuracy").getTextContent()).contains("The last labelled window")
                .contains("2024-03-01 09:00 – 2024-03-01 10:00 UTC: " + r.lastWindow().counts().total() + " labelled predictions");
    }

    @Test
    void aReportWithNothingScoredSaysSoAndIsStillOnePage(@TempDir Path dir) throws Exception {
        MonitorReport empty = new MonitorReport("fresh", "day", Instant.parse("2024-01-01T00:00:00Z"), 1,
                new MonitorReport.Accuracy(ReportFixture.BAND, List.<KpiPoint>of(), Map.of()), List.of(), List.of(), List.of(),
                new MonitorReport.Drift(List.of(), List.of(), null, Map.of(), null, null), null);
        Path file = dir.resolve("report.html");
        new MonitorReportWriter().write(empty, file);
        String html = Files.readString(file, StandardCharsets.UTF_8);
        parse(html);
        assertThat(html).contains("No labelled window yet").contains("No window has been scored yet").contains("No drift was scored")
                .contains("No alerts in this report").doesNotContain("<svg");
        assertThat(dir.resolve("report.html.partial")).doesNotExist();
    }

    @Test
    void thePageNeedsNothingFromOutside() {
        String html = new MonitorReportWriter().html(ReportFixture.report("m", 12, Map.of("a", "kg"), List.of("no", "yes")));
        assertThat(html).doesNotContain("<link").doesNotContain("<img").doesNotContain("src=\"")
                .doesNotContain("@import").doesNotContain("url(");
        // the only namespace URIs are the XHTML and SVG ones, which are names, not fetched
        assertThat(html.replace("http://www.w3.org/1999/xhtml", "").replace("http://www.w3.org/2000/svg", "")).doesNotContain("http");
    }

    // ---- helpers --------------------------------------------------------------------------------

    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(html.replaceFirst("(?s)<!DOCTYPE html>", ""))));
    }

    static List<Element> all(Document doc, String tag) {
        return elements(doc.getElementsByTagName(tag));
    }

    static List<Element> all(Element e, String tag) {
        return elements(e.getElementsByTagName(tag));
    }

    private static List<Element> elements(NodeList list) {
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Node byId(Document doc, String id) {
        return all(doc, "section").stream().filter(s -> id.equals(s.getAttribute("id"))).findFirst().orElseThrow();
    }

    private static Element enclosingSection(Element e) {
        Node n = e.getParentNode();
        while (n instanceof Element p && !p.getTagName().equals("section")) {
            n = p.getParentNode();
        }
        return (Element) n;
    }

    static Element pathOfClass(Element svg, String cls) {
        return all(svg, "path").stream().filter(p -> cls.equals(p.getAttribute("class"))).findFirst().orElseThrow();
    }

    /** How many points a path's "M x y L x y …" visits. */
    static long points(Element path) {
        Matcher m = Pattern.compile("[ML]-?[0-9.]+ -?[0-9.]+").matcher(path.getAttribute("d"));
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
