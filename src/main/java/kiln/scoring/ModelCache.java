package kiln.scoring;

import java.util.LinkedHashMap;
import java.util.Map;

import kiln.ml.ScoringModel;
import kiln.ml.tracking.RunRepository;
import kiln.registry.ModelRegistry;
import kiln.registry.RegistryException;
import kiln.store.KilnStore;

/**
 * Loaded scoring models per (model, version); versions are immutable, so an entry never goes stale.
 * Bounded, least recently used out first: a family may have tens of thousands of members, and the
 * family scorer reads readings group by group, so each member is loaded about once per catch-up even
 * when the family is larger than the cache.
 */
final class ModelCache {

    /** Members kept loaded; a small tree takes tens of kilobytes, so this bounds the cache to some tens of megabytes. */
    static final int DEFAULT_CAPACITY = 2_048;

    private final ModelRegistry registry;
    private final RunRepository runs;
    private final Map<String, ScoringModel> loaded;
    private final int capacity;
    private long loads;

    ModelCache(KilnStore store, ModelRegistry registry) {
        this(store, registry, DEFAULT_CAPACITY);
    }

    ModelCache(KilnStore store, ModelRegistry registry, int capacity) {
        this.registry = registry;
        this.runs = new RunRepository(store);
        this.capacity = capacity;
        this.loaded = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ScoringModel> eldest) {
                return size() > capacity;
            }
        };
    }

    ScoringModel get(String modelName, int version) {
        return get(modelName, version, null);
    }

    /** {@code runId}: the version's run when the caller knows it already (saves a registry query per member); else null. */
    ScoringModel get(String modelName, int version, Integer runId) {
        String key = modelName + "#" + version;
        synchronized (loaded) {
            ScoringModel model = loaded.get(key);
            if (model != null) {
                return model;
            }
        }
        int run = runId != null ? runId : registry.runOf(modelName, version);
        byte[] artifact = runs.artifact(run)
                .orElseThrow(() -> new RegistryException(modelName + " v" + version + ": run " + run + " has no model artifact."));
        ScoringModel model = ScoringModel.load(artifact);
        synchronized (loaded) {
            loads++;
            loaded.put(key, model);
        }
        return model;
    }

    /** How many models were loaded from their artifacts so far (cache misses). */
    long loads() {
        synchronized (loaded) {
            return loads;
        }
    }

    /** How many models the cache keeps at most. */
    int capacity() {
        return capacity;
    }

    int size() {
        synchronized (loaded) {
            return loaded.size();
        }
    }
}
