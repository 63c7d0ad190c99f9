package kiln.ml.sweep;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import kiln.domain.Run;
import kiln.domain.UserFacingException;
import kiln.ml.DataWindow;
import kiln.ml.RunResult;
import kiln.ml.RunTrainer;
import kiln.ml.TrainingData;
import kiln.ml.TrainingDataLoader;
import kiln.ml.sweep.SweepListener.RunProgress;
import kiln.ml.sweep.SweepListener.RunState;
import kiln.ml.sweep.SweepListener.SweepProgress;
import kiln.ml.tracking.RunRepository;
import kiln.ml.tracking.RunStart;
import kiln.store.KilnStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sweep: loads the window once (binned in SQL), then trains the planned runs in a pool of
 * background workers, tracking each in table {@code run}. A run equal to an earlier finished one
 * (same trainer, parameters, window, features, split, seed and data fingerprint) is reused, not
 * repeated. Cancelling stops between runs and between a run's stages; a run caught mid-way is
 * recorded as cancelled.
 */
public final class SweepRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);

    private final KilnStore store;
    private final RunRepository runs;

    public SweepRunner(KilnStore store) {
        this.store = store;
        this.runs = new RunRepository(store);
    }

    /**
     * @throws UserFacingException when no data set or window is chosen, or the window holds no rows
     * @throws JobCancelledException when cancelled before training began
     */
    public SweepResult run(SweepRequest request, ProgressSink sink, SweepListener listener) {
        SweepSpec spec = request.spec();
        String dataset = request.dataset() != null ? request.dataset() : spec.dataset();
        DataWindow window = request.window() != null ? request.window() : spec.window();
        if (dataset == null || window == null) {
            throw new UserFacingException("Choose a data set and a window for the sweep '" + spec.name()
                    + "' (--dataset and --window, or dataset: and window: in the sweep file)");
        }
        List<String> features = !request.features().isEmpty() ? request.features() : spec.features();
        List<SweepPlan.PlannedRun> plan = SweepPlan.expand(spec);
        long t0 = System.nanoTime();
        sink.progress(0, plan.size(), "Reading " + dataset + " " + window);
        TrainingData data = new TrainingDataLoader(store).loadBinned(dataset, window, features, ProgressSink.NONE);
        JobCancelledException.throwIfCancelled(sink, "Sweep " + spec.name());
        long experimentId = runs.experiment(spec.name(), dataset, spec.description());

        for (SweepPlan.PlannedRun p : plan) {
            listener.runUpdated(new RunProgress(p.index(), p.trainer(), p.params(), RunState.QUEUED, null, 0, "Queued"));
        }
        AtomicInteger done = new AtomicInteger();
        AtomicInteger trained = new AtomicInteger();
        Object progressLock = new Object();
        Runnable reportSweep = () -> {
            synchronized (progressLock) {
                int d = done.get();
                long elapsed = (System.nanoTime() - t0) / 1_000_000;
                int t = trained.get();
                int remaining = plan.size() - d;
                // Runs so far (trained or reused) set the pace; unknown until one was actually trained.
                long eta = remaining == 0 ? 0 : t == 0 ? -1 : elapsed * remaining / d;
                listener.sweepUpdated(new SweepProgress(d, plan.size(), elapsed, eta));
                sink.progress(d, plan.size(), d + " of " + plan.size() + " runs" + (eta > 0 ? ", about " + (eta + 999) / 1000 + " s left" : ""));
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(request.workerCount(), r -> {
            Thread t = new Thread(r, "kiln-sweep-worker");
            t.setDaemon(true);
            return t;
        });
        List<Future<SweepResult.Outcome>> futures = new ArrayList<>();
        try {
            for (SweepPlan.PlannedRun p : plan) {
                futures.add(pool.submit(() -> {
                    SweepResult.Outcome outcome = runOne(p, spec, data, experimentId, sink, listener);
                    done.incrementAndGet();
                    if (outcome.state() == RunState.FINISHED) {
                        trained.incrementAndGet();
                    }
                    reportSweep.run();
                    return outcome;
                }));
            }
            List<SweepResult.Outcome> outcomes = new ArrayList<>();
            for (Future<SweepResult.Outcome> f : futures) {
                outcomes.add(f.get());
            }
            int best = best(outcomes, spec);
            return new SweepResult(experimentId, spec.metric(), data.fingerprint(), data.rows(), List.copyOf(outcomes), best,
                    sink.isCancelled(), (System.nanoTime() - t0) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException("Sweep " + spec.name() + " was interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private SweepResult.Outcome runOne(SweepPlan.PlannedRun p, SweepSpec spec, TrainingData data, long experimentId,
            ProgressSink sweepSink, SweepListener listener) {
        if (sweepSink.isCancelled()) {
            listener.runUpdated(new RunProgress(p.index(), p.trainer(), p.params(), RunState.SKIPPED, null, 0, "Not started: sweep cancelled"));
            return new SweepResult.Outcome(p.index(), p.trainer(), p.params(), RunState.SKIPPED, null, null);
        }
        RunStart start = new RunStart(experimentId, p.trainer(), p.params(), data.dataset(), data.window(), data.features(),
                spec.split().toString(), spec.seed(), data.fingerprint(), LocalDateTime.now(ZoneOffset.UTC));
        Optional<Run> equal = runs.findEqualFinished(start);
        if (equal.isPresent()) {
            listener.runUpdated(new RunProgress(p.index(), p.trainer(), p.params(), RunState.REUSED, equal.get().runId(), 1,
                    "Same as run " + equal.get().runId()));
            return new SweepResult.Outcome(p.index(), p.trainer(), p.params(), RunState.REUSED, equal.get(), null);
        }
        long runId = runs.start(start);
        long t0 = System.nanoTime();
        listener.runUpdated(new RunProgress(p.index(), p.trainer(), p.params(), RunState.RUNNING, runId, 0, "Training"));
        ProgressSink runSink = new ProgressSink() {
            @Override
            public void progress(long d, long total, String message) {
                listener.runUpdated(new RunProgress(p.index(), p.trainer(), p.params(), RunState.RUNNING, runId,
                        total == 0 ? 0 : (double) d / total, message));
            }

            @Override
            public boolean isCancelled() {
                return sweepSink.isCancelled();
            }
        };
        RunState state;
        String error = null;
        try {
            RunResult result = RunTrainer.train(data, p.trainer(), p.params(), spec.split(), spec.seed(), runSink);
            // Tribuo cannot be interrupted: a cancel that arrived during the last stage still cancels this run.
            JobCancelledException.throwIfCancelled(runSink, "Run " + runId);
            runs.finish(runId, result, (System.nanoTime() - t0) / 1_000_000);
            state = RunState.FINISHED;
        } catch (JobCancelledException e) {
            runs.end(runId, Run.CANCELLED, null, (System.nanoTime() - t0) / 1_000_000);
            state = RunState.CANCELLED;
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.warn("Run {} ({} {}) failed", runId, p.trainer(), p.params(), e);
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            runs.end(runId, Run.FAILED, error, (System.nanoTime() - t0) / 1_000_000);
            state = RunState.FAILED;
        }
        Run run = runs.get(runId).orElseThrow();
        listener.runUpdated(new RunProgress(p.index(), p.trainer(), p.params(), state, runId, 1,
                state == RunState.FINISHED ? spec.metric() + " " + run.metric(spec.metric()) : state.name().toLowerCase(Locale.ROOT)));
        return new SweepResult.Outcome(p.index(), p.trainer(), p.params(), state, run, error);
    }

    /**
     * The index of the best finished or reused run by the sweep's metric, or -1. Equal values go to the
     * lower log loss, then to the lower run id (the earlier run); runs without the metric never win.
     */
    static int best(List<SweepResult.Outcome> outcomes, SweepSpec spec) {
        Comparator<Run> byMetric = Comparator.comparingDouble((Run r) -> r.metric(spec.metric()));
        Comparator<Run> better = (spec.higherIsBetter() ? byMetric.reversed() : byMetric)
                .thenComparing(Comparator.comparingDouble((Run r) -> orLast(r.metric("log_loss"))))
                .thenComparingLong(Run::runId);
        int best = -1;
        for (int i = 0; i < outcomes.size(); i++) {
            Run run = outcomes.get(i).run();
            if (run == null || !Run.FINISHED.equals(run.status()) || Double.isNaN(run.metric(spec.metric()))) {
                continue;
            }
            if (best < 0 || better.compare(run, outcomes.get(best).run()) < 0) {
                best = i;
            }
        }
        return best;
    }

    /** A missing log loss (NaN) ranks after every real one. */
    private static double orLast(double logLoss) {
        return Double.isNaN(logLoss) ? Double.POSITIVE_INFINITY : logLoss;
    }
}
