package kiln.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import kiln.domain.Alert;
import kiln.domain.KpiBand;
import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;
import kiln.monitor.MonitorService;
import kiln.notify.Notifications;
import kiln.store.KilnStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiln monitor}: brings the monitor up to date and prints per-day accuracy against the band and the open alerts. */
@Command(name = "monitor", description = "Update the monitor (KPIs, drift, data quality, alerts) and print a summary.")
public final class MonitorCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(StoredValueJson.module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Mixin
    StoreOptions store;
    @Spec
    CommandSpec spec;
    @Option(names = "--full", description = "Recompute every window instead of only what arrived since the last update.")
    boolean full;
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (KilnStore db = store.open()) {
            MonitorService monitor = new MonitorService(db, MonitorService.newestReadingClock(db));
            long started = System.nanoTime();
            if (full) {
                monitor.recomputeAll();
            } else {
                monitor.update();
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            // Firing alerts go to their webhooks (once each), so a scheduled 'kiln monitor' notifies too.
            Notifications notifications = new Notifications(db);
            List<String> notified = new ArrayList<>();
            if (notifications.hasWebhooks()) {
                notifications.deliverWebhooks(monitor.alerts(null, true), MonitorService.newestReadingClock(db).get())
                        .forEach(d -> notified.add(d.describe()));
            }
            List<Map<String, Object>> models = new ArrayList<>();
            for (String model : monitor.models()) {
                KpiBand band = monitor.band(model, "accuracy");
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", model);
                m.put("band", band);
                m.put("days", monitor.kpis(model, KpiGranularity.DAY, KpiPoint.PRODUCTION));
                m.put("open_alerts", monitor.alerts(model, true));
                models.add(m);
            }
            if (json) {
                out.println(JSON.writeValueAsString(Map.of("update_ms", ms, "models", models, "notifications", notified)));
            } else if (models.isEmpty()) {
                out.println("Nothing to monitor yet: no predictions and no registered model.");
            } else {
                out.println("Monitor updated in " + ms + " ms.");
                for (Map<String, Object> m : models) {
                    printModel(out, m);
                }
            }
            if (!json) {
                notified.forEach(n -> out.println("Notified: " + n));
            }
            out.flush();
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static void printModel(PrintWriter out, Map<String, Object> m) {
        KpiBand band = (KpiBand) m.get("band");
        out.printf(Locale.ROOT, "%nModel %s, accuracy band %.1f–%.1f %% (warn margin %.1f points)%n", m.get("model"),
                100 * band.lower(), 100 * band.upper(), 100 * band.warnMargin());
        out.println("day          predictions  labelled  accuracy  95% interval     estimate  verdict");
        for (KpiPoint p : (List<KpiPoint>) m.get("days")) {
            String realised = p.accuracy() == null ? "        -" : String.format(Locale.ROOT, "%8.1f%%", 100 * p.accuracy());
            String interval = p.accuracy() == null ? "               -"
                    : String.format(Locale.ROOT, "  %5.1f–%5.1f %%", 100 * p.accuracyLow(), 100 * p.accuracyHigh());
            String estimate = p.estimatedAccuracy() == null ? "       -" : String.format(Locale.ROOT, "%7.1f%%", 100 * p.estimatedAccuracy());
            out.printf(Locale.ROOT, "%s  %11d  %8d  %s  %s  %s  %s%n", p.windowStart().toString().substring(0, 10),
                    p.predictions(), p.labelled(), realised, interval, estimate, verdict(p, band));
        }
        List<Alert> alerts = (List<Alert>) m.get("open_alerts");
        out.println(alerts.isEmpty() ? "No open alerts." : "Open alerts:");
        AlertsCommand.printAlerts(out, alerts);
    }

    private static String verdict(KpiPoint p, KpiBand band) {
        Double value = p.accuracy() != null && p.labelCoverage() >= 0.95 ? p.accuracy() : null;
        String prefix = "";
        if (value == null) {
            value = p.estimatedAccuracy();
            prefix = "estimated ";
        }
        if (value == null) {
            return "";
        }
        if (value < band.lower()) {
            return prefix + "below band";
        }
        return prefix + (value < band.lower() + band.warnMargin() ? "warn" : "ok");
    }
}
