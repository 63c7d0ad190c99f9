package kiln.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import kiln.domain.UserFacingException;
import kiln.monitor.MonitorService;
import kiln.monitor.fleet.FleetReads;
import kiln.registry.ModelRegistry;
import kiln.sim.scenario.YamlNodes;
import kiln.store.KilnStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiln alerts incidents [--open] [--json]} and {@code kiln alerts silence ID|--incident ID --until T}. */
final class AlertIncidentCommands {

    private AlertIncidentCommands() {}

    /** The incidents (alert storms across groups), newest first, one line each; {@code --json}: {"incidents": [...]}. */
    @Command(name = "incidents", description = "List incidents (alert storms across groups), newest first; "
            + "'kiln alerts incident ID' shows one with its members.")
    static final class Incidents implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Spec
        CommandSpec spec;
        @Option(names = "--open", description = "Only incidents not resolved.")
        boolean open;
        @Option(names = "--json", description = "Print JSON ({\"incidents\": [...]}) instead of lines.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (KilnStore db = store.open()) {
                List<FleetReads.Incident> incidents = db.read(conn -> FleetReads.incidents(conn, null, open));
                if (json) {
                    out.println(MonitorCommand.JSON.writeValueAsString(Map.of("incidents", incidents)));
                } else if (incidents.isEmpty()) {
                    out.println(open ? "No open incidents." : "No incidents.");
                } else {
                    incidents.forEach(i -> out.println(line(i)));
                }
                out.flush();
            }
            return 0;
        }
    }

    /**
     * Does an edit to one alert or to an incident, whichever of the two the user named (exactly one), and
     * prints what it did; the monitor's refusals (no such alert, nothing firing) become the user's message.
     */
    static void onAlertOrIncident(StoreOptions store, CommandSpec spec, Long id, Long incident, Function<MonitorService, String> onIncident,
            Function<MonitorService, String> onAlert) {
        if ((id == null) == (incident == null)) {
            throw new UserFacingException("Give either an alert ID or --incident ID (see 'kiln alerts').");
        }
        try (KilnStore db = store.open()) {
            MonitorService monitor = new MonitorService(db, MonitorService.newestReadingClock(db));
            String done;
            try {
                done = incident != null ? onIncident.apply(monitor) : onAlert.apply(monitor);
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new UserFacingException(e.getMessage());
            }
            spec.commandLine().getOut().println(done);
            spec.commandLine().getOut().flush();
        }
    }

    /** The line 'kiln alerts' and 'kiln alerts incidents' print for an incident. */
    static String line(FleetReads.Incident i) {
        return String.format(Locale.ROOT, "incident #%d %-12s %-8s %-24s %s: %s", i.incidentId(), i.state(), i.severity(), i.rule(),
                i.modelName(), i.summary());
    }

    /** Silences an alert, or every open member of an incident, until a time: it stays listed but stops notifying. */
    @Command(name = "silence", description = "Silence an alert, or with --incident every open member of an incident, until a time: "
            + "it stays listed but sends no notification until then.")
    static final class Silence implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The alert id (see 'kiln alerts').")
        Long id;
        @Option(names = "--incident", paramLabel = "ID", description = "Silence this incident (see 'kiln alerts incidents') instead.")
        Long incident;
        @Option(names = "--until", required = true, paramLabel = "TIME", description = "Until when, UTC (2019-07-20 or 2019-07-20T12:00:00Z).")
        String until;
        @Option(names = "--by", paramLabel = "NAME", description = "Who silences (default: the OS user).")
        String by;

        @Override
        public Integer call() {
            Instant end;
            try {
                end = YamlNodes.instant(until);
            } catch (DateTimeParseException e) {
                throw new UserFacingException("--until: '" + until + "' is not a date or time (use 2019-07-20 or 2019-07-20T12:00:00Z)");
            }
            String who = by == null ? ModelRegistry.currentUser() : by;
            onAlertOrIncident(store, spec, id, incident, monitor -> {
                int members = monitor.silenceIncident(incident, end, who);
                return "Silenced incident #" + incident + " until " + end + " (" + members + " open member alert" + (members == 1 ? "" : "s")
                        + ").";
            }, monitor -> {
                monitor.silence(id, end, who);
                return "Silenced alert #" + id + " until " + end + ".";
            });
            return 0;
        }
    }
}
