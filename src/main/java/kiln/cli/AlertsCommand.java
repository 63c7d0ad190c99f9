package kiln.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import kiln.domain.Alert;
import kiln.domain.UserFacingException;
import kiln.monitor.MonitorService;
import kiln.monitor.fleet.FleetReads;
import kiln.notify.Notifications;
import kiln.registry.ModelRegistry;
import kiln.store.KilnStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiln alerts [--open] [--json]}, {@code kiln alerts ack ID|--incident ID --note TEXT}, and the notification
 * channels: {@code alerts channels}, {@code alerts channel NAME --webhook URL}, {@code alerts notify-test}.
 */
@Command(name = "alerts", description = "List alerts (newest first); acknowledge one with 'alerts ack'; "
        + "configure and test where firing alerts are sent.",
        subcommands = {AlertsCommand.Ack.class, AlertIncidentCommands.Silence.class, AlertsCommand.IncidentCommand.class,
                AlertIncidentCommands.Incidents.class, AlertsCommand.Channels.class, AlertsCommand.SetChannel.class,
                AlertsCommand.NotifyTest.class})
public final class AlertsCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;
    @Spec
    CommandSpec spec;
    @Option(names = "--open", description = "Only pending, firing and acknowledged alerts.")
    boolean open;
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (KilnStore db = store.open()) {
            List<Alert> alerts = new MonitorService(db, MonitorService.newestReadingClock(db)).alerts(null, open);
            List<FleetReads.Incident> incidents = db.read(conn -> FleetReads.incidents(conn, null, open));
            if (json) {
                out.println(MonitorCommand.JSON.writeValueAsString(alerts)); // incidents: 'kiln alerts incidents --json'
            } else if (alerts.isEmpty()) {
                out.println(open ? "No open alerts." : "No alerts.");
            } else {
                // An alert storm (many groups, one rule, one hour) is one line; 'kiln alerts incident ID' lists its members.
                incidents.forEach(i -> out.println(AlertIncidentCommands.line(i)));
                printAlerts(out, alerts.stream().filter(a -> !a.rule().startsWith("fleet-")).toList());
            }
            out.flush();
        }
        return 0;
    }

    static void printAlerts(PrintWriter out, List<Alert> alerts) {
        for (Alert a : alerts) {
            out.printf(Locale.ROOT, "#%d %-12s %-8s %-24s %s%s window %s … %s, %s = %s%s, fired %s%s%n", a.alertId(), a.state(),
                    a.severity(), a.rule(), a.modelName(), a.feature() == null ? "" : " " + a.feature(), a.windowStart(),
                    a.windowEnd(), a.metric(), a.value() == null ? "-" : String.format(Locale.ROOT, "%.4g", a.value()),
                    a.threshold() == null ? "" : String.format(Locale.ROOT, " (threshold %.4g)", a.threshold()),
                    a.firedAt() == null ? "-" : a.firedAt(), a.note() == null ? "" : " — " + a.note());
        }
    }

    /** Acknowledges a firing alert, or an incident with all its firing members, with a note. */
    @Command(name = "ack", description = "Acknowledge a firing alert, or with --incident an incident (every firing member at once).")
    public static final class Ack implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The alert id (see 'kiln alerts').")
        Long id;
        @Option(names = "--incident", paramLabel = "ID", description = "Acknowledge this incident (see 'kiln alerts') instead of one alert.")
        Long incident;
        @Option(names = "--note", paramLabel = "TEXT", description = "What you did or will do about it.")
        String note;
        @Option(names = "--by", paramLabel = "NAME", description = "Who acknowledges (default: the OS user).")
        String by;

        @Override
        public Integer call() {
            String who = by == null ? ModelRegistry.currentUser() : by;
            AlertIncidentCommands.onAlertOrIncident(store, spec, id, incident, monitor -> {
                int members = monitor.acknowledgeIncident(incident, note, who);
                return "Acknowledged incident #" + incident + " (" + members + " firing member alert" + (members == 1 ? "" : "s") + ").";
            }, monitor -> {
                monitor.acknowledge(id, note, who);
                return "Acknowledged alert #" + id + ".";
            });
            return 0;
        }
    }

    /** One incident with its member alerts, worst first. */
    @Command(name = "incident", description = "Show an incident (an alert storm across groups) with its member alerts.")
    public static final class IncidentCommand implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID", description = "The incident id (see 'kiln alerts').")
        long id;
        @Option(names = "--json", description = "Print JSON instead of lines.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (KilnStore db = store.open()) {
                FleetReads.Incident incident = db.read(conn -> FleetReads.incidents(conn, null, false)).stream()
                        .filter(i -> i.incidentId() == id).findFirst()
                        .orElseThrow(() -> new UserFacingException("There is no incident " + id + " (see 'kiln alerts')."));
                List<FleetReads.Member> members = db.read(conn -> FleetReads.members(conn, id));
                if (json) {
                    out.println(MonitorCommand.JSON.writeValueAsString(Map.of("incident", incident, "members", members)));
                } else {
                    out.printf(Locale.ROOT, "incident #%d %s %s %s: %s%n", incident.incidentId(), incident.state(), incident.rule(),
                            incident.modelName(), incident.summary());
                    for (FleetReads.Member m : members) {
                        out.printf(Locale.ROOT, "  #%d %-10s %-12s%s window %s … %s, value %s, fired %s%s%n", m.alertId(), m.group(), m.state(),
                                m.feature() == null ? "" : " " + m.feature(), m.windowStart(), m.windowEnd(),
                                m.value() == null ? "-" : String.format(Locale.ROOT, "%.4g", m.value()), m.firedAt(),
                                m.note() == null ? "" : " — " + m.note());
                    }
                }
                out.flush();
            }
            return 0;
        }
    }

    /** Lists the notification channels and the rules routed to each. */
    @Command(name = "channels", description = "List notification channels and the rules routed to each.")
    public static final class Channels implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (KilnStore db = store.open()) {
                for (Notifications.Channel c : new Notifications(db).channels()) {
                    String delivery = Notifications.WEBHOOK.equals(c.kind()) ? String.format(Locale.ROOT, "%s, %d attempt(s), back-off from %d ms",
                            c.url(), c.maxAttempts(), c.firstBackoff().toMillis()) : "shown by the workbench";
                    out.printf(Locale.ROOT, "%-16s %-8s %s, %s; rules: %s%n", c.name(), c.kind(), c.enabled() ? "enabled" : "disabled",
                            delivery, c.rules().isEmpty() ? "(none)" : String.join(", ", c.rules()));
                }
            }
            out.flush();
            return 0;
        }
    }

    /** Adds or replaces a webhook channel. */
    @Command(name = "channel", description = "Add or replace a webhook channel: firing alerts of the given rules "
            + "(all when none is given) are POSTed to it as JSON, retried with back-off.")
    public static final class SetChannel implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME", description = "The channel's name, e.g. ops-chat.")
        String name;
        @Option(names = "--webhook", required = true, paramLabel = "URL", description = "http(s) URL to POST alerts to.")
        String url;
        @Option(names = "--rule", paramLabel = "RULE", description = "A rule routed to this channel (repeatable; default: all).")
        List<String> rules = new ArrayList<>();
        @Option(names = "--attempts", defaultValue = "4", description = "Attempts per alert (default: ${DEFAULT-VALUE}).")
        int attempts;
        @Option(names = "--backoff-ms", defaultValue = "500",
                description = "Wait before the 2nd attempt, doubled after each (default: ${DEFAULT-VALUE}).")
        long backoffMs;

        @Override
        public Integer call() {
            try (KilnStore db = store.open()) {
                Notifications.Channel c = new Notifications(db).saveWebhook(name, url, rules, attempts, Duration.ofMillis(backoffMs));
                spec.commandLine().getOut().println("Channel " + c.name() + " → " + c.url() + " for " + String.join(", ", c.rules())
                        + ". Try it: kiln alerts notify-test --channel " + c.name());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    /** Sends a test message through the webhooks. */
    @Command(name = "notify-test", description = "Send a test notification to every enabled webhook (or one channel) "
            + "and print how each delivery ended; exits 1 when one failed.")
    public static final class NotifyTest implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Spec
        CommandSpec spec;
        @Option(names = "--channel", paramLabel = "NAME", description = "Only this channel.")
        String channel;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (KilnStore db = store.open()) {
                List<Notifications.Delivery> deliveries = new Notifications(db).sendTest(channel, Instant.now());
                if (deliveries.isEmpty()) {
                    out.println("No webhook channel is configured; add one with: kiln alerts channel NAME --webhook URL");
                }
                deliveries.forEach(d -> out.println(d.describe()));
                out.flush();
                return deliveries.stream().allMatch(Notifications.Delivery::delivered) ? 0 : 1;
            }
        }
    }
}
