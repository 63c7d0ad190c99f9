package kiln.app;

import java.util.List;
import java.util.Optional;

import kiln.domain.ProgressSink;
import kiln.domain.Run;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.TimeWindow;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.sweep.SweepResult;
import kiln.ml.sweep.SweepRunner;
import kiln.ml.tracking.RunCurves;
import kiln.ml.tracking.RunRepository;
import kiln.store.KilnStore;
import kiln.store.eda.EdaQueries;
import kiln.ui.experiments.ExperimentsServices;

/**
 * The Experiments screen's port over the catalogue, the run repository and the sweep runner
 * (decision 0010): the services sit below the screens and cannot name their types, so the wiring
 * adapts them.
 */
public final class ExperimentsPort implements ExperimentsServices {
    private final EdaQueries catalog;
    private final RunRepository repository;
    private final SweepRunner sweeps;

    public ExperimentsPort(KilnStore store) {
        this.catalog = new EdaQueries(store);
        this.repository = new RunRepository(store);
        this.sweeps = new SweepRunner(store);
    }

    @Override
    public List<String> datasetNames(ProgressSink sink) {
        return catalog.datasetNames(sink);
    }

    @Override
    public DatasetOutline dataset(String name, ProgressSink sink) {
        EdaDataset ds = catalog.dataset(name, sink);
        return new DatasetOutline(ds.featureNames(), catalog.timeBounds(ds, TimeWindow.ALL, sink));
    }

    @Override
    public List<Run> runs(String filter, int limit) {
        return repository.search(filter, limit);
    }

    @Override
    public void tag(long runId, String tag) {
        repository.tag(runId, tag);
    }

    @Override
    public void annotate(long runId, String note) {
        repository.annotate(runId, note);
    }

    @Override
    public Optional<RunCurves> curves(long runId) {
        return repository.curves(runId);
    }

    @Override
    public SweepResult runSweep(SweepRequest request, ProgressSink sink, SweepListener listener) {
        return sweeps.run(request, sink, listener);
    }
}
