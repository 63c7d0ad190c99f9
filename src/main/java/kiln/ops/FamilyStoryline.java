package kiln.ops;

import java.time.Instant;
import java.util.List;

import kiln.domain.ModelVersion;
import kiln.domain.ProgressSink;
import kiln.ml.DataWindow;
import kiln.ml.family.PerGroupListener;
import kiln.ml.family.PerGroupRequest;
import kiln.ml.family.PerGroupResult;
import kiln.ml.family.PerGroupTrainer;
import kiln.ml.sweep.SweepSpec;
import kiln.registry.FamilyRuns;
import kiln.registry.ModelRegistry;
import kiln.store.KilnStore;

/**
 * The storyline's steps for a model family: train per group (the same training as {@code kiln train
 * --per-group}), register the family's members as {@code kiln model register-family} plans them, and
 * promote that training at the step's time.
 */
final class FamilyStoryline {

    /** What a per-group training step registered (members pooled first), with a line for the story. */
    record Registered(List<ModelVersion> members, String text) {
    }

    private final KilnStore store;
    private final ModelRegistry registry;
    private final String modelName;
    private final String dataset;
    private final int workers;

    FamilyStoryline(KilnStore store, ModelRegistry registry, String modelName, String dataset, int workers) {
        this.store = store;
        this.registry = registry;
        this.modelName = modelName;
        this.dataset = dataset;
        this.workers = workers;
    }

    /** Trains {@code spec} per group on {@code window} and registers the family; members empty when nothing could be registered. */
    Registered trainAndRegister(SweepSpec spec, DataWindow window, int minRows, String why, Instant now) {
        PerGroupResult result = new PerGroupTrainer(store).run(new PerGroupRequest(spec, dataset, window, List.of(), minRows, workers),
                ProgressSink.NONE, PerGroupListener.NONE);
        String trained = why + ": sweep " + spec.name() + " per group on " + window + ", " + result.groups().size() + " groups with "
                + "their own best run, " + result.skipped().size() + " left to pooled, " + result.runs() + " runs in experiment "
                + result.experimentId();
        if (result.pooled() == null) {
            return new Registered(List.of(), trained + "; no pooled run finished, so no family to register");
        }
        FamilyRuns.Plan plan = new FamilyRuns(store).plan(Long.toString(result.experimentId()), spec.metric(), spec.higherIsBetter(), minRows);
        List<ModelVersion> members = registry.families().registerFamily(modelName, plan.runs(),
                "per-group training, experiment " + result.experimentId() + " (" + why + ")", ModelOpsLoop.ACTOR);
        return new Registered(members, trained + "; registered " + members.size() + " members of family " + modelName + " (v"
                + members.get(0).version() + "..v" + members.get(members.size() - 1).version() + ") at " + now);
    }

    /** Promotes a training's members to production from {@code effective}; returns how many were promoted. */
    int promote(List<ModelVersion> members, Instant effective, String note) {
        return registry.families().promoteFamily(modelName, members.stream().map(ModelVersion::version).toList(), note, ModelOpsLoop.ACTOR,
                effective);
    }
}
