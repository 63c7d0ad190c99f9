package kiln.ui.monitor;

import kiln.domain.Histogram;

/** Distributions for the chosen feature and window: reference vs current, and the predictions. */
record WindowDetail(String feature, TimeRange window, Histogram reference, Histogram current, Histogram predictions) {
}
