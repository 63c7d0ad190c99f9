package kiln.monitor.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import kiln.app.Main;
import kiln.domain.Alert;
import kiln.domain.AlertIncident;
import kiln.domain.AlertState;
import kiln.monitor.MonitorService;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * An incident acknowledged as a whole: every firing member and the incident, with who and when; a group
 * that breaches later in the same rule and hour joins it acknowledged, one of another hour opens a new
 * incident; `kiln alerts ack --incident ID` does the same from the command line.
 */
class IncidentAcknowledgementTest {
    static final String MODEL = "plant-model";
    static final Instant DAY_14 = Instant.parse("2024-07-15T00:00:00Z");
    static final Instant NOW = DAY_14.plus(Duration.ofDays(1)).plus(Duration.ofHours(3));

    @TempDir
    Path dir;
    KilnStore store;
    MonitorService monitor;
    long incident;

    @BeforeEach
    void storm() throws Exception {
        store = KilnStore.open(dir.resolve("incidents.duckdb"));
        monitor = new MonitorService(store, () -> NOW);
        for (int g = 0; g < 40; g++) {
            insertMember(String.valueOf(g), DAY_14, g == 7 ? AlertState.RESOLVED : AlertState.FIRING, 0.50 + g / 1000.0);
        }
        store.writeTransaction(conn -> Incidents.update(conn, MODEL, "station_id"));
        incident = monitor.incidents(MODEL, false).get(0).incidentId();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void acknowledgingAnIncidentAcknowledgesEveryFiringMemberWithWhoAndWhen() {
        AlertIncident before = monitor.incidents(MODEL, true).get(0);
        assertThat(before.state()).isEqualTo(AlertState.FIRING);
        assertThat(before.members()).isEqualTo(40);
        assertThat(before.summary()).startsWith("40 stations dropped");

        assertThat(monitor.acknowledgeIncident(incident, "shared furnace change", "ana")).isEqualTo(39);

        List<AlertIncident.Member> members = monitor.incidentMembers(incident);
        assertThat(members).hasSize(40);
        assertThat(members.get(0).group()).isEqualTo("0"); // worst (lowest accuracy) first
        for (AlertIncident.Member m : members) {
            if (m.group().equals("7")) {
                assertThat(m.alert().state()).as("a resolved member stays resolved").isEqualTo(AlertState.RESOLVED);
                assertThat(m.alert().acknowledgedBy()).isNull();
            } else {
                assertThat(m.alert().state()).isEqualTo(AlertState.ACKNOWLEDGED);
                assertThat(m.alert().acknowledgedBy()).isEqualTo("ana");
                assertThat(m.alert().acknowledgedAt()).isEqualTo(NOW);
                assertThat(m.alert().note()).endsWith(" | shared furnace change");
            }
        }
        AlertIncident after = monitor.incidents(MODEL, true).get(0);
        assertThat(after.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(after.acknowledgedBy()).isEqualTo("ana");
        assertThat(after.acknowledgedAt()).isEqualTo(NOW);
        assertThat(count("SELECT count(*) FROM incident WHERE state = 'acknowledged'")).isEqualTo(1);

        assertThatThrownBy(() -> monitor.acknowledgeIncident(incident, null, "ana")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no firing member");
        assertThatThrownBy(() -> monitor.acknowledgeIncident(incident + 99, null, "ana")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no incident " + (incident + 99));
    }

    @Test
    void aGroupBreachingLaterInTheSameHourJoinsAcknowledgedAnotherHourOpensANewIncident() throws Exception {
        monitor.acknowledgeIncident(incident, null, "ana");
        long joiner = insertMember("41", DAY_14, AlertState.FIRING, 0.6);
        long nextDay = insertMember("42", DAY_14.plus(Duration.ofDays(1)), AlertState.FIRING, 0.6);
        store.writeTransaction(conn -> Incidents.update(conn, MODEL, "station_id"));

        Alert joined = monitor.incidentMembers(incident).stream().map(AlertIncident.Member::alert)
                .filter(a -> a.alertId() == joiner).findFirst().orElseThrow();
        assertThat(joined.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(joined.acknowledgedBy()).isEqualTo("ana");
        assertThat(joined.acknowledgedAt()).isEqualTo(NOW);
        assertThat(joined.note()).contains("joined incident #" + incident + " after ana acknowledged it");
        List<AlertIncident> incidents = monitor.incidents(MODEL, true);
        assertThat(incidents).hasSize(2);
        AlertIncident storm = incidents.stream().filter(i -> i.incidentId() == incident).findFirst().orElseThrow();
        assertThat(storm.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(storm.members()).isEqualTo(41);
        AlertIncident fresh = incidents.stream().filter(i -> i.incidentId() != incident).findFirst().orElseThrow();
        assertThat(fresh.state()).isEqualTo(AlertState.FIRING);
        assertThat(monitor.incidentMembers(fresh.incidentId())).extracting(m -> m.alert().alertId()).containsExactly(nextDay);
    }

    @Test
    void theCommandLineAcknowledgesAnIncident() {
        Path db = dir.resolve("incidents.duckdb");
        store.close();
        store = null;
        assertThat(run("--db", db.toString(), "alerts", "ack", "--incident", String.valueOf(incident), "--note", "on it", "--by", "bo"))
                .startsWith("0").contains("Acknowledged incident #" + incident + " (39 firing member alerts).");
        assertThat(run("--db", db.toString(), "alerts", "incident", String.valueOf(incident)))
                .contains("incident #" + incident + " acknowledged").contains("acknowledged").doesNotContain(" firing ");
        assertThat(run("--db", db.toString(), "alerts", "incident", String.valueOf(incident), "--json"))
                .contains("\"state\":\"acknowledged\"", "\"severity\":\"warning\"", "\"kind\":\"kpi\"").doesNotContain("ACKNOWLEDGED");
        assertThat(run("--db", db.toString(), "alerts", "ack", "--incident", String.valueOf(incident)))
                .startsWith("1").contains("no firing member");
        assertThat(run("--db", db.toString(), "alerts", "ack")).startsWith("1").contains("either an alert ID or --incident ID");
        assertThat(run("--db", db.toString(), "alerts", "ack", "3", "--incident", "1")).startsWith("1")
                .contains("either an alert ID or --incident ID");
        store = KilnStore.open(db);
        monitor = new MonitorService(store, () -> NOW);
        assertThat(monitor.incidentMembers(incident)).filteredOn(m -> !m.group().equals("7"))
                .allSatisfy(m -> assertThat(m.alert().acknowledgedBy()).isEqualTo("bo"));
    }

    @Test
    void silencingAnIncidentSilencesEveryOpenMemberFromTheWorkbenchOrTheCommandLine() {
        Instant until = NOW.plus(Duration.ofDays(2));
        assertThat(monitor.silenceIncident(incident, until, "ana")).isEqualTo(39);
        for (AlertIncident.Member m : monitor.incidentMembers(incident)) {
            if (m.group().equals("7")) {
                assertThat(m.alert().silencedUntil()).as("a resolved member is left alone").isNull();
            } else {
                assertThat(m.alert().silencedUntil()).isEqualTo(until);
                assertThat(m.alert().note()).endsWith(" | silenced with incident #" + incident + " until " + until + " by ana");
            }
        }
        assertThatThrownBy(() -> monitor.silenceIncident(incident + 99, until, "ana")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no incident " + (incident + 99));

        Path db = dir.resolve("incidents.duckdb");
        store.close();
        store = null;
        assertThat(run("--db", db.toString(), "alerts", "silence", "--incident", String.valueOf(incident), "--until", "2024-07-20",
                "--by", "bo")).startsWith("0").contains("Silenced incident #" + incident + " until 2024-07-20T00:00:00Z (39 open member alerts).");
        assertThat(run("--db", db.toString(), "alerts", "silence", "--incident", String.valueOf(incident), "--until", "soon"))
                .startsWith("1").contains("--until: 'soon' is not a date or time");
        assertThat(run("--db", db.toString(), "alerts", "silence", "--until", "2024-07-20")).startsWith("1")
                .contains("either an alert ID or --incident ID");
        assertThat(run("--db", db.toString(), "alerts", "incidents", "--open")).startsWith("0")
                .contains("incident #" + incident + " firing").contains("40 stations dropped");
        String json = run("--db", db.toString(), "alerts", "incidents", "--json");
        assertThat(json).startsWith("0").contains("{\"incidents\":[{\"incidentId\":" + incident).contains("\"members\":40");
        store = KilnStore.open(db);
        monitor = new MonitorService(store, () -> NOW);
        assertThat(monitor.incidentMembers(incident)).filteredOn(m -> !m.group().equals("7"))
                .allSatisfy(m -> assertThat(m.alert().silencedUntil()).isEqualTo(Instant.parse("2024-07-20T00:00:00Z")));
    }

    private long insertMember(String group, Instant windowStart, AlertState state, double value) throws Exception {
        return store.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO alert (model_name, rule, kind, severity, state, window_start, "
                    + "window_end, metric, value, threshold, fired_at, resolved_at, group_key, note) VALUES (?, 'fleet-drop', 'kpi', "
                    + "'warning', ?, ?, ?, 'accuracy', ?, 0.8, ?, ?, ?, 'dropped below its own baseline') RETURNING alert_id")) {
                ps.setString(1, MODEL);
                ps.setString(2, state.stored());
                Timestamps.bind(ps, 3, windowStart);
                Timestamps.bind(ps, 4, windowStart.plus(Duration.ofDays(1)));
                ps.setDouble(5, value);
                Timestamps.bind(ps, 6, windowStart.plus(Duration.ofHours(26)));
                Timestamps.bind(ps, 7, AlertState.RESOLVED == state ? windowStart.plus(Duration.ofHours(27)) : null);
                ps.setString(8, group);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private long count(String sql) {
        try {
            return store.read(conn -> {
                try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute(args);
        return exit + " " + out;
    }
}
