package kiln.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import kiln.app.Main;
import kiln.domain.AlertState;
import kiln.domain.UserFacingException;
import kiln.monitor.MonitorService;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Webhook delivery against a real HTTP server on 127.0.0.1: retries, back-off, routing, silences, acknowledgements, the log. */
class NotificationsTest {
    @TempDir
    Path dir;

    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    /** Status codes the server answers with, in order; the last repeats. */
    volatile int[] statuses = {200};
    final AtomicInteger requests = new AtomicInteger();
    final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int n = requests.getAndIncrement();
            int status = statuses[Math.min(n, statuses.length - 1)];
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    WebhookSender recordingSender() {
        return new WebhookSender(HttpClient.newHttpClient(), waits::add, Duration.ofSeconds(5));
    }

    @Test
    void retriesServerErrorsWithDoublingBackOffAndStopsOnAClientError() {
        statuses = new int[] {503, 500, 200};
        WebhookSender.Outcome ok = recordingSender().post(URI.create(url()), "{\"a\":1}", 4, Duration.ofMillis(250));
        assertThat(ok.delivered()).isTrue();
        assertThat(ok.attempts()).isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(bodies).containsOnly("{\"a\":1}");

        requests.set(0);
        statuses = new int[] {400};
        WebhookSender.Outcome rejected = recordingSender().post(URI.create(url()), "{}", 4, Duration.ofMillis(250));
        assertThat(rejected.delivered()).isFalse();
        assertThat(rejected.attempts()).isEqualTo(1);
        assertThat(rejected.httpStatus()).isEqualTo(400);

        requests.set(0);
        statuses = new int[] {503};
        WebhookSender.Outcome gaveUp = recordingSender().post(URI.create(url()), "{}", 3, Duration.ofMillis(10));
        assertThat(gaveUp.delivered()).isFalse();
        assertThat(gaveUp.attempts()).isEqualTo(3);
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void aClosedPortIsRetriedAndReportedNotThrown() throws Exception {
        server.stop(0);
        WebhookSender.Outcome outcome = recordingSender().post(URI.create(url()), "{}", 2, Duration.ofMillis(10));
        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.error()).isNotBlank();
        startServer(); // for @AfterEach
    }

    @Test
    void firingAlertsOfRoutedRulesAreSentOnceAndSilencesAndAcknowledgementsAreRespected() throws Exception {
        Instant now = Instant.parse("2019-07-21T12:00:00Z");
        try (KilnStore store = KilnStore.open(dir.resolve("n.duckdb"))) {
            long firing = insertAlert(store, "kpi-accuracy-below-band", AlertState.FIRING, null);
            insertAlert(store, "kpi-accuracy-below-band", AlertState.ACKNOWLEDGED, null);
            insertAlert(store, "kpi-accuracy-below-band", AlertState.PENDING, null);
            long silenced = insertAlert(store, "detector-drift", AlertState.FIRING, now.plus(Duration.ofDays(1)));
            insertAlert(store, "drift-psi", AlertState.FIRING, null); // not routed to the hook
            Notifications notifications = new Notifications(store, recordingSender());
            notifications.saveWebhook("ops", url(), List.of("kpi-accuracy-below-band", "detector-drift"), 3, Duration.ofMillis(10));
            MonitorService monitor = new MonitorService(store, () -> now);

            List<Notifications.Delivery> first = notifications.deliverWebhooks(monitor.alerts(null, true), now);
            assertThat(first).extracting(Notifications.Delivery::alertId).containsExactly(firing);
            assertThat(first.get(0).delivered()).isTrue();
            assertThat(bodies).singleElement().satisfies(body -> assertThat(body).contains("\"alert_id\":" + firing)
                    .contains("\"rule\":\"kpi-accuracy-below-band\"").contains("\"severity\":\"critical\""));
            // Once per alert and channel.
            assertThat(notifications.deliverWebhooks(monitor.alerts(null, true), now.plus(Duration.ofHours(1)))).isEmpty();
            // The silence ends while the alert still fires: it is sent then.
            assertThat(notifications.deliverWebhooks(monitor.alerts(null, true), now.plus(Duration.ofDays(2))))
                    .extracting(Notifications.Delivery::alertId).containsExactly(silenced);
            assertThat(count(store, "SELECT count(*) FROM notification_delivery WHERE channel = 'ops' AND status = 'delivered'")).isEqualTo(2);
            // The desktop channel (critical rules by default) takes its own due alerts, once.
            assertThat(notifications.takeDesktopDue(monitor.alerts(null, true), now)).extracting(n -> n.alert().alertId()).containsExactly(firing);
            assertThat(notifications.takeDesktopDue(monitor.alerts(null, true), now)).isEmpty();
        }
    }

    @Test
    void badConfigurationIsRefusedWithAClearMessage() {
        try (KilnStore store = KilnStore.open(dir.resolve("c.duckdb"))) {
            Notifications notifications = new Notifications(store, recordingSender());
            assertThatThrownBy(() -> notifications.saveWebhook("x", "ftp://example.org", List.of(), 3, Duration.ofMillis(10)))
                    .isInstanceOf(UserFacingException.class).hasMessageContaining("http://");
            assertThatThrownBy(() -> notifications.saveWebhook("x", url(), List.of("no-such-rule"), 3, Duration.ofMillis(10)))
                    .isInstanceOf(UserFacingException.class).hasMessageContaining("no-such-rule");
            assertThatThrownBy(() -> notifications.sendTest("nope", Instant.now()))
                    .isInstanceOf(UserFacingException.class).hasMessageContaining("nope");
        }
    }

    @Test
    void notifyTestCommandSendsToTheConfiguredWebhookAndFailsLoudly() {
        String db = dir.resolve("cli.duckdb").toString();
        assertThat(run("--db", db, "alerts", "channel", "ops", "--webhook", url(), "--rule", "detector-drift")).startsWith("0");
        String ok = run("--db", db, "alerts", "notify-test");
        assertThat(ok).startsWith("0").contains("test message → ops: delivered after 1 attempt");
        assertThat(bodies).singleElement().satisfies(b -> assertThat(b).contains("\"test\":true"));
        assertThat(run("--db", db, "alerts", "channels")).contains("ops").contains(url()).contains("rules: detector-drift");

        statuses = new int[] {500};
        requests.set(0);
        run("--db", db, "alerts", "channel", "ops", "--webhook", url(), "--attempts", "2", "--backoff-ms", "5");
        String failed = run("--db", db, "alerts", "notify-test", "--channel", "ops");
        assertThat(failed).startsWith("1").contains("FAILED after 2 attempts (HTTP 500)");
    }

    @Test
    void aScheduledMonitorRunSendsFiringAlertsToTheirWebhookOnce() throws Exception {
        Path db = dir.resolve("mon.duckdb");
        long firing;
        try (KilnStore store = KilnStore.open(db)) {
            firing = insertAlert(store, "detector-drift", AlertState.FIRING, null);
            new Notifications(store, recordingSender()).saveWebhook("ops", url(), List.of(), 2, Duration.ofMillis(5));
        }
        assertThat(run("--db", db.toString(), "monitor")).startsWith("0").contains("Notified: alert #" + firing + " → ops: delivered");
        assertThat(run("--db", db.toString(), "monitor")).doesNotContain("Notified:");
        assertThat(bodies).hasSize(1);
    }

    private static String run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute(args);
        return exit + " " + out;
    }

    private static long insertAlert(KilnStore store, String rule, AlertState state, Instant silencedUntil) throws Exception {
        return store.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO alert (model_name, rule, kind, severity, state, window_start, "
                    + "window_end, metric, value, fired_at, silenced_until, model_version) VALUES ('glass', ?, 'kpi', 'critical', ?, "
                    + "TIMESTAMP '2019-07-19 00:00:00', TIMESTAMP '2019-07-20 00:00:00', 'accuracy', 0.7, "
                    + "TIMESTAMP '2019-07-21 00:00:00', ?, 1) RETURNING alert_id")) {
                ps.setString(1, rule);
                ps.setString(2, state.stored());
                Timestamps.bind(ps, 3, silencedUntil);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static long count(KilnStore store, String sql) throws Exception {
        return store.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
