package kiln.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import kiln.domain.Alert;
import kiln.domain.AlertKind;
import kiln.domain.AlertSeverity;
import kiln.domain.AlertState;
import kiln.domain.ModelEvent;
import kiln.domain.ProgressSink;
import kiln.ml.sweep.SweepRunner;
import kiln.ml.sweep.SweepSpec;
import kiln.registry.ModelRegistry;
import kiln.sim.SimulationClock;
import kiln.sim.SimulationEngine;
import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioAction;
import kiln.sim.scenario.ScenarioReader;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's own decisions, with scoring and monitoring replaced by recorders and a scripted alert. */
class ModelOpsLoopTest {

    @TempDir
    Path dir;

    static final SweepSpec SMALL = SweepSpec.parse("""
            name: small
            seed: 7
            split: random:0.2
            metric: accuracy
            trainers:
              - trainer: cart
                grid:
                  maxDepth: [3, 5]
            """, "test sweep");

    @Test
    void scenarioActionsTrainAndPromoteAndAFiringKpiAlertTriggersARetrain() throws Exception {
        Scenario scenario = ScenarioReader.resolve("glassware");
        try (KilnStore store = KilnStore.open(dir.resolve("loop.duckdb"))) {
            SimulationEngine engine = new SimulationEngine(store, scenario, 42, SimulationEngine.clockFor(scenario, SimulationClock.MAX))
                    .until(Instant.parse("2019-07-23T00:00:00Z"));
            AtomicReference<Instant> now = new AtomicReference<>(scenario.start());
            ModelRegistry registry = new ModelRegistry(store, now::get);
            AtomicInteger catchUps = new AtomicInteger();
            List<String> acknowledged = new ArrayList<>();
            Alert firing = new Alert(7, "glassware", "accuracy below band", AlertKind.KPI, AlertSeverity.CRITICAL, AlertState.FIRING,
                    Instant.parse("2019-07-19T00:00:00Z"), Instant.parse("2019-07-21T00:00:00Z"), "accuracy", 0.71, 0.80,
                    Instant.parse("2019-07-22T00:00:00Z"), null, null, null, null, 1, null, null);
            OpsSteps.Monitoring monitoring = new OpsSteps.Monitoring() {
                @Override
                public void update() {}

                @Override
                public List<Alert> openAlerts(String modelName) {
                    return now.get().isBefore(firing.firedAt()) || !acknowledged.isEmpty() ? List.of() : List.of(firing);
                }

                @Override
                public void acknowledge(long alertId, String note, String by) {
                    acknowledged.add(alertId + ": " + note);
                }
            };
            ModelOpsLoop loop = new ModelOpsLoop(store, registry, new SweepRunner(store), catchUps::incrementAndGet, monitoring,
                    (model, candidate) -> new OpsSteps.Verdict(true, "candidate beats production"), now::get,
                    new ModelOpsLoop.Options("glassware", "glassware", true, SMALL, 300, Duration.ofDays(1), 1));
            engine.addListener(p -> {
                now.set(p.simulatedTime());
                loop.afterBatch(p);
            });
            engine.setActionHandler((action, at) -> {
                now.set(at);
                loop.handle(new ScenarioAction(action.at(), action.action(), swapSweep(action.params()), action.line()), at);
            });
            engine.batchRows(96).run(ProgressSink.NONE);

            List<ModelEvent> events = registry.history("glassware");
            assertThat(events).extracting(ModelEvent::action).containsSubsequence("register", "promote", "register", "gate", "promote");
            assertThat(events.get(1).at()).isEqualTo(Instant.parse("2019-07-11T00:00:00Z"));
            assertThat(events).allMatch(e -> ModelOpsLoop.ACTOR.equals(e.by()));
            assertThat(registry.productionAt("glassware", Instant.parse("2019-07-15T00:00:00Z"))).contains(1);
            assertThat(registry.productionAt("glassware", Instant.parse("2019-07-22T12:00:00Z"))).contains(2);
            assertThat(acknowledged).singleElement().asString().startsWith("7: auto-retrain on 2019-07-").contains("v2 promoted");
            assertThat(loop.steps()).extracting(ModelOpsLoop.Step::kind).containsSubsequence("train", "promote", "train", "promote");
            assertThat(catchUps.get()).isGreaterThan(10);
        }
    }

    /** The shipped scenario names the full seed grid; the test names the loop's own (small) sweep to stay fast. */
    private static Map<String, String> swapSweep(Map<String, String> params) {
        Map<String, String> copy = new LinkedHashMap<>(params);
        copy.computeIfPresent("sweep", (k, v) -> "small");
        return copy;
    }
}
