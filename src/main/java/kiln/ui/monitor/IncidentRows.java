package kiln.ui.monitor;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

import kiln.domain.Alert;
import kiln.domain.AlertIncident;
import kiln.ui.common.TaskRunner;

/**
 * The incidents of the alert list and which of them are expanded. An incident's members (a storm can
 * have thousands) are read off the FX thread when it is expanded, and again with each new snapshot
 * while it stays expanded; until they first arrive the incident shows one "loading" row. Collapsed
 * incidents cost nothing.
 */
final class IncidentRows {

    private final MonitorQueries queries;
    private final TaskRunner runner;
    /** Told when the rows changed (members arrived, an incident expanded or collapsed). */
    private final Runnable changed;
    private final BiConsumer<String, Throwable> onFailure;
    private final Set<Long> expanded = new HashSet<>();
    /** Members read, worst first, by incident. */
    private final Map<Long, List<AlertIncident.Member>> members = new HashMap<>();
    private final Set<Long> loading = new HashSet<>();

    IncidentRows(MonitorQueries queries, TaskRunner runner, Runnable changed, BiConsumer<String, Throwable> onFailure) {
        this.queries = queries;
        this.runner = runner;
        this.changed = changed;
        this.onFailure = onFailure;
    }

    /**
     * Takes a new snapshot's incidents: forgets those gone and the members of collapsed ones, and reads
     * the members of expanded ones again (a member may have been acknowledged or resolved), showing the
     * members read before until the new ones arrive.
     */
    void show(List<AlertIncident> incidents) {
        Set<Long> ids = new HashSet<>();
        incidents.forEach(i -> ids.add(i.incidentId()));
        expanded.retainAll(ids);
        members.keySet().retainAll(expanded);
        for (AlertIncident i : incidents) {
            if (expanded.contains(i.incidentId())) {
                load(i);
            }
        }
    }

    void clear() {
        expanded.clear();
        members.clear();
    }

    boolean isExpanded(AlertIncident i) {
        return expanded.contains(i.incidentId());
    }

    void setExpanded(AlertIncident i, boolean expand) {
        if (expand == isExpanded(i)) {
            return;
        }
        if (expand) {
            expanded.add(i.incidentId());
            if (!members.containsKey(i.incidentId())) {
                load(i);
            }
        } else {
            expanded.remove(i.incidentId());
        }
        changed.run();
    }

    private void load(AlertIncident incident) {
        long id = incident.incidentId();
        if (!loading.add(id)) {
            return;
        }
        runner.submit(null, sink -> queries.incidentMembers(id), list -> {
            loading.remove(id);
            members.put(id, List.copyOf(list));
            changed.run();
        }, e -> {
            loading.remove(id);
            expanded.remove(id);
            onFailure.accept("Reading the members of incident #" + id, e);
            changed.run();
        });
    }

    /** Adds the rows of {@code incident}: itself, then (expanded) its members or the line that stands for them while they load. */
    void addRows(AlertIncident incident, List<AlertRow> rows) {
        rows.add(AlertRow.of(incident, isExpanded(incident)));
        if (!isExpanded(incident)) {
            return;
        }
        List<AlertIncident.Member> loaded = members.get(incident.incidentId());
        if (loaded == null) {
            rows.add(AlertRow.loading(incident));
        } else {
            loaded.forEach(m -> rows.add(AlertRow.member(incident, m)));
        }
    }

    /** The member alert {@code alertId} as last read, if a loaded incident has it. */
    Optional<Alert> member(long alertId) {
        for (List<AlertIncident.Member> loaded : members.values()) {
            for (AlertIncident.Member m : loaded) {
                if (m.alert().alertId() == alertId) {
                    return Optional.of(m.alert());
                }
            }
        }
        return Optional.empty();
    }
}
