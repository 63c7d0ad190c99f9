package kiln.ui.monitor;

import kiln.domain.CategoryShares;
import kiln.domain.Histogram;

/**
 * Distributions for the chosen feature and window: reference vs current (histograms of a numeric
 * feature, or {@code categories} of a categorical one), and the predictions. {@code unavailable} says
 * in a sentence why the feature's distribution cannot be drawn (null when it can).
 */
record WindowDetail(String feature, TimeRange window, Histogram reference, Histogram current, CategoryShares categories,
        String unavailable, Histogram predictions) {

    static WindowDetail numeric(String feature, TimeRange window, Histogram reference, Histogram current, Histogram predictions) {
        return new WindowDetail(feature, window, reference, current, null, null, predictions);
    }

    /** The shares of a categorical feature, or why they cannot be drawn when there are none. */
    static WindowDetail categorical(String feature, TimeRange window, CategoryShares shares, Histogram predictions) {
        String why = null;
        if (shares.reference() == null) {
            why = "The categories of " + feature + " have no reference to compare with yet: its drift has not been computed for any"
                    + " window up to this one.";
        } else if (shares.bars().isEmpty()) {
            why = feature + " has no values in " + shares.reference() + " nor in the window from " + UtcTime.format(window.from())
                    + " UTC, so there are no categories to compare.";
        }
        return new WindowDetail(feature, window, null, null, why == null ? shares : null, why, predictions);
    }

    static WindowDetail unavailable(String feature, TimeRange window, String why, Histogram predictions) {
        return new WindowDetail(feature, window, null, null, null, why, predictions);
    }
}
