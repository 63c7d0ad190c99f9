package kiln.ui.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import kiln.domain.Alert;
import kiln.domain.AlertIncident;
import kiln.domain.AlertState;
import kiln.domain.KpiBand;
import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;
import kiln.domain.TimelineMarker;

/**
 * The Monitor's health strip, read off one snapshot: which version is in production and since when,
 * the last labelled window against the band, how many alerts fire, how long since the last retrain
 * and how far labels lag behind the predictions. Times are process time (the data's own clock): in a
 * replayed or simulated history, the wall clock says nothing about the model.
 */
public record MonitorHealth(List<Item> items) {

    /** How an item reads at a glance; the strip colours it from the band tokens. */
    public enum Level {
        OK, WARN, BAD, NEUTRAL
    }

    /** One figure of the strip. */
    public record Item(String id, String text, String tooltip, Level level) {
    }

    static final MonitorHealth EMPTY = new MonitorHealth(List.of());

    public Optional<Item> item(String id) {
        return items.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    static MonitorHealth of(MonitorSnapshot s) {
        List<KpiPoint> scored = s.production().stream().filter(p -> p.predictions() > 0).toList();
        List<TimelineMarker> promotions = s.markers().stream().filter(m -> TimelineMarker.PROMOTION.equals(m.kind()))
                .sorted(Comparator.comparing(TimelineMarker::at)).toList();
        Instant newest = scored.stream().map(KpiPoint::windowEnd).max(Comparator.naturalOrder()).orElse(null);
        List<Item> items = new ArrayList<>();
        items.add(production(scored, promotions));
        items.add(lastWindow(scored, s.band(), s.request().granularity()));
        items.add(firing(s.alerts(), s.incidents()));
        items.add(retrain(promotions, newest));
        items.add(labelLag(scored, newest));
        return new MonitorHealth(List.copyOf(items));
    }

    private static Item production(List<KpiPoint> scored, List<TimelineMarker> promotions) {
        Integer version = null;
        for (int i = scored.size() - 1; i >= 0 && version == null; i--) {
            version = scored.get(i).modelVersion();
        }
        if (version == null) {
            return new Item("production", "No production version", "No scored window names the version that scored it.", Level.NEUTRAL);
        }
        int v = version;
        // the promotion that put this version in production; without one, the start of its run of windows
        Instant since = promotions.stream().filter(m -> MarkerText.version(m).filter(x -> x == v).isPresent())
                .map(TimelineMarker::at).reduce((a, b) -> b).orElse(null);
        if (since == null) {
            for (int i = scored.size() - 1; i >= 0 && Integer.valueOf(v).equals(scored.get(i).modelVersion()); i--) {
                since = scored.get(i).windowStart();
            }
        }
        return new Item("production", "v" + v + " in production since " + UtcTime.format(since).substring(0, 10),
                "v" + v + " scores new readings; it went into production on " + UtcTime.format(since) + " UTC (process time).",
                Level.NEUTRAL);
    }

    private static Item lastWindow(List<KpiPoint> scored, KpiBand band, KpiGranularity granularity) {
        String window = granularity == KpiGranularity.EVERY_500 ? "window" : granularity.label();
        KpiPoint last = null;
        for (int i = scored.size() - 1; i >= 0 && last == null; i--) {
            last = scored.get(i).accuracy() != null ? scored.get(i) : null;
        }
        if (last == null) {
            return new Item("last-window", "No labelled " + window + " yet",
                    "Realised accuracy needs labels; none has arrived for the scored windows.", Level.WARN);
        }
        double accuracy = last.accuracy();
        Level level = accuracy < band.lower() ? Level.BAD : accuracy < band.lower() + band.warnMargin() ? Level.WARN : Level.OK;
        String where = level == Level.BAD ? "below band" : level == Level.WARN ? "in the warning margin" : "in band";
        String text = String.format(Locale.ROOT, "Last labelled %s %.1f %% · %s", window, accuracy * 100, where);
        String tooltip = String.format(Locale.ROOT, "The newest labelled window, %s – %s UTC: %d of %d predictions labelled;"
                + " acceptable band %.0f–%.0f %%.",
                UtcTime.format(last.windowStart()), UtcTime.format(last.windowEnd()), last.labelled(), last.predictions(),
                band.lower() * 100, band.upper() * 100);
        return new Item("last-window", text, tooltip, level);
    }

    /** An alert storm across groups (an incident) counts once, as the alert list shows it. */
    private static Item firing(List<Alert> alerts, List<AlertIncident> incidents) {
        long firing = alerts.stream().filter(a -> AlertState.FIRING == a.state() && !AlertIncident.isMemberRule(a.rule())).count()
                + incidents.stream().filter(i -> AlertState.FIRING == i.state()).count();
        String text = firing == 0 ? "No firing alerts" : firing == 1 ? "1 firing alert" : firing + " firing alerts";
        return new Item("firing", text, "Alerts firing now: not yet acknowledged, silenced or resolved.", firing == 0 ? Level.OK : Level.BAD);
    }

    private static Item retrain(List<TimelineMarker> promotions, Instant newest) {
        if (promotions.isEmpty() || newest == null) {
            return new Item("retrain", "No promotion recorded", "No version has been promoted to production for this model.", Level.NEUTRAL);
        }
        TimelineMarker last = promotions.get(promotions.size() - 1);
        String version = MarkerText.shortLabel(last);
        String tooltip = "Process time from the last promotion (" + UtcTime.format(last.at()) + " UTC) to the end of the newest scored window.";
        if (promotions.size() == 1) {
            return new Item("retrain", "Not retrained since " + version + " went live (" + span(Duration.between(last.at(), newest)) + ")",
                    tooltip, Level.NEUTRAL);
        }
        return new Item("retrain", "Last retrain " + span(Duration.between(last.at(), newest)) + " ago (" + version + ")", tooltip,
                Level.NEUTRAL);
    }

    private static Item labelLag(List<KpiPoint> scored, Instant newest) {
        Instant complete = null;
        for (KpiPoint p : scored) {
            if (p.labelled() >= p.predictions()) {
                complete = p.windowEnd();
            }
        }
        if (complete == null || newest == null) {
            boolean any = scored.stream().anyMatch(p -> p.labelled() > 0);
            return new Item("label-lag", any ? "No window fully labelled yet" : "No labels yet",
                    "Labels arrive after the predictions; until they do, the chart shows the estimate.", Level.WARN);
        }
        Duration lag = Duration.between(complete, newest);
        String tooltip = "Every prediction is labelled up to " + UtcTime.format(complete)
                + " UTC; later windows show the estimate until their labels arrive.";
        return lag.isZero() || lag.isNegative() ? new Item("label-lag", "Labels up to date", tooltip, Level.OK)
                : new Item("label-lag", "Labels lag " + span(lag), tooltip, Level.NEUTRAL);
    }

    /** "45 min", "36 h", "2.6 days". */
    static String span(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 48 * 60) {
            return (minutes / 60) + " h";
        }
        return String.format(Locale.ROOT, "%.1f days", minutes / 1440.0);
    }
}
