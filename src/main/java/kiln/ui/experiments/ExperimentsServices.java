package kiln.ui.experiments;

import java.util.List;
import java.util.Optional;

import kiln.domain.ProgressSink;
import kiln.domain.Run;
import kiln.domain.eda.EdaResults.TimeBounds;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.sweep.SweepResult;
import kiln.ml.tracking.RunCurves;

/**
 * What the Experiments workspace reads and changes (decision 0010): the data sets a sweep can train
 * on, the tracked runs with their tags, notes and curves, and the sweep itself. Sweep requests,
 * results and curves are the training package's values. Every method may block (the database, or
 * training for {@link #runSweep}), so callers run them off the FX thread.
 */
public interface ExperimentsServices {

    /** A data set's feature names and the first and last reading time over all of it. */
    record DatasetOutline(List<String> features, TimeBounds bounds) {
        public DatasetOutline {
            features = List.copyOf(features);
        }
    }

    /** Names of the data sets, in name order. */
    List<String> datasetNames(ProgressSink sink);

    DatasetOutline dataset(String name, ProgressSink sink);

    /**
     * The newest {@code limit} runs that match the filter (blank: all); a filter that does not parse
     * throws {@link kiln.ml.tracking.RunFilter.FilterSyntaxException} naming the column it stopped at.
     */
    List<Run> runs(String filter, int limit);

    void tag(long runId, String tag);

    /** Sets the run's note; null clears it. */
    void annotate(long runId, String note);

    /** The ROC and calibration curves of a finished run, empty when it has none. */
    Optional<RunCurves> curves(long runId);

    /** Trains every run the request plans, recording each, and tells the listener as runs start and end. */
    SweepResult runSweep(SweepRequest request, ProgressSink sink, SweepListener listener);
}
