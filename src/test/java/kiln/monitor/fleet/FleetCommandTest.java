package kiln.monitor.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.cli.CliTest;
import kiln.monitor.MonitorService;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln fleet} and the incidents of {@code kiln alerts} on a 20-group fleet where group 3 falls on day 8. */
class FleetCommandTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void fleetListsGroupsWorstFirstAndAlertsShowTheIncident() throws Exception {
        Instant start = Instant.parse("2024-03-01T00:00:00Z");
        Path db = dir.resolve("cli.duckdb");
        SyntheticFleet fleet = new SyntheticFleet("line", start, 20, 4, 0.90, Duration.ofHours(1), 3).accuracyChange(3, start.plus(Duration.ofDays(
                8)), 0.4);
        try (KilnStore store = KilnStore.open(db)) {
            store.writeTransaction(conn -> {
                fleet.create(conn);
                fleet.registerPooledFamily(conn, "line-model", start.plus(Duration.ofDays(3)), start.plus(Duration.ofDays(3)));
                fleet.insertHours(conn, 0, 11 * 24, 1);
                return null;
            });
            new MonitorService(store, new AtomicReference<>(start.plus(Duration.ofDays(11)))::get).update();
        }
        CliTest.Result json = CliTest.run("fleet", "--db", db.toString(), "--dataset", "line", "--json");
        assertThat(json.exit()).isZero();
        List<Map<String, Object>> groups = (List<Map<String, Object>>) new ObjectMapper().readValue(json.out(), Map.class).get("groups");
        assertThat(groups).hasSize(20);
        Map<String, Object> worst = groups.get(0);
        assertThat(worst.get("group")).isEqualTo("3");
        assertThat((Double) worst.get("latestAccuracy")).isLessThan(0.6);
        assertThat((Double) worst.get("baselineAccuracy")).isBetween(0.35, 0.95);
        assertThat(worst.get("productionMember")).isEqualTo("v1 (pooled)");
        assertThat((Integer) worst.get("openAlerts")).isPositive();
        assertThat(((Number) worst.get("rows")).longValue()).isEqualTo(11 * 24 * 4);
        assertThat(groups.subList(1, 20)).allSatisfy(g -> assertThat((Integer) g.get("openAlerts")).isZero());

        CliTest.Result top = CliTest.run("fleet", "--db", db.toString(), "--dataset", "line", "--worst", "2");
        assertThat(top.out().lines().count()).isEqualTo(3);
        assertThat(top.out().lines().skip(1).findFirst().orElseThrow()).startsWith("3 ");

        CliTest.Result alerts = CliTest.run("alerts", "--db", db.toString());
        assertThat(alerts.out()).contains("incident #").contains("1 station below band since 03-").contains("worst: station 3 (");
        String id = alerts.out().lines().filter(l -> l.contains("fleet-below-band")).findFirst().orElseThrow().split("[# ]+")[1];
        CliTest.Result members = CliTest.run("alerts", "incident", id, "--db", db.toString());
        assertThat(members.out()).contains("  #").contains(" 3 ").contains("credibly below");
    }
}
