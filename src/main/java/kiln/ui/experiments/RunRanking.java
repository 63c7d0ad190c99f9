package kiln.ui.experiments;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

import kiln.domain.Run;
import kiln.ml.sweep.SweepSpec;

/**
 * The one order of runs by a metric that every "best run" in the workspace uses (the star in the
 * runs table, the sweep's summary, "Register best…"): the better value of the metric first; equal
 * values by the lower log-loss (the better calibrated run); then the older run. Only finished runs
 * with a value of the metric compete. The Registry lists runs to register in the same order.
 *
 * <p>The sweep runner's own pick ({@code SweepResult.best()}) keeps the first run of the plan on a
 * tie; the workspace does not use it, so that the summary and the table name the same run.
 */
public final class RunRanking {

    public static final String TIE_BREAK = "log_loss";

    private RunRanking() {}

    /** Best first. */
    public static Comparator<Run> by(String metric) {
        boolean higher = !SweepSpec.LOWER_IS_BETTER.contains(metric);
        Comparator<Run> byMetric = Comparator.comparingDouble(r -> higher ? -r.metric(metric) : r.metric(metric));
        Comparator<Run> byLogLoss = Comparator.comparingDouble(r -> Double.isNaN(r.metric(TIE_BREAK)) ? Double.MAX_VALUE : r.metric(TIE_BREAK));
        return byMetric.thenComparing(byLogLoss).thenComparingLong(Run::runId);
    }

    public static boolean competes(Run r, String metric) {
        return r != null && Run.FINISHED.equals(r.status()) && !Double.isNaN(r.metric(metric));
    }

    public static Optional<Run> best(Collection<Run> runs, String metric) {
        return runs.stream().filter(r -> competes(r, metric)).min(by(metric));
    }
}
