package kiln.ui.registry;

import kiln.ml.ScoringModel;
import kiln.ml.tracking.RunRepository;
import kiln.registry.ModelFiles;
import kiln.registry.ModelRegistry;
import kiln.scoring.PromotionGate;
import kiln.store.KilnStore;

/** What the Registry workspace works with: the registry, finished runs, model files and the promotion gate. */
public record RegistryServices(ModelRegistry registry, RunRepository runs, ModelFiles files, PromotionGate gate) {

    /** The services over one store, with {@code registry}'s clock for event times. */
    public static RegistryServices of(KilnStore store, ModelRegistry registry) {
        return new RegistryServices(registry, new RunRepository(store),
                new ModelFiles(store, registry, bytes -> ScoringModel.load(bytes).features()), new PromotionGate(store, registry));
    }
}
