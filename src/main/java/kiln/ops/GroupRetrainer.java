package kiln.ops;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import kiln.domain.AlertState;
import kiln.domain.DatasetSpec;
import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.domain.ProgressSink;
import kiln.ml.DataWindow;
import kiln.ml.family.PerGroupListener;
import kiln.ml.family.PerGroupRequest;
import kiln.ml.family.PerGroupResult;
import kiln.ml.family.PerGroupTrainer;
import kiln.ml.sweep.SweepSpec;
import kiln.registry.ModelRegistry;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.Timestamps;
import kiln.store.catalog.Catalog;

/**
 * Auto-retrain per group for a model family. A group's {@code fleet-drop} or {@code fleet-below-band}
 * alert retrains that group's member on the group's labelled rows since the alert's first bad day
 * (once they number at least {@link #MIN_ROWS}); the new member is registered in the group's scope,
 * gated against the group's own recent decisions and promoted when it wins. Other groups keep their
 * member. {@code fleet-dead-sensor} and {@code fleet-unit-change} alerts are data faults: they are
 * named, never learnt. Alerts that become ready in the same step and share a window start (a storm) are
 * retrained together in one per-group training, one worker task per group; a group is retrained at
 * most once per step and never while its previous retrain is still being decided.
 */
final class GroupRetrainer {

    /** Rules whose alert says a group's model no longer fits it. */
    static final Set<String> RETRAIN_RULES = Set.of("fleet-drop", "fleet-below-band");
    /** Rules whose alert says the group's data is broken: a model must not learn it. */
    static final Set<String> DATA_FAULT_RULES = Set.of("fleet-dead-sensor", "fleet-unit-change");
    /** Labelled rows of the group since its change a retrain needs (the sweep holds out a fifth of them for the gate). */
    static final int MIN_ROWS = 100;
    /** How long an alert waits for enough labels before the loop gives up on it, saying why. */
    static final Duration GIVE_UP_AFTER = Duration.ofDays(7);

    /** A firing per-group alert as the loop reads it from the monitor's table. */
    record GroupAlert(long alertId, String rule, String group, Instant windowStart) {
    }

    /** Where the loop's steps are recorded. */
    @FunctionalInterface
    interface StepLog {
        void step(Instant at, String kind, String text);
    }

    private final KilnStore store;
    private final ModelRegistry registry;
    private final OpsSteps.Monitoring monitoring;
    private final MemberGate gate;
    private final String modelName;
    private final String dataset;
    private final SweepSpec sweep;
    private final int workers;
    private final StepLog log;
    private final Set<Long> handled = new HashSet<>();
    /** Alerts waiting for enough labels, by id. */
    private final Map<Long, GroupAlert> pending = new HashMap<>();
    private final Set<String> retraining = new HashSet<>();

    GroupRetrainer(KilnStore store, ModelRegistry registry, OpsSteps.Monitoring monitoring, String modelName, String dataset, SweepSpec sweep,
            int workers, StepLog log) {
        this.store = store;
        this.registry = registry;
        this.monitoring = monitoring;
        this.gate = new MemberGate(store, registry);
        this.modelName = modelName;
        this.dataset = dataset;
        this.sweep = sweep;
        this.workers = workers;
        this.log = log;
    }

    /** Handles the firing per-group alerts not handled yet, as of {@code now}. */
    void step(Instant now) {
        Map<Instant, Map<String, List<GroupAlert>>> ready = new TreeMap<>();
        Map<String, Instant> readyFrom = new HashMap<>();
        List<GroupAlert> firing = new ArrayList<>(firing());
        // An alert that waited for labels stays pending after it resolves: a group's rolling baseline absorbs a
        // lasting change within days, which ends the alert, not the change.
        Set<Long> firingIds = new HashSet<>();
        firing.forEach(a -> firingIds.add(a.alertId()));
        pending.values().stream().filter(a -> !firingIds.contains(a.alertId()) && !handled.contains(a.alertId())).forEach(firing::add);
        // A group whose data is broken is not retrained: its accuracy fell because of the fault.
        Set<String> faulty = new HashSet<>();
        firing.stream().filter(a -> DATA_FAULT_RULES.contains(a.rule())).forEach(a -> faulty.add(a.group()));
        for (GroupAlert a : firing) {
            if (handled.contains(a.alertId())) {
                continue;
            }
            if (DATA_FAULT_RULES.contains(a.rule())) {
                handled.add(a.alertId());
                log.step(now, "notice", "alert #" + a.alertId() + " " + a.rule() + " on group " + a.group() + ": a data fault ("
                        + (a.rule().endsWith("dead-sensor") ? "the sensor stopped reporting" : "its readings changed unit")
                        + "), to be fixed at the source; not retrained, a model must not learn it");
                continue;
            }
            if (!RETRAIN_RULES.contains(a.rule()) || retraining.contains(a.group())) {
                continue;
            }
            if (faulty.contains(a.group())) {
                handled.add(a.alertId());
                acknowledge(a, now, "auto-retrain: not retrained: group " + a.group() + " has a data fault alert open; fix the data first");
                continue;
            }
            Instant memberSince = memberSince(a.group());
            if (memberSince != null && a.windowStart() != null && a.windowStart().isBefore(memberSince)) {
                handled.add(a.alertId()); // about the member replaced since: the replacement was the answer
                continue;
            }
            Instant from = (a.windowStart() != null ? a.windowStart() : now.minus(Duration.ofDays(3))).truncatedTo(ChronoUnit.DAYS);
            long labelled = labelledRows(a.group(), from, now);
            if (labelled < MIN_ROWS) {
                if (now.isAfter(from.plus(GIVE_UP_AFTER))) {
                    handled.add(a.alertId());
                    acknowledge(a, now, "auto-retrain: not retrained: only " + labelled + " labelled rows of group " + a.group() + " since "
                            + from + " after " + GIVE_UP_AFTER.toDays() + " days (needs " + MIN_ROWS + ")");
                } else if (pending.putIfAbsent(a.alertId(), a) == null) {
                    log.step(now, "wait", "alert #" + a.alertId() + " " + a.rule() + " on group " + a.group() + ": " + labelled
                            + " labelled rows since " + from + "; retrain when " + MIN_ROWS + " are in");
                }
                continue;
            }
            handled.add(a.alertId());
            pending.remove(a.alertId());
            // one retrain per group: a second alert of the group joins the first one's training
            Instant batch = readyFrom.computeIfAbsent(a.group(), g -> from);
            ready.computeIfAbsent(batch, f -> new LinkedHashMap<>()).computeIfAbsent(a.group(), g -> new ArrayList<>()).add(a);
        }
        for (Map.Entry<Instant, Map<String, List<GroupAlert>>> batch : ready.entrySet()) {
            retrain(batch.getKey(), batch.getValue(), now);
        }
    }

    /** One per-group training for the groups whose alerts share a window start; each group's member judged and promoted on its own. */
    private void retrain(Instant from, Map<String, List<GroupAlert>> groups, Instant now) {
        retraining.addAll(groups.keySet());
        try {
            DataWindow window = new DataWindow(LocalDateTime.ofInstant(from, ZoneOffset.UTC), LocalDateTime.ofInstant(now, ZoneOffset.UTC));
            PerGroupResult result = new PerGroupTrainer(store).run(new PerGroupRequest(sweep, dataset, window, List.of(), MIN_ROWS, workers,
                    false, groups.keySet()), ProgressSink.NONE, PerGroupListener.NONE);
            log.step(now, "train", "auto-retrain of " + groups.size() + (groups.size() == 1 ? " group (" : " groups (")
                    + String.join(", ", groups.keySet().stream().limit(10).toList()) + (groups.size() > 10 ? ", …" : "") + ") after alert"
                    + (alertCount(groups) == 1 ? " #" : "s #") + String.join(", #", alertIds(groups)) + ": sweep " + sweep.name() + " per group on "
                    + window + ", experiment " + result.experimentId() + ", " + result.runs() + " runs");
            for (var skipped : result.skipped()) {
                for (GroupAlert a : groups.getOrDefault(skipped.group(), List.of())) {
                    acknowledge(a, now, "auto-retrain: not retrained: " + skipped.reason());
                }
            }
            for (PerGroupResult.GroupBest best : result.groups()) {
                decide(best, groups.get(best.group()), from, now);
            }
        } finally {
            retraining.removeAll(groups.keySet());
        }
    }

    private void decide(PerGroupResult.GroupBest best, List<GroupAlert> alerts, Instant from, Instant now) {
        String why = "auto-retrain after alert" + (alerts.size() == 1 ? " #" : "s #")
                + String.join(", #", alerts.stream().map(a -> a.alertId() + " (" + a.rule() + ")").toList());
        ModelVersion candidate = registry.families().registerMember(modelName, best.group(), (int) best.runId(),
                why + ": run " + best.runId() + " " + best.trainer() + " " + best.params(), ModelOpsLoop.ACTOR);
        OpsSteps.Verdict verdict = gate.check(modelName, best.group(), candidate.version(), best.runId(), from, now);
        registry.recordGate(modelName, candidate.version(), verdict.passed(), verdict.text(), ModelOpsLoop.ACTOR);
        String outcome;
        if (verdict.passed()) {
            registry.families().promoteMember(modelName, best.group(), candidate.version(), ModelVersion.PRODUCTION, why + "; " + verdict.text(),
                    ModelOpsLoop.ACTOR, null);
            outcome = "v" + candidate.version() + " promoted for group " + best.group();
            log.step(now, "promote", modelName + " " + outcome + ": " + why + "; " + verdict.text());
        } else {
            outcome = "v" + candidate.version() + " NOT promoted for group " + best.group();
            log.step(now, "gate", modelName + " " + outcome + ": " + verdict.text());
        }
        for (GroupAlert a : alerts) {
            acknowledge(a, now, "auto-retrain: " + outcome + " (" + verdict.text() + ")");
        }
    }

    private void acknowledge(GroupAlert a, Instant now, String note) {
        try {
            monitoring.acknowledge(a.alertId(), note, ModelOpsLoop.ACTOR);
        } catch (IllegalStateException e) {
            log.step(now, "note", "alert #" + a.alertId() + " was no longer firing: " + note); // resolved meanwhile
        }
    }

    private static int alertCount(Map<String, List<GroupAlert>> groups) {
        return groups.values().stream().mapToInt(List::size).sum();
    }

    private static List<String> alertIds(Map<String, List<GroupAlert>> groups) {
        List<String> ids = groups.values().stream().flatMap(List::stream).map(a -> Long.toString(a.alertId())).toList();
        return ids.size() <= 10 ? ids : List.of(String.join(", #", ids.subList(0, 10)) + ", …");
    }

    /** When the group's current production member took over, or null when it has none of its own. */
    private Instant memberSince(String group) {
        List<ProductionPeriod> timeline = registry.families().productionTimelines(modelName, group).getOrDefault(group, List.of());
        if (timeline.isEmpty() || timeline.get(timeline.size() - 1).end() != null) {
            return null;
        }
        return timeline.get(timeline.size() - 1).start();
    }

    /** The family's firing per-group alerts, oldest first. */
    List<GroupAlert> firing() {
        try {
            return store.read(conn -> {
                List<GroupAlert> list = new ArrayList<>();
                try (PreparedStatement ps = conn.prepareStatement("SELECT alert_id, rule, group_key, window_start FROM alert WHERE model_name = ? "
                        + "AND state = ? AND group_key IS NOT NULL AND starts_with(rule, 'fleet-') ORDER BY alert_id")) {
                    ps.setString(1, modelName);
                    ps.setString(2, AlertState.FIRING.stored());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            list.add(new GroupAlert(rs.getLong(1), rs.getString(2), rs.getString(3), Timestamps.read(rs, 4)));
                        }
                    }
                }
                return list;
            });
        } catch (SQLException e) {
            throw new DataAccessException("Reading the firing alerts of " + modelName + " failed", e);
        }
    }

    /** Labelled readings of one group in [from, to) (readings carry their label's code). */
    private long labelledRows(String group, Instant from, Instant to) {
        try {
            return store.read(conn -> {
                DatasetSpec spec = Catalog.require(conn, dataset);
                String time = KilnStore.quoteIdentifier(spec.timeColumn());
                try (PreparedStatement ps = conn.prepareStatement("SELECT count(label_code) FROM " + KilnStore.quoteIdentifier(spec.readingTable())
                        + " WHERE CAST(" + KilnStore.quoteIdentifier(spec.groupColumn()) + " AS VARCHAR) = ? AND " + time + " >= ? AND "
                        + time + " < ?")) {
                    ps.setString(1, group);
                    Timestamps.bind(ps, 2, from);
                    Timestamps.bind(ps, 3, to);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
        } catch (SQLException e) {
            throw new DataAccessException("Counting the labelled rows of group " + group + " failed", e);
        }
    }
}
