package kiln.ops;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import kiln.domain.ProgressSink;
import kiln.monitor.MonitorService;
import kiln.registry.ModelRegistry;
import kiln.scoring.Scorer;
import kiln.store.KilnStore;

/**
 * After readings or labels were imported by hand: every model of those data sets that has a
 * production version scores the readings its timeline gives it, and the monitor catches up, so the
 * Monitor shows the new rows without another step. Models without a production version are left
 * alone (nothing is promoted behind the user's back).
 */
public final class CatchUpAfterImport {

    private CatchUpAfterImport() {}

    /** Readings scored per model (models that scored nothing are left out). */
    public static Map<String, Long> run(KilnStore store, MonitorService monitor, Supplier<Instant> registryClock,
            Collection<String> datasets, ProgressSink sink) {
        ModelRegistry registry = new ModelRegistry(store, registryClock);
        Map<String, Long> scored = new LinkedHashMap<>();
        for (String model : registry.modelNames()) {
            if (datasets.contains(registry.datasetOf(model)) && registry.production(model).isPresent()) {
                long n = new Scorer(store, registry, model, registry::now).catchUp(sink).scored();
                if (n > 0) {
                    scored.put(model, n);
                }
            }
        }
        monitor.update();
        return scored;
    }
}
