package kiln.ml.family;

import java.util.List;

import kiln.ml.RunResult;
import kiln.ml.sweep.SweepSpec;

/**
 * Picks the best of a group's runs before they are recorded, as a sweep picks its best: by the sweep's
 * metric, equal values to the lower log loss, then to the earlier run (plan order, which is run-id order
 * since a group's runs are written together in plan order).
 */
final class BestRun {

    private BestRun() {}

    /** The index of the best result, or -1 when none has the metric; null entries (failed runs) never win. */
    static int index(List<RunResult> results, SweepSpec spec) {
        int best = -1;
        for (int i = 0; i < results.size(); i++) {
            RunResult r = results.get(i);
            if (r == null || Double.isNaN(metric(r, spec.metric()))) {
                continue;
            }
            if (best < 0 || better(r, results.get(best), spec)) {
                best = i;
            }
        }
        return best;
    }

    private static boolean better(RunResult a, RunResult b, SweepSpec spec) {
        double ma = metric(a, spec.metric());
        double mb = metric(b, spec.metric());
        if (ma != mb) {
            return spec.higherIsBetter() ? ma > mb : ma < mb;
        }
        return orLast(metric(a, "log_loss")) < orLast(metric(b, "log_loss"));
    }

    private static double metric(RunResult r, String name) {
        Double v = r.metrics().scalars().get(name);
        return v == null ? Double.NaN : v;
    }

    private static double orLast(double logLoss) {
        return Double.isNaN(logLoss) ? Double.POSITIVE_INFINITY : logLoss;
    }
}
