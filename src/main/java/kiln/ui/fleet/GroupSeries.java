package kiln.ui.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import kiln.domain.KpiBand;
import kiln.domain.KpiPoint;
import kiln.domain.TimelineMarker;
import kiln.domain.fleet.FleetResults.Band;
import kiln.domain.fleet.FleetResults.FeatureDistribution;
import kiln.domain.fleet.FleetResults.GroupAlert;
import kiln.domain.fleet.FleetResults.GroupDetail;
import kiln.domain.fleet.FleetResults.GroupWindow;
import kiln.domain.fleet.FleetResults.MemberEvent;
import kiln.drift.WilsonInterval;

/**
 * A group's windows, band, promotions and alerts as the Monitor's accuracy chart takes them: realised
 * accuracy with 95 % (Wilson) whiskers, the group's rolling baseline as a comparison line, the model's
 * band with its warning margin, and markers. Plain functions, so they are tested without a screen.
 */
final class GroupSeries {

    static final String BASELINE = "its rolling baseline";

    private GroupSeries() {}

    /** The group's windows as production KPI points (accuracy null where no label has arrived). */
    static List<KpiPoint> accuracy(GroupDetail d) {
        List<KpiPoint> points = new ArrayList<>();
        for (GroupWindow w : d.windows()) {
            Double low = null;
            Double high = null;
            if (w.accuracy() != null && w.labelled() > 0) {
                WilsonInterval ci = WilsonInterval.of(Math.round(w.accuracy() * w.labelled()), w.labelled());
                low = ci.lower();
                high = ci.upper();
            }
            points.add(new KpiPoint(KpiPoint.PRODUCTION, w.start(), w.end(), w.predictions(), w.labelled(), w.accuracy(), low, high,
                    null, null, null, 0, null, null, null, w.modelVersion()));
        }
        return points;
    }

    /** The rolling baseline per window, as the one comparison line (empty map when no window has one yet). */
    static Map<String, List<KpiPoint>> baseline(GroupDetail d) {
        List<KpiPoint> points = new ArrayList<>();
        for (GroupWindow w : d.windows()) {
            if (w.baselineAccuracy() != null) {
                points.add(new KpiPoint(BASELINE, w.start(), w.end(), w.predictions(), w.labelled(), w.baselineAccuracy(), null, null,
                        null, null, null, 0, null, null, null, w.modelVersion()));
            }
        }
        return points.isEmpty() ? Map.of() : Map.of(BASELINE, points);
    }

    /** The model's band, or the Monitor's default (80–100 %, warning 3 points) when none is set. */
    static KpiBand band(String model, Band b) {
        KpiBand fallback = KpiBand.defaultAccuracy(model);
        if (b == null || b.lower() == null || b.upper() == null) {
            return fallback;
        }
        return new KpiBand(model, "accuracy", b.lower(), b.upper(), b.warnMargin() == null ? fallback.warnMargin() : b.warnMargin());
    }

    /** Its member's promotions and rollbacks (the pooled one's while that serves it), then its alerts at their windows. */
    static List<TimelineMarker> markers(GroupDetail d) {
        List<TimelineMarker> markers = new ArrayList<>();
        for (MemberEvent e : d.events()) {
            if (e.at() == null || e.version() == null) {
                continue;
            }
            String who = "v" + e.version() + ("pooled".equals(e.scope()) ? " (pooled)" : "");
            markers.add(new TimelineMarker(e.at(), TimelineMarker.PROMOTION, e.rollback()
                    ? who + " back in production (" + e.note() + ")" : who + " promoted to production" + (e.by() == null ? "" : " by " + e.by())));
        }
        for (GroupAlert a : d.alerts()) {
            Instant at = a.windowStart() != null ? a.windowStart() : a.firedAt();
            if (at != null) {
                markers.add(new TimelineMarker(at, TimelineMarker.ALERT, "alert: " + a.rule() + (a.feature() == null ? "" : " (" + a.feature() + ")")
                        + " · " + a.state()));
            }
        }
        markers.sort(Comparator.comparing(TimelineMarker::at));
        return markers;
    }

    /** Whether any window has a label yet. */
    static boolean anyLabelled(GroupDetail d) {
        return d.windows().stream().anyMatch(w -> w.accuracy() != null);
    }

    /**
     * The feature to show first: one whose newest readings are all missing (a dead probe), else the one shifted
     * furthest from its reference, else the first; null without features.
     */
    static FeatureDistribution mostChanged(List<FeatureDistribution> features) {
        FeatureDistribution best = null;
        double furthest = -1;
        for (FeatureDistribution f : features) {
            if (f.recentAllMissing() && f.referenceValues() > 0) {
                return f;
            }
            double shift = f.shift() == null ? 0 : Math.abs(f.shift());
            if (shift > furthest) {
                furthest = shift;
                best = f;
            }
        }
        return best;
    }
}
