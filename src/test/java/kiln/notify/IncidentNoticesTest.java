package kiln.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import kiln.domain.AlertKind;
import kiln.domain.AlertSeverity;
import kiln.domain.AlertState;
import kiln.monitor.MonitorService;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert storm is one notice: 40 members of one incident make one desktop notice and one webhook
 * POST, every member is logged with it, members joining later are not sent again, and alerts of no
 * incident go one by one as before.
 */
class IncidentNoticesTest {
    static final Instant NOW = Instant.parse("2019-07-21T12:00:00Z");

    @TempDir
    Path dir;
    KilnStore store;
    MonitorService monitor;
    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        store = KilnStore.open(dir.resolve("notices.duckdb"));
        monitor = new MonitorService(store, () -> NOW);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void close() {
        server.stop(0);
        store.close();
    }

    @Test
    void aStormIsOneDesktopNoticeAndItsMembersAreLoggedOnce() throws Exception {
        long storm = incident("fleet-drop", "40 sensors dropped 15+ points below their own baseline since 07-18 14:00 — worst: 17 (0.610)");
        long lead = 0;
        for (int g = 0; g < 40; g++) {
            long id = member(storm, "fleet-drop", String.valueOf(g), g == 0 ? AlertState.ACKNOWLEDGED : AlertState.FIRING);
            lead = g == 1 ? id : lead;
        }
        long plain = plain("kpi-accuracy-below-band");
        Notifications notifications = new Notifications(store);

        // The desktop takes the model's critical KPI rule (V014); the per-group KPI incident goes with it.
        List<Notice> notices = notifications.takeDesktopDue(monitor.alerts(null, true), NOW);
        assertThat(notices).hasSize(2);
        Notice single = notices.stream().filter(n -> !n.isIncident()).findFirst().orElseThrow();
        assertThat(single.alert().alertId()).isEqualTo(plain);
        assertThat(single.text()).startsWith("Alert #" + plain + ": critical kpi-accuracy-below-band on glass");
        Notice grouped = notices.stream().filter(Notice::isIncident).findFirst().orElseThrow();
        assertThat(grouped.incidentId()).isEqualTo(storm);
        assertThat(grouped.members()).isEqualTo(40);
        // shown by its first firing member: the first member of all was acknowledged before anything was sent
        assertThat(grouped.alert().alertId()).isEqualTo(lead);
        assertThat(grouped.text()).isEqualTo("Incident #" + storm + " on glass (fleet-drop): 40 sensors dropped 15+ points below their own "
                + "baseline since 07-18 14:00 — worst: 17 (0.610)");
        assertThat(count("SELECT count(*) FROM notification_delivery WHERE channel = 'desktop' AND status = 'delivered'")).isEqualTo(40);
        assertThat(notifications.takeDesktopDue(monitor.alerts(null, true), NOW)).isEmpty();

        // A group joining the incident after it was shown is logged with it, not shown again.
        long late = member(storm, "fleet-drop", "40", AlertState.FIRING);
        assertThat(notifications.takeDesktopDue(monitor.alerts(null, true), NOW)).isEmpty();
        assertThat(count("SELECT count(*) FROM notification_delivery WHERE channel = 'desktop' AND status = 'grouped' AND alert_id = " + late))
                .isEqualTo(1);
        // Another hour's storm is news again.
        long next = incident("fleet-drop", "3 sensors dropped 15+ points below their own baseline since 07-18 15:00 — worst: 4 (0.550)");
        for (int g = 0; g < 3; g++) {
            member(next, "fleet-drop", String.valueOf(g), AlertState.FIRING);
        }
        assertThat(notifications.takeDesktopDue(monitor.alerts(null, true), NOW)).singleElement()
                .satisfies(n -> assertThat(n.incidentId()).isEqualTo(next));
    }

    @Test
    void aStormIsOneWebhookPostAndRulesOfOtherKindsStayUnrouted() throws Exception {
        long storm = incident("fleet-below-band", "25 sensors below band since 07-18 14:00 — worst: 3 (0.410)");
        for (int g = 0; g < 25; g++) {
            member(storm, "fleet-below-band", String.valueOf(g), AlertState.FIRING);
        }
        long quality = incident("fleet-dead-sensor", "2 sensors stopped reporting since 07-18 14:00 — worst: 9 (0.00)");
        member(quality, "fleet-dead-sensor", "9", AlertState.FIRING);
        member(quality, "fleet-dead-sensor", "10", AlertState.FIRING);
        Notifications notifications = new Notifications(store, new WebhookSender(HttpClient.newHttpClient(), d -> {}, Duration.ofSeconds(5)));
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        notifications.saveWebhook("ops", url, List.of("kpi-accuracy-below-band"), 2, Duration.ofMillis(5));

        List<Notifications.Delivery> sent = notifications.deliverWebhooks(monitor.alerts(null, true), NOW);
        assertThat(sent).singleElement().satisfies(d -> assertThat(d.delivered()).isTrue());
        assertThat(bodies).singleElement().satisfies(body -> assertThat(body).contains("\"incident_id\":" + storm)
                .contains("\"members\":25").contains("25 sensors below band since 07-18 14:00").contains("\"rule\":\"fleet-below-band\""));
        assertThat(count("SELECT count(*) FROM notification_delivery WHERE channel = 'ops'")).isEqualTo(25);
        assertThat(notifications.deliverWebhooks(monitor.alerts(null, true), NOW)).isEmpty();
        assertThat(bodies).hasSize(1);
    }

    private long incident(String rule, String summary) throws Exception {
        return store.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO incident (model_name, rule, kind, severity, state, opened_at, "
                    + "window_start, members, summary) VALUES ('glass', ?, ?, 'warning', 'firing', ?, ?, ?, ?) RETURNING incident_id")) {
                ps.setString(1, rule);
                ps.setString(2, (rule.equals("fleet-dead-sensor") ? AlertKind.QUALITY : AlertKind.KPI).stored());
                Timestamps.bind(ps, 3, NOW);
                Timestamps.bind(ps, 4, NOW.minus(Duration.ofDays(1)));
                ps.setInt(5, Integer.parseInt(summary.substring(0, summary.indexOf(' '))));
                ps.setString(6, summary);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private long member(long incident, String rule, String group, AlertState state) throws Exception {
        return insert(rule, rule.equals("fleet-dead-sensor") ? AlertKind.QUALITY : AlertKind.KPI, AlertSeverity.WARNING, state, group, incident);
    }

    private long plain(String rule) throws Exception {
        return insert(rule, AlertKind.KPI, AlertSeverity.CRITICAL, AlertState.FIRING, null, null);
    }

    private long insert(String rule, AlertKind kind, AlertSeverity severity, AlertState state, String group, Long incident) throws Exception {
        return store.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO alert (model_name, rule, kind, severity, state, window_start, "
                    + "window_end, metric, value, fired_at, model_version, group_key, incident_id) VALUES ('glass', ?, ?, ?, ?, "
                    + "TIMESTAMP '2019-07-19 00:00:00', TIMESTAMP '2019-07-20 00:00:00', 'accuracy', 0.7, "
                    + "TIMESTAMP '2019-07-21 00:00:00', 1, ?, ?) RETURNING alert_id")) {
                ps.setString(1, rule);
                ps.setString(2, kind.stored());
                ps.setString(3, severity.stored());
                ps.setString(4, state.stored());
                ps.setString(5, group);
                ps.setObject(6, incident);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private long count(String sql) throws Exception {
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
