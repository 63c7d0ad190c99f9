package kiln.ml.tracking;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import kiln.ml.DataWindow;

/** What is known about a run when it starts: enough to find an equal finished run and to reproduce it. */
public record RunStart(Long experimentId, String trainer, Map<String, Object> params, String dataset, DataWindow window,
        List<String> features, String split, long seed, String fingerprint, LocalDateTime startedAt) {
}
