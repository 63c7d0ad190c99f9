package kiln.ui.registry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import kiln.domain.ProgressSink;
import kiln.domain.Run;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.TimeBounds;
import kiln.domain.eda.TimeWindow;
import kiln.ml.ScoringModel;
import kiln.ml.tracking.RunRepository;
import kiln.registry.FamilyRuns;
import kiln.registry.ModelFiles;
import kiln.registry.ModelRegistry;
import kiln.scoring.PromotionGate;
import kiln.scoring.Scorer;
import kiln.store.KilnStore;
import kiln.store.eda.EdaQueries;

/**
 * What the Registry workspace works with: the registry, finished runs, model files, the promotion
 * gate, the time span of a model's readings, the production scorer, and the per-group trainings a
 * family is registered from.
 */
public record RegistryServices(ModelRegistry registry, RunRepository runs, ModelFiles files, PromotionGate gate,
        ReadingSpans readingSpans, ProductionScoring scoring, FamilyRuns familyRuns) {

    /** The first and last reading time of the data set a model scores; empty while it holds none. */
    @FunctionalInterface
    public interface ReadingSpans {
        Optional<ReadingSpan> of(String modelName, ProgressSink sink);
    }

    /** Scores the readings that the production timeline assigns to a version and that have no prediction yet. */
    @FunctionalInterface
    public interface ProductionScoring {
        /** Returns how many readings were scored. */
        long catchUp(String modelName, ProgressSink sink);
    }

    /** The time span of a data set's readings. */
    public record ReadingSpan(Instant first, Instant last, long readings) {
    }

    /** The span of a model's readings; a model whose data set cannot be read simply shows none. */
    public Optional<ReadingSpan> readingSpanOrNone(String modelName) {
        try {
            return readingSpans.of(modelName, ProgressSink.NONE);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The runs with these ids (in one query; ids of runs that are gone are left out). */
    public List<Run> runsById(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return runs.search("run_id in (" + ids.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")", ids.size());
    }

    /** The services over one store, with {@code registry}'s clock for event times. */
    public static RegistryServices of(KilnStore store, ModelRegistry registry) {
        return of(store, registry, () -> {});
    }

    /**
     * As {@link #of(KilnStore, ModelRegistry)}; {@code afterScoring} runs (on the scoring worker) once a
     * promotion scored readings, so whatever summarises predictions (the monitor) catches up with them.
     */
    public static RegistryServices of(KilnStore store, ModelRegistry registry, Runnable afterScoring) {
        EdaQueries catalog = new EdaQueries(store);
        ReadingSpans spans = (name, sink) -> {
            EdaDataset ds = catalog.dataset(registry.datasetOf(name), sink);
            TimeBounds b = catalog.timeBounds(ds, TimeWindow.ALL, sink);
            return b.first() == null ? Optional.empty()
                    : Optional.of(new ReadingSpan(b.first().toInstant(ZoneOffset.UTC), b.last().toInstant(ZoneOffset.UTC), b.rows()));
        };
        // scored_at records when a prediction was made, so the scorer keeps the registry's clock
        ProductionScoring scoring = (name, sink) -> {
            long scored = new Scorer(store, registry, name, registry::now).catchUp(sink).scored();
            if (scored > 0) {
                afterScoring.run();
            }
            return scored;
        };
        return new RegistryServices(registry, new RunRepository(store),
                new ModelFiles(store, registry, bytes -> ScoringModel.load(bytes).features()), new PromotionGate(store, registry),
                spans, scoring, new FamilyRuns(store));
    }
}
