package kiln.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** Artifacts read per query when preloading: bounds the bytes held at once (a few megabytes). */
    private static final int PRELOAD_CHUNK = 256;

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

    /**
     * Loads those of the given versions ({@code version -> run}) that are not cached yet: their
     * artifacts read in one query per {@value #PRELOAD_CHUNK} (a query per member cost about a scan of
     * the run table each), decoded and compiled on all cores. At most the cache's capacity is loaded.
     */
    void preload(String modelName, Map<Integer, Integer> runByVersion) {
        List<Map.Entry<Integer, Integer>> missing = new ArrayList<>();
        synchronized (loaded) {
            for (Map.Entry<Integer, Integer> e : runByVersion.entrySet()) {
                // get, not containsKey: it marks the entry as just used, so loading the others does not evict it.
                if (e.getValue() != null && loaded.get(modelName + "#" + e.getKey()) == null && missing.size() < capacity) {
                    missing.add(e);
                }
            }
        }
        for (int from = 0; from < missing.size(); from += PRELOAD_CHUNK) {
            List<Map.Entry<Integer, Integer>> chunk = missing.subList(from, Math.min(missing.size(), from + PRELOAD_CHUNK));
            Map<Long, byte[]> artifacts = runs.artifacts(chunk.stream().map(e -> (long) e.getValue()).toList());
            chunk.parallelStream().forEach(e -> {
                byte[] artifact = artifacts.get((long) e.getValue());
                if (artifact == null) {
                    throw new RegistryException(modelName + " v" + e.getKey() + ": run " + e.getValue() + " has no model artifact.");
                }
                ScoringModel model = ScoringModel.load(artifact);
                synchronized (loaded) {
                    loads++;
                    loaded.put(modelName + "#" + e.getKey(), model);
                }
            });
        }
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
