package kiln.ml.sweep;

import java.util.List;

import kiln.ml.DataWindow;

/**
 * A sweep to run: the spec plus the data it runs on (which override the file's own choices).
 *
 * @param workers parallel training workers; 0 means one per core
 */
public record SweepRequest(SweepSpec spec, String dataset, DataWindow window, List<String> features, int workers) {

    public SweepRequest {
        features = features == null ? List.of() : List.copyOf(features);
    }

    public int workerCount() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }
}
