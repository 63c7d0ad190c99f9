package kiln.app;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.domain.ProgressSink;
import kiln.domain.Run;
import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.TimeBounds;
import kiln.domain.eda.TimeWindow;
import kiln.ml.ScoringModel;
import kiln.ml.sweep.SweepSpec;
import kiln.ml.tracking.RunRepository;
import kiln.registry.FamilyRuns;
import kiln.registry.ModelFamilies;
import kiln.registry.ModelFamilies.MemberFilter;
import kiln.registry.ModelFiles;
import kiln.registry.ModelRegistry;
import kiln.scoring.PromotionGate;
import kiln.scoring.Scorer;
import kiln.store.KilnStore;
import kiln.store.eda.EdaQueries;
import kiln.ui.registry.RegistryServices;

/**
 * The Registry screen's port over the registry, the run repository, model files, the promotion gate,
 * the production scorer, the per-group trainings and the catalogue (decision 0010): the screen owns
 * what it asks, the services sit below the screens and cannot name their types, so the wiring adapts
 * one to the other.
 */
public final class RegistryPort implements RegistryServices {

    private final KilnStore store;
    private final ModelRegistry registry;
    private final RunRepository runs;
    private final ModelFiles files;
    private final PromotionGate gate;
    private final FamilyRuns familyRuns;
    private final EdaQueries catalog;
    private final Runnable afterScoring;

    /** The services over one store, with {@code registry}'s clock for event times. */
    public RegistryPort(KilnStore store, ModelRegistry registry) {
        this(store, registry, () -> {});
    }

    /**
     * As {@link #RegistryPort(KilnStore, ModelRegistry)}; {@code afterScoring} runs (on the scoring worker)
     * once a promotion scored readings, so whatever summarises predictions (the monitor) catches up with them.
     */
    public RegistryPort(KilnStore store, ModelRegistry registry, Runnable afterScoring) {
        this.store = store;
        this.registry = registry;
        this.runs = new RunRepository(store);
        this.files = new ModelFiles(store, registry, bytes -> ScoringModel.load(bytes).features());
        this.gate = new PromotionGate(store, registry);
        this.familyRuns = new FamilyRuns(store);
        this.catalog = new EdaQueries(store);
        this.afterScoring = afterScoring;
    }

    @Override
    public List<String> modelNames() {
        return registry.modelNames();
    }

    @Override
    public boolean isFamily(String model) {
        return registry.isFamily(model);
    }

    @Override
    public Instant now() {
        return registry.now();
    }

    @Override
    public List<ModelVersion> versions(String model) {
        return registry.versions(model);
    }

    @Override
    public Optional<Gate> gate(String model) {
        return registry.gate(model).map(g -> new Gate(g.metric(), g.margin()));
    }

    @Override
    public List<ModelEvent> history(String model) {
        return registry.history(model);
    }

    @Override
    public List<ProductionPeriod> productionTimeline(String model) {
        return registry.productionTimeline(model);
    }

    @Override
    public Optional<ReadingSpan> readingSpan(String model, ProgressSink sink) {
        EdaDataset ds = catalog.dataset(registry.datasetOf(model), sink);
        TimeBounds b = catalog.timeBounds(ds, TimeWindow.ALL, sink);
        return b.first() == null ? Optional.empty()
                : Optional.of(new ReadingSpan(b.first().toInstant(ZoneOffset.UTC), b.last().toInstant(ZoneOffset.UTC), b.rows()));
    }

    @Override
    public List<Run> runsById(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return runs.search("run_id in (" + ids.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")", ids.size());
    }

    @Override
    public Optional<Run> run(long runId) {
        return runs.get(runId);
    }

    @Override
    public List<Long> plainRunIds(int limit) {
        return familyRuns.plainRunIds(limit);
    }

    @Override
    public ModelVersion register(int runId, String model, String note, String by) {
        return registry.register(runId, model, note, by);
    }

    @Override
    public Optional<GateVerdict> evaluateGate(String model, int version) {
        return gate.evaluate(model, version).map(v -> new GateVerdict(v.passed(), v.text()));
    }

    @Override
    public ModelVersion promote(String model, int version, String note, String by, Instant at) {
        // forced: the gate never holds the version back, it only records its verdict
        return gate.promote(model, version, note, by, true, at).promoted().orElseThrow();
    }

    @Override
    public ModelVersion makeChallenger(String model, int version, String note, String by) {
        return registry.promote(model, version, ModelVersion.CHALLENGER, note, by);
    }

    @Override
    public ModelVersion demote(String model, int version, String note, String by) {
        return registry.demote(model, version, note, by);
    }

    @Override
    public ModelVersion archive(String model, int version, String note, String by) {
        return registry.archive(model, version, note, by);
    }

    @Override
    public long scoreProduction(String model, ProgressSink sink) {
        // scored_at records when a prediction was made, so the scorer keeps the registry's clock
        long scored = new Scorer(store, registry, model, registry::now).catchUp(sink).scored();
        if (scored > 0) {
            afterScoring.run();
        }
        return scored;
    }

    @Override
    public Path exportVersion(String model, int version, Path file, String by) {
        return files.export(model, version, file, by);
    }

    @Override
    public ModelVersion importFile(Path file, String by) {
        return files.importFile(file, null, by);
    }

    @Override
    public long familySize(String family) {
        return families().members(family, MemberFilter.ALL, 0, 0).total();
    }

    @Override
    public MemberPage members(String family, String groupContains, String alias, int offset, int limit) {
        ModelFamilies.MemberPage page = families().members(family, new MemberFilter(null, groupContains, alias), offset, limit);
        return new MemberPage(page.members(), page.total());
    }

    @Override
    public Map<Integer, Instant> promotedAt(String family, Collection<Integer> versions) {
        return families().promotedAt(family, versions);
    }

    @Override
    public List<ModelEvent> memberHistory(String family, String scope) {
        return families().history(family, scope);
    }

    @Override
    public Map<String, List<ProductionPeriod>> memberTimelines(String family, String onlyScope) {
        return families().productionTimelines(family, onlyScope);
    }

    @Override
    public List<ModelVersion> latestTraining(String family) {
        return families().latestTraining(family);
    }

    @Override
    public ModelVersion promoteMember(String family, String scope, int version, String note, String by, Instant at) {
        return families().promoteMember(family, scope, version, ModelVersion.PRODUCTION, note, by, at);
    }

    @Override
    public ModelVersion rollbackMember(String family, String scope, String note, String by, Instant at) {
        return families().rollbackMember(family, scope, note, by, at);
    }

    @Override
    public int promoteFamily(String family, Collection<Integer> versions, String note, String by, Instant at) {
        return families().promoteFamily(family, versions, note, by, at);
    }

    @Override
    public List<PerGroupTraining> perGroupTrainings() {
        return familyRuns.trainings().stream()
                .map(t -> new PerGroupTraining(t.experimentId(), t.name(), t.dataset(), t.groups(), t.runs(), t.lastRun())).toList();
    }

    @Override
    public long defaultMinRows() {
        return FamilyRuns.DEFAULT_MIN_ROWS;
    }

    /** Each group's best run by the default metric: the form offers no other. */
    @Override
    public RegisteredFamily registerFamily(String family, long experimentId, long minRows, String note, String by) {
        String metric = FamilyRuns.DEFAULT_METRIC;
        FamilyRuns.Plan plan = familyRuns.plan(String.valueOf(experimentId), metric, !SweepSpec.LOWER_IS_BETTER.contains(metric), minRows);
        List<ModelVersion> members = families().registerFamily(family, plan.runs(), note, by);
        return new RegisteredFamily(members, plan.skipped().size());
    }

    private ModelFamilies families() {
        return registry.families();
    }
}
