package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;

class MonitorReportWriterTest {

    @Test
    void writesOneSelfContainedFileWithPicturesAndTables(@TempDir Path dir) throws Exception {
        FakeMonitorQueries q = new FakeMonitorQueries();
        String m = FakeMonitorQueries.MODEL;
        MonitorSnapshot s = new MonitorSnapshot(new MonitorRequest(m, KpiGranularity.DAY, Set.of(), false), 7,
                q.kpis(m, KpiGranularity.DAY, KpiPoint.PRODUCTION), Map.of(), q.band(m, "accuracy"), List.of(), q.markers(m),
                q.featureDrift(m, KpiGranularity.DAY), q.quality(m, FakeMonitorQueries.START, FakeMonitorQueries.day(30)),
                q.alerts(m, false));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        Path file = dir.resolve("report.html");
        new MonitorReportWriter().write(new MonitorReport(m, "day", Instant.parse("2019-07-31T08:00:00Z"), s,
                List.of(new MonitorReport.Picture("Accuracy <over> time", png))), file);

        String html = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>Kiln monitor report: glass-quality</title>")
                .contains("src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\"")
                .contains("Accuracy &lt;over&gt; time")
                .contains("acceptable accuracy band 80–100 %")
                .contains("cannot see pure concept drift")
                .contains("Celsius to Fahrenheit")
                .contains("accuracy below band for 2 windows")
                .doesNotContain("src=\"http").doesNotContain("<link");
        // one KPI row per window, one drift row per feature and window, all three alerts
        assertThat(html.split("<tr class=\"(ok|bad|)\"><td>2019-", -1).length - 1).isGreaterThanOrEqualTo(FakeMonitorQueries.DAYS);
        assertThat(html).contains("<td>2019-07-29 00:00</td><td class=\"num\">190</td><td class=\"num\">0</td><td class=\"num\"></td>");
        assertThat(html.split("<tr class=\"(ok|warn|alert)\"><td>temp</td><td>2019-", -1).length - 1).isEqualTo(FakeMonitorQueries.DAYS);
        assertThat(html).contains("missing rate above 5 %").contains("PSI above 0.25");
        // The verdict comes first: where the model stands, what changed, what was done.
        int verdict = html.indexOf("<h2>Verdict</h2>");
        assertThat(verdict).isPositive().isLessThan(html.indexOf("<figure>")).isLessThan(html.indexOf("<h2>Alerts</h2>"));
        assertThat(html.substring(verdict)).containsPattern("(In band|Below band): [0-9.]+ % on the last labelled window")
                .contains("firing").contains("Promotions: ");
    }
}
