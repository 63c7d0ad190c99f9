package kiln.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import kiln.domain.Alert;
import kiln.domain.UserFacingException;
import kiln.monitor.MonitorService;
import kiln.registry.ModelRegistry;
import kiln.store.KilnStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiln alerts [--open] [--json]} and {@code kiln alerts ack ID --note TEXT}. */
@Command(name = "alerts", description = "List alerts (newest first); acknowledge one with 'alerts ack'.",
        subcommands = AlertsCommand.Ack.class)
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
            if (json) {
                out.println(MonitorCommand.JSON.writeValueAsString(alerts));
            } else if (alerts.isEmpty()) {
                out.println(open ? "No open alerts." : "No alerts.");
            } else {
                printAlerts(out, alerts);
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

    /** Acknowledges a firing alert with a note. */
    @Command(name = "ack", description = "Acknowledge a firing alert.")
    public static final class Ack implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID", description = "The alert id (see 'kiln alerts').")
        long id;
        @Option(names = "--note", paramLabel = "TEXT", description = "What you did or will do about it.")
        String note;
        @Option(names = "--by", paramLabel = "NAME", description = "Who acknowledges (default: the OS user).")
        String by;

        @Override
        public Integer call() {
            try (KilnStore db = store.open()) {
                MonitorService monitor = new MonitorService(db, MonitorService.newestReadingClock(db));
                try {
                    monitor.acknowledge(id, note, by == null ? ModelRegistry.currentUser() : by);
                } catch (IllegalStateException e) {
                    throw new UserFacingException(e.getMessage());
                }
                spec.commandLine().getOut().println("Acknowledged alert #" + id + ".");
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
