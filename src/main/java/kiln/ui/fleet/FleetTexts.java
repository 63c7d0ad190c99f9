package kiln.ui.fleet;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import kiln.domain.AlertState;
import kiln.domain.fleet.FleetResults.FeatureDistribution;
import kiln.domain.fleet.FleetResults.FleetGroup;
import kiln.domain.fleet.FleetResults.FleetIncident;
import kiln.domain.fleet.FleetResults.FleetModel;
import kiln.domain.fleet.FleetResults.GroupAlert;
import kiln.domain.fleet.FleetResults.GroupDetail;
import kiln.domain.fleet.FleetResults.GroupFeatures;
import kiln.domain.fleet.FleetResults.GroupWindow;
import kiln.domain.fleet.FleetResults.IncidentMember;
import kiln.domain.fleet.FleetResults.ServingMember;

/** The Fleet workspace's sentences and number formats, in one place so the view and its tests agree. */
final class FleetTexts {

    private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private FleetTexts() {}

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
        long open = load.incidents().stream().filter(i -> i.state() != AlertState.RESOLVED).count();
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
        String value = m.value() == null ? "" : " · value " + number(m.value()) + (m.threshold() == null ? "" : " (threshold " + number(m.threshold())
                + ")");
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
        // the member serving it has a line of its own (see serving)
        return String.format(Locale.ROOT, "Newest accuracy %s (window from %s) vs its baseline %s: %s · %,d rows, %,d labelled · %s",
                percent(g.latestAccuracy()), time(g.latestWindow()), percent(g.baselineAccuracy()), dropPoints(g.dropPoints()), g.rows(),
                g.labelled(), plural(g.openAlerts(), "open alert", "open alerts"));
    }

    /** Who serves the group and since when: its own member, or the pooled one. */
    static String serving(String noun, ServingMember m) {
        if (m == null) {
            return "No production member serves this " + noun + ": nothing scores its readings.";
        }
        String since = (m.promoted() ? " since " : " (registered ") + time(m.since()) + (m.promoted() ? "" : "; no promotion recorded)");
        return m.pooled() ? "Served by the pooled member v" + m.version() + since + ": it has no production member of its own."
                : "Served by its own member v" + m.version() + since + ".";
    }

    /** One alert of the group: what, about which feature, severity, state and since when. */
    static String alert(GroupAlert a) {
        String since = a.state() == AlertState.RESOLVED && a.resolvedAt() != null
                ? "fired " + dayHour(a.firedAt()) + ", resolved " + dayHour(a.resolvedAt()) : "since " + dayHour(a.firedAt());
        return String.format(Locale.ROOT, "%s%s · %s · %s %s · window %s%s%s", a.rule(), a.feature() == null ? "" : " (" + a.feature() + ")",
                a.severity(), a.state(), since, dayHour(a.windowStart()),
                a.value() == null ? "" : " · value " + number(a.value()) + (a.threshold() == null ? "" : " (threshold " + number(a.threshold())
                        + ")"),
                a.note() == null || a.note().isBlank() ? "" : " · " + a.note());
    }

    /** Why the accuracy chart is empty or stops early; null when it shows what it should. */
    static String accuracyGap(String noun, String group, GroupDetail d, Instant newestWindow) {
        if (d.windows().isEmpty()) {
            return "No window of " + noun + " " + group + " has predictions yet: its readings have not been scored.";
        }
        GroupWindow last = d.windows().get(d.windows().size() - 1);
        if (d.windows().stream().noneMatch(w -> w.accuracy() != null)) {
            long predictions = d.windows().stream().mapToLong(GroupWindow::predictions).sum();
            return String.format(Locale.ROOT, "No labels yet for %s %s: its %,d predictions since %s wait for their labels; accuracy "
                    + "appears once they arrive.", noun, group, predictions, time(d.windows().get(0).start()));
        }
        if (newestWindow != null && last.start().isBefore(newestWindow)) {
            return "No predictions after the window from " + time(last.start()) + ": the fleet's newest window starts " + time(newestWindow)
                    + ". Has the " + noun + " stopped sending readings? See its features.";
        }
        return null;
    }

    /** The features tab's heading line: the two windows compared (the pane's title names the group). */
    static String featuresSummary(GroupFeatures f) {
        if (f.recentFrom() == null) {
            return "The data set has no readings yet.";
        }
        String recent = String.format(Locale.ROOT, "Newest day from %s (%,d readings)", dayHour(f.recentFrom()), f.recentRows());
        return f.reference() == null ? recent + " UTC; no earlier readings to compare with."
                : String.format(Locale.ROOT, "%s vs its reference, the %s: %s to %s UTC (%,d readings).", recent, f.reference(),
                        dayHour(f.referenceFrom()), dayHour(f.referenceTo()), f.referenceRows());
    }

    /** A feature in a few words for the picker: dead, shifted, or as in its reference. */
    static String featureState(FeatureDistribution f) {
        if (f.recentAllMissing()) {
            return "every newest reading missing";
        }
        if (f.recentRows() == 0) {
            return "no readings in the newest day";
        }
        if (f.referenceValues() == 0) {
            return "no reference values";
        }
        if (!f.numeric()) {
            return "categorical";
        }
        Double shift = f.shift();
        if (shift == null) {
            return "no spread to compare";
        }
        return Math.abs(shift) >= SHIFTED_SD ? String.format(Locale.ROOT, "shifted %+.1f SD", shift)
                : String.format(Locale.ROOT, "as in its reference (%+.1f SD)", shift);
    }

    /** Mean shifts from this many reference standard deviations on are called shifted. */
    static final double SHIFTED_SD = 3;

    /** The chosen feature's numbers under the picker, reference → newest day. */
    static String featureLine(FeatureDistribution f) {
        String unit = f.unit() == null || f.unit().isBlank() ? "" : " " + f.unit();
        String counts = String.format(Locale.ROOT, "values %,d → %,d, missing %,d → %,d", f.referenceValues(), f.recentValues(),
                f.referenceRows() - f.referenceValues(), f.recentRows() - f.recentValues());
        if (!f.numeric()) {
            return "Reference → newest day: " + counts;
        }
        return String.format(Locale.ROOT, "Reference → newest day: mean %s → %s, sd %s → %s · %s", optional(f.referenceMean(), unit),
                optional(f.recentMean(), unit), optional(f.referenceStd(), ""), optional(f.recentStd(), ""), counts);
    }

    /** Why a feature's comparison is missing a side (a dead sensor, a dead probe, a group first seen after training); null when both are there. */
    static String featureGap(GroupFeatures g, FeatureDistribution f) {
        String who = g.groupColumn() + " " + g.groupKey();
        if (g.lastReading() == null) {
            return who + " has sent no readings at all.";
        }
        if (g.recentRows() == 0) {
            return "No readings from " + who + " in the newest day (from " + time(g.recentFrom()) + "): its last reading was at "
                    + time(g.lastReading()) + ". A dead sensor? The bars show its reference only.";
        }
        if (f.recentAllMissing()) {
            return String.format(Locale.ROOT, "All %,d readings of %s from %s in the newest day are missing (NULL): the probe reports nothing.",
                    f.recentRows(), f.name(), who);
        }
        if (f.referenceValues() == 0) {
            return g.referenceRows() == 0 ? "No readings of " + who + " in its reference window: it was first seen after training. "
                    + "The bars show the newest day only." : "Every reference value of " + f.name() + " is missing: nothing to compare with.";
        }
        return null;
    }

    /** A number with its unit, or "–" alone. */
    private static String optional(Double v, String unit) {
        return v == null ? "–" : number(v) + unit;
    }
}
