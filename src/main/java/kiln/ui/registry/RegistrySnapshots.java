package kiln.ui.registry;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import kiln.domain.ModelEvent;
import kiln.domain.ProductionPeriod;
import kiln.domain.Run;
import kiln.ui.experiments.RunRanking;

/**
 * Loads what the Registry shows of one model in one background job: the models (families with their
 * member counts), the versions with lineage, history, timeline and gate, and the runs that could be
 * registered. For a family the registry's plain answers are its pooled member's; its other members
 * are paged by {@link FamilyMembers}, never loaded here.
 */
final class RegistrySnapshots {

    /** The newest finished runs offered for registration. */
    private static final int RUN_LIMIT = 500;

    private final RegistryServices services;

    /** A snapshot of one model's registry state. */
    record Snapshot(List<String> models, Map<String, Long> familySizes, String model, List<VersionRow> versions, List<ModelEvent> events,
            List<ProductionPeriod> timeline, VersionLanes lanes, String gate, List<Run> finishedRuns) {
    }

    RegistrySnapshots(RegistryServices services) {
        this.services = services;
    }

    Snapshot load(String wanted) {
        List<String> names = services.modelNames();
        Map<String, Long> families = new LinkedHashMap<>();
        for (String n : names) {
            if (services.isFamily(n)) {
                families.put(n, services.familySize(n));
            }
        }
        String name = wanted != null && names.contains(wanted) ? wanted : names.isEmpty() ? null : names.get(0);
        // per-group runs are a family's members, registered from their training, never as a plain version
        Map<Long, Run> runs = services.runsById(services.plainRunIds(RUN_LIMIT)).stream()
                .collect(Collectors.toMap(Run::runId, Function.identity()));
        // best first, as the Experiments workspace ranks them (ties to the lower log-loss, then the older run)
        List<Run> finished = runs.values().stream().filter(r -> Run.FINISHED.equals(r.status()))
                .sorted(Comparator.comparing((Run r) -> !RunRanking.competes(r, RegistryViewModel.RANKING_METRIC))
                        .thenComparing(RunRanking.by(RegistryViewModel.RANKING_METRIC)))
                .toList();
        if (name == null) {
            return new Snapshot(names, families, null, List.of(), List.of(), List.of(), VersionLanes.EMPTY, "", finished);
        }
        List<VersionRow> rows = services.versions(name).stream()
                .map(v -> new VersionRow(v, v.runId() == null ? null : runs.computeIfAbsent((long) v.runId(),
                        id -> services.run(id).orElse(null))))
                .toList();
        String gate = services.gate(name).map(g -> "Promotion gate: beat production by " + g.margin() + " on " + g.metric())
                .orElse("No promotion gate");
        List<ModelEvent> history = services.history(name);
        List<ProductionPeriod> periods = services.productionTimeline(name);
        VersionLanes versionLanes = VersionLanes.of(rows.stream().map(r -> r.version().version()).toList(), history, periods,
                services.readingSpanOrNone(name));
        // a run already registered as a version of this model is not offered again
        Set<Long> registered = rows.stream().map(r -> r.version().runId()).filter(Objects::nonNull).map(Integer::longValue)
                .collect(Collectors.toSet());
        List<Run> registrable = finished.stream().filter(r -> !registered.contains(r.runId())).toList();
        return new Snapshot(names, families, name, rows, history, periods, versionLanes, gate, registrable);
    }
}
