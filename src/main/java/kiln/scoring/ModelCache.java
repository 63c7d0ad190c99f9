package kiln.scoring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import kiln.ml.ScoringModel;
import kiln.ml.tracking.RunRepository;
import kiln.registry.ModelRegistry;
import kiln.registry.RegistryException;
import kiln.store.KilnStore;

/** Loaded scoring models per (model, version); versions are immutable, so an entry never goes stale. */
final class ModelCache {

    private final ModelRegistry registry;
    private final RunRepository runs;
    private final Map<String, ScoringModel> loaded = new ConcurrentHashMap<>();

    ModelCache(KilnStore store, ModelRegistry registry) {
        this.registry = registry;
        this.runs = new RunRepository(store);
    }

    ScoringModel get(String modelName, int version) {
        return loaded.computeIfAbsent(modelName + "#" + version, k -> {
            int run = registry.runOf(modelName, version);
            byte[] artifact = runs.artifact(run)
                    .orElseThrow(() -> new RegistryException(modelName + " v" + version + ": run " + run + " has no model artifact."));
            return ScoringModel.load(artifact);
        });
    }
}
