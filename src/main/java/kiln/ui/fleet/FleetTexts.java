package kiln.ui.fleet;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import kiln.store.fleet.FleetResults.FleetGroup;
import kiln.store.fleet.FleetResults.FleetIncident;
import kiln.store.fleet.FleetResults.FleetModel;
import kiln.store.fleet.FleetResults.IncidentMember;

/** The Fleet workspace's sentences and number formats, in one place so the view and its tests agree. */
final class FleetTexts {

    private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private FleetTexts() {
    }

    /** The empty state's headline when no model here has groups; the page under it explains fleets and how to get one. */
    static String noFleet(List<String> groupedDatasets) {
        return "No fleet in this database yet. " + (groupedDatasets.isEmpty()
                ? "No data set here has a group column."
                : "Data sets with a group column: " + String.join(", ", groupedDatasets) + ".");
    }

    /** The headline when the chosen model has groups but no per-group accuracy yet. */
    static String noKpis(FleetModel model) {
        return model.name() + " has no per-group accuracy yet: it appears once the model has scored its groups' readings, "
                + "their labels have arrived and the monitor has run.";
    }

    static String summary(FleetViewModel.FleetLoad load) {
        long alerting = load.groups().stream().filter(g -> g.openAlerts() > 0).count();
        long open = load.incidents().stream().filter(i -> !"resolved".equals(i.state())).count();
        return String.format(Locale.ROOT, "%,d groups · %,d with open alerts · %s", load.groups().size(), alerting,
                plural(open, "open incident", "open incidents"));
    }

    /** 0.8734 as "87.3 %"; null as "–". */
    static String percent(Double fraction) {
        return fraction == null || fraction.isNaN() ? "–" : String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** A drop in points, signed the way people read it: "−12.4 pts" is 12.4 below the baseline. */
    static String dropPoints(Double points) {
        if (points == null) {
            return "–";
        }
        return points > 0 ? String.format(Locale.ROOT, "−%.1f pts", points) : String.format(Locale.ROOT, "+%.1f pts", -points);
    }

    static String plural(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String dayHour(Instant t) {
        return t == null ? "–" : DAY_HOUR.format(t);
    }

    static String time(Instant t) {
        return t == null ? "–" : FULL.format(t) + " UTC";
    }

    static String incident(FleetIncident i) {
        return String.format(Locale.ROOT, "%s · %s · %s", i.state(), i.severity(), i.summary());
    }

    static String member(String noun, IncidentMember m) {
        String value = m.value() == null ? "" : " · value " + number(m.value()) + (m.threshold() == null ? "" : " (threshold " + number(m.threshold()) + ")");
        return noun + " " + m.groupKey() + " · " + m.severity() + " · " + m.state() + value + " · window " + dayHour(m.windowStart());
    }

    static String number(double v) {
        return String.format(Locale.ROOT, Math.abs(v) < 10 ? "%.3f" : "%.1f", v);
    }

    /** The heatmap cell's tooltip: group, window, accuracy and labelled rows. */
    static String cell(String noun, String group, Instant window, String granularity, double accuracy, long labelled) {
        String acc = Double.isNaN(accuracy) ? (labelled == 0 ? "no labels yet" : "no accuracy") : "accuracy " + percent(accuracy);
        return String.format(Locale.ROOT, "%s %s\n%s window from %s\n%s · %,d labelled rows", noun, group, granularity == null ? "" : granularity,
                time(window), acc, labelled);
    }

    static String groupHeadline(String noun, FleetGroup g) {
        return String.format(Locale.ROOT, "Newest accuracy %s (window from %s) vs its baseline %s: %s · %,d rows, %,d labelled · %s · "
                + "production member: %s", percent(g.latestAccuracy()), time(g.latestWindow()), percent(g.baselineAccuracy()),
                dropPoints(g.dropPoints()), g.rows(), g.labelled(), plural(g.openAlerts(), "open alert", "open alerts"),
                g.productionMember() == null ? "none" : g.productionMember());
    }
}
