package kiln.ui.monitor;

import java.util.List;

import kiln.domain.KpiPoint;

/**
 * Why the accuracy chart has nothing (or nothing realised) to show, in words the user can act on.
 * {@link Kind#NONE} when there is accuracy to draw.
 */
public record MonitorEmptyState(Kind kind, String message) {

    public enum Kind {
        /** Accuracy windows to draw. */
        NONE,
        /** No model has predictions or a production version. */
        NO_MODEL,
        /** The model exists but has scored no reading yet. */
        NOTHING_SCORED,
        /** Predictions, but no label has arrived yet: only the estimate can be drawn. */
        NO_LABELS
    }

    static final MonitorEmptyState NONE = new MonitorEmptyState(Kind.NONE, "");

    /** True when the chart has no window at all to draw (no band or axis of time to show either). */
    public boolean chartEmpty() {
        return kind == Kind.NO_MODEL || kind == Kind.NOTHING_SCORED;
    }

    static MonitorEmptyState noModel() {
        return new MonitorEmptyState(Kind.NO_MODEL, "No production model yet. Promote a version in the Registry, or play a scenario in the"
                + " simulator above: its accuracy appears here as soon as it scores readings.");
    }

    /** The state of a loaded snapshot of {@code model}. */
    static MonitorEmptyState of(String model, List<KpiPoint> production) {
        if (production.stream().noneMatch(p -> p.predictions() > 0)) {
            return new MonitorEmptyState(Kind.NOTHING_SCORED, model + " has scored nothing yet. Its accuracy appears here once new readings"
                    + " arrive and are scored: play the simulator above, or import readings.");
        }
        if (production.stream().allMatch(p -> p.accuracy() == null)) {
            return new MonitorEmptyState(Kind.NO_LABELS, "No labels yet for " + model + ": realised accuracy appears when labels arrive."
                    + " Until then the dashed line estimates it from the model's confidence.");
        }
        return NONE;
    }
}
