package kiln.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import kiln.domain.Durations;
import kiln.domain.ProgressSink;
import kiln.domain.UserFacingException;
import kiln.domain.ingest.ImportRequest;
import kiln.domain.ingest.ImportResult;
import kiln.ml.DataWindow;
import kiln.ml.family.PerGroupRequest;
import kiln.ml.sweep.SweepSpec;
import kiln.ops.LiveOps;
import kiln.sim.ReplayEngine;
import kiln.sim.ReplaySetup;
import kiln.sim.SimulationClock;
import kiln.sim.SimulationSummary;
import kiln.store.KilnStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiln replay}: the glassware story for any recorded history. The file's rows are played in time
 * order into a new data set on the simulated clock, labels at their label time; at the end of the
 * training window the sweep trains on the labels known by then and the best run is promoted; then the
 * model scores live, the monitor follows and (with --auto-retrain) alerts retrain it.
 */
@Command(name = "replay", description = {"Backtest a recorded history: play FILE's rows in time order into a new data set, train and "
        + "promote at the end of the training window, then score, monitor and retrain as if live. Run again to resume.",
        "  kiln replay sample-data/public/weather.csv --dataset weather --time date --group location --label weather "
                + "--label-delay 1d --train-window 2012-01-01..2012-12-31 --sweep seed-grid --score --auto-retrain"})
public final class ReplayCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .csv, .csv.gz, .tsv or .parquet file with readings and their labels.")
    Path file;

    @Option(names = "--dataset", required = true, paramLabel = "D", description = "The (new) data set to replay into.")
    String dataset;

    @Option(names = "--id", paramLabel = "COL", description = "Id column, growing with time (default: rows are numbered in time order).")
    String id;

    @Option(names = "--time", paramLabel = "COL", description = "Time column (default: time, timestamp, datetime or date if present).")
    String time;

    @Option(names = "--group", paramLabel = "COL", description = "Group column (sensor, line, ...).")
    String group;

    @Option(names = "--label", required = true, paramLabel = "COL", description = "Label column.")
    String label;

    @Option(names = "--positive", paramLabel = "VALUE", description = "For a two-valued label: the positive class (default: inferred).")
    String positive;

    @Option(names = "--label-time", paramLabel = "COL", description = "When each label became known.")
    String labelTime;

    @Option(names = "--label-delay", paramLabel = "DUR", description = "Without --label-time: each label becomes known this long after "
            + "its reading (e.g. 2d, 6h, 30m; default: at once).")
    String labelDelay;

    @Option(names = "--features", split = ",", paramLabel = "A,B,...", description = "Feature columns (default: all other columns).")
    List<String> features;

    @Option(names = "--train-window", required = true, paramLabel = "FROM..TO",
            description = "Train on the labels of this window known at its end, and promote the best run then.")
    String trainWindow;

    @Option(names = "--sweep", required = true, paramLabel = "S", description = "Sweep file or built-in sweep (e.g. seed-grid).")
    String sweep;

    @Option(names = "--per-group", description = "Train per group (needs --group): at the end of the training window each group's best "
            + "run and the pooled one are registered as a model family, promoted then, and scored and monitored per group.")
    boolean perGroup;

    @Option(names = "--min-rows", paramLabel = "N", description = "With --per-group: labelled rows a group needs in the training window "
            + "for a member of its own (default: " + PerGroupRequest.DEFAULT_MIN_ROWS + "); the pooled member serves the others.")
    Integer minRows;

    @Mixin
    PlaybackOptions playback;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DataWindow window;
        try {
            window = DataWindow.parse(trainWindow);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException("--train-window: " + e.getMessage());
        }
        if (minRows != null && !perGroup) {
            throw new UserFacingException("--min-rows applies to training per group; add --per-group");
        }
        if (minRows != null && minRows < 1) {
            throw new UserFacingException("--min-rows must be at least 1, not " + minRows);
        }
        if (perGroup && group == null) {
            throw new UserFacingException("--per-group trains a model per group: name the group column with --group");
        }
        Integer perGroupMinRows = perGroup ? (minRows != null ? minRows : PerGroupRequest.DEFAULT_MIN_ROWS) : null;
        SweepSpec sweepSpec = SweepSpec.resolve(sweep);
        Duration delay = labelDelay == null ? null : parseDuration(labelDelay);
        double speedValue = playback.speedValue();
        Instant untilTime = playback.untilTime();
        try (KilnStore db = store.open()) {
            ImportRequest req = new ImportRequest(file, dataset, id, time, group, label, features, ImportRequest.DEFAULT_TOLERANCE,
                    positive, false, labelTime);
            ReplaySetup.Prepared prepared = ReplaySetup.prepare(db, req, delay, window.start().toInstant(ZoneOffset.UTC),
                    window.end().toInstant(ZoneOffset.UTC), trainWindow, sweep, perGroupMinRows, start -> new SimulationClock(start, speedValue));
            boolean resumed = prepared.resumed();
            ImportResult staged = prepared.staged();
            if (!resumed) {
                out.printf(Locale.ROOT, "Staged %s for data set %s: %,d rows read, %,d to replay, %,d quarantined.%n", file, dataset,
                        staged.rowsRead(), staged.rowsImported(), staged.rowsQuarantined());
                if (staged.rowsQuarantined() > 0) {
                    staged.firstBadRows().forEach(b -> out.println("  " + b));
                }
                if (staged.note() != null) {
                    out.println(staged.note());
                }
            } else {
                out.printf(Locale.ROOT, "Resuming the replay of %s%n", dataset);
            }
            ReplayEngine engine = prepared.engine();
            if (untilTime != null) {
                engine.until(untilTime);
            }
            LiveOps live = playback.live() ? LiveOps.attach(db, engine, null, playback.autoRetrain, playback.workers) : null;
            if (live != null) {
                engine.liveBatches();
            }
            out.printf(Locale.ROOT, "Replaying %s into %s (sweep %s, speed %s)%n", file.getFileName(), dataset, sweepSpec.name(), playback.speed);
            out.flush();
            SimulationSummary s = engine.run(ProgressSink.NONE, resumed);
            out.printf(Locale.ROOT, "%s at simulated %s: %,d readings and %,d labels written, %d actions carried out, %d skipped; %.1f s%n",
                    s.finished() ? "Finished" : "Stopped", s.simulatedTime(), s.readingsWritten(), s.labelsWritten(), s.actionsHandled(),
                    s.actionsSkipped(), s.wallMillis() / 1000.0);
            if (live != null) {
                long rescored = live.finish(s.simulatedTime(), ProgressSink.NONE);
                SimulateCommand.printStory(out, live, rescored);
            }
            out.flush();
        }
        return 0;
    }

    /** "2d", "6h", "30m", "45s" or an ISO-8601 duration (P2D, PT6H). */
    static Duration parseDuration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException("--label-delay: " + e.getMessage());
        }
    }
}
