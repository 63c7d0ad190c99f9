package kiln.ml.family;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.ml.DataWindow;
import kiln.ml.GroupBinning;
import kiln.ml.GroupedWindow;
import kiln.ml.GroupedWindowLoader;
import kiln.ml.RunResult;
import kiln.ml.RunTrainer;
import kiln.ml.TrainingData;
import kiln.ml.family.PerGroupResult.GroupBest;
import kiln.ml.family.PerGroupResult.SkippedGroup;
import kiln.ml.sweep.SweepPlan;
import kiln.ml.sweep.SweepSpec;
import kiln.ml.tracking.GroupRunWriter;
import kiln.ml.tracking.GroupRunWriter.TrackedRun;
import kiln.ml.tracking.RunStart;
import kiln.store.KilnStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a sweep per group of a grouped data set, and once on all groups (the pooled model), in one
 * new experiment. The window is read once ({@link GroupedWindowLoader}) and split in memory; groups are
 * trained in a pool of background workers, each group's planned runs one after the other on one
 * worker, so the group's best is known when its runs are queued for the writer (groups that finish
 * while it is busy share its next transaction; the worker goes on to its next group). The pooled
 * runs are queued first: they are the longest, and would otherwise be the tail. Cancelling stops
 * between runs; a group caught mid-way is not recorded, the groups finished before stay.
 */
public final class PerGroupTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(PerGroupTrainer.class);
    /** Trained groups per worker that may wait for the writer (each holds its best model, ~1 MB for a forest). */
    private static final int WRITES_IN_FLIGHT_PER_WORKER = 8;

    private final GroupRunWriter writer;
    private final KilnStore store;

    public PerGroupTrainer(KilnStore store) {
        this.store = store;
        this.writer = new GroupRunWriter(store);
    }

    /** One planned run's outcome before it is recorded: a fitted model (not yet packed), or the error it failed with. */
    private record Attempt(SweepPlan.PlannedRun plan, RunTrainer.Fitted fitted, String error, LocalDateTime startedAt, long durationMs) {

        RunResult unpacked() {
            return fitted == null ? null : fitted.unpacked();
        }
    }

    /** A recorded pooled run. */
    private record PooledRun(Attempt attempt, long runId) {
    }

    /**
     * A group's training, its runs being written: its best (with the index of its run among {@code ids}), or
     * why it has none; null when cancelled before it finished.
     */
    private record GroupDone(String group, int rows, Attempt best, int bestIndex, SkippedGroup failed, int runs, int failedRuns,
            CompletableFuture<List<Long>> ids) {
    }

    /**
     * @throws UserFacingException when no data set or window is chosen, the data set has no group column, or the window no rows
     * @throws JobCancelledException when cancelled before training began
     */
    public PerGroupResult run(PerGroupRequest request, ProgressSink sink, PerGroupListener listener) {
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
        GroupedWindow w = new GroupedWindowLoader(store).load(dataset, window, features, sink);
        JobCancelledException.throwIfCancelled(sink, "Training per group");

        List<Integer> trainable = new ArrayList<>();
        List<SkippedGroup> skipped = new ArrayList<>();
        for (int g = 0; g < w.groupCount(); g++) {
            if (!request.includes(w.groups().get(g))) {
                continue; // not asked for: neither trained nor reported as skipped
            }
            String reason = skipReason(w, g, request.minRows());
            if (reason == null) {
                trainable.add(g);
            } else {
                skipped.add(new SkippedGroup(w.groups().get(g), w.groupRows(g), reason));
            }
        }
        long experimentId = writer.newExperiment(spec.name() + " per group", dataset, "Sweep " + spec.name() + " per group of " + dataset
                + " on " + window + " (groups with at least " + request.minRows() + " labelled rows), plus the pooled sweep on all groups");
        TrainingData pooledData = request.pooled() ? GroupBinning.pooled(w) : null;
        List<SweepPlan.PlannedRun> pooledPlan = request.pooled() ? plan : List.of();
        ProgressTracker progress = new ProgressTracker(trainable.size(), pooledPlan.size(), t0, sink, listener);
        // Groups waiting to be written hold their best model packed: a bounded number per worker.
        Semaphore writesInFlight = new Semaphore(WRITES_IN_FLIGHT_PER_WORKER * request.workerCount());

        ExecutorService pool = Executors.newFixedThreadPool(request.workerCount(), r -> {
            Thread t = new Thread(r, "kiln-sweep-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<PooledRun>> pooledFutures = new ArrayList<>();
            for (SweepPlan.PlannedRun p : pooledPlan) {
                pooledFutures.add(pool.submit(() -> trainPooled(p, spec, pooledData, experimentId, sink, progress)));
            }
            List<Future<GroupDone>> groupFutures = new ArrayList<>();
            for (int g : trainable) {
                groupFutures.add(pool.submit(() -> trainGroup(w, g, plan, spec, experimentId, sink, progress, writesInFlight)));
            }
            List<GroupBest> groups = new ArrayList<>();
            int runs = 0;
            int failedRuns = 0;
            int notTrained = 0;
            for (Future<GroupDone> f : groupFutures) {
                GroupDone done = f.get();
                if (done == null) {
                    notTrained++;
                    continue;
                }
                runs += done.runs();
                failedRuns += done.failedRuns();
                long bestRunId = done.ids().join().get(Math.max(0, done.bestIndex()));
                if (done.best() != null) {
                    groups.add(bestOf(done.group(), done.rows(), done.best(), bestRunId, spec, done.runs(), done.failedRuns()));
                } else {
                    skipped.add(done.failed());
                }
            }
            List<PooledRun> pooled = new ArrayList<>();
            for (Future<PooledRun> f : pooledFutures) {
                PooledRun run = f.get();
                if (run != null) {
                    pooled.add(run);
                }
            }
            int pooledFailed = (int) pooled.stream().filter(r -> r.attempt().fitted() == null).count();
            runs += pooled.size();
            failedRuns += pooledFailed;
            int best = BestRun.index(pooled.stream().map(r -> r.attempt().unpacked()).toList(), spec);
            GroupBest pooledBest = best < 0 ? null : bestOf(null, w.rows(), pooled.get(best).attempt(), pooled.get(best).runId(),
                    spec, pooled.size(), pooledFailed);
            progress.report(true);
            return new PerGroupResult(experimentId, spec.metric(), w.rows(), w.groupCount(), groups, skipped, pooledBest, runs, failedRuns,
                    notTrained, sink.isCancelled(), (System.nanoTime() - t0) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException("Training per group was interrupted");
        } catch (ExecutionException | CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Why a group gets no model of its own, or null when it is trained. */
    private static String skipReason(GroupedWindow w, int g, int minRows) {
        if (w.groups().get(g) == null) {
            return "rows without a group value";
        }
        if (w.groupRows(g) < minRows) {
            return w.groupRows(g) + " labelled rows, fewer than " + minRows;
        }
        long classes = w.groupClassMask(g);
        if (Long.bitCount(classes) < 2) {
            return "only one label class ('" + w.classes().get(Long.numberOfTrailingZeros(classes)) + "') in the window";
        }
        return null;
    }

    private GroupDone trainGroup(GroupedWindow w, int g, List<SweepPlan.PlannedRun> plan, SweepSpec spec, long experimentId,
            ProgressSink sink, ProgressTracker progress, Semaphore writesInFlight) throws InterruptedException {
        if (sink.isCancelled()) {
            return null;
        }
        String key = w.groups().get(g);
        TrainingData data = GroupBinning.group(w, g);
        List<Attempt> attempts = new ArrayList<>();
        try {
            for (SweepPlan.PlannedRun p : plan) {
                attempts.add(attempt(p, spec, data, sink, "group " + key));
            }
        } catch (JobCancelledException e) {
            return null;
        }
        int best = BestRun.index(attempts.stream().map(Attempt::unpacked).toList(), spec);
        List<TrackedRun> tracked = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            // Only the best is packed into an artifact: the group's other models are dropped here.
            tracked.add(new TrackedRun(start(experimentId, a, data, spec), key, i == best ? a.fitted().packed() : a.unpacked(), a.error(),
                    a.durationMs(), i == best ? List.of(GroupRunWriter.GROUP_BEST_TAG) : List.of()));
        }
        writesInFlight.acquire();
        CompletableFuture<List<Long>> ids = writer.recordAsync(tracked).whenComplete((r, e) -> writesInFlight.release());
        int failed = (int) attempts.stream().filter(a -> a.fitted() == null).count();
        progress.groupDone();
        SkippedGroup failure = best >= 0 ? null : new SkippedGroup(key, data.rows(), "every run failed (" + attempts.get(0).error() + ")");
        return new GroupDone(key, data.rows(), best < 0 ? null : attempts.get(best), best, failure, attempts.size(), failed, ids);
    }

    /** Trains and records one pooled run (with its artifact, as any sweep's run); null when cancelled. */
    private PooledRun trainPooled(SweepPlan.PlannedRun p, SweepSpec spec, TrainingData data, long experimentId, ProgressSink sink,
            ProgressTracker progress) {
        if (sink.isCancelled()) {
            return null;
        }
        Attempt a;
        try {
            a = attempt(p, spec, data, sink, "the pooled sweep");
        } catch (JobCancelledException e) {
            return null;
        }
        long id = writer.record(List.of(new TrackedRun(start(experimentId, a, data, spec), null,
                a.fitted() == null ? null : a.fitted().packed(), a.error(), a.durationMs(), List.of()))).get(0);
        progress.pooledDone();
        return new PooledRun(a, id);
    }

    /** Trains one planned run; a failure is an outcome, a cancel is thrown. */
    private static Attempt attempt(SweepPlan.PlannedRun p, SweepSpec spec, TrainingData data, ProgressSink sink, String what) {
        LocalDateTime started = LocalDateTime.now(ZoneOffset.UTC);
        long t0 = System.nanoTime();
        ProgressSink runSink = new ProgressSink() {
            @Override
            public void progress(long done, long total, String message) {
                // The tracker reports per group and per pooled run; stages within a run are too fine for a thousand groups.
            }

            @Override
            public boolean isCancelled() {
                return sink.isCancelled();
            }
        };
        try {
            RunTrainer.Fitted fitted = RunTrainer.fit(data, p.trainer(), p.params(), spec.split(), spec.seed(), runSink);
            JobCancelledException.throwIfCancelled(runSink, "Training " + what);
            return new Attempt(p, fitted, null, started, (System.nanoTime() - t0) / 1_000_000);
        } catch (JobCancelledException e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.warn("Run {} {} of {} failed", p.trainer(), p.params(), what, e);
            return new Attempt(p, null, e.getClass().getSimpleName() + ": " + e.getMessage(), started, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static RunStart start(long experimentId, Attempt a, TrainingData data, SweepSpec spec) {
        return new RunStart(experimentId, a.plan().trainer(), a.plan().params(), data.dataset(), data.window(), data.features(),
                spec.split().toString(), spec.seed(), data.fingerprint(), a.startedAt());
    }

    private static GroupBest bestOf(String key, int rows, Attempt a, long runId, SweepSpec spec, int runs, int failed) {
        return new GroupBest(key, rows, runId, a.plan().trainer(), a.plan().params(), a.unpacked().metrics().scalars().get(spec.metric()),
                runs, failed);
    }
}
