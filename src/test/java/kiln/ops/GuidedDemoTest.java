package kiln.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;
import kiln.domain.ProgressSink;
import kiln.domain.TimelineMarker;
import kiln.ml.sweep.SweepListener;
import kiln.monitor.MonitorService;
import kiln.registry.ModelRegistry;
import kiln.store.KilnStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuidedDemoTest {

    @TempDir
    Path dir;

    @Test
    void theSevenGlasswareStepsTellTheSeedStoryAndRevealTheChangePoints() {
        try (KilnStore store = KilnStore.open(dir.resolve("demo.duckdb"))) {
            MonitorService monitor = new MonitorService(store, MonitorService.newestReadingClock(store));
            GuidedDemo demo = new GuidedDemo(store, monitor);
            List<String> said = new ArrayList<>();
            while (demo.nextStep() < GuidedDemo.FLEET_CHAPTER) { // the fleet chapter has its own test (FleetChapterTest)
                said.add(GuidedDemo.STEPS.get(demo.nextStep()).title() + ": " + demo.runNext(ProgressSink.NONE));
            }
            assertThat(said).hasSize(7);
            assertThat(said.get(0)).contains("products made");
            long best = demo.bestRun().orElseThrow().runId();
            assertThat(said.get(1)).contains("best: run #" + best + " ");
            assertThat(said.get(2)).contains("glassware v1 (run #" + best + ") is in production from 2019-07-11");
            assertThat(said.get(4)).startsWith("Drift: Alert #");
            assertThat(said.get(5)).contains("v2 promoted");
            assertThat(said.get(6)).contains("counterfactual").contains("Change points revealed");

            ModelRegistry registry = new ModelRegistry(store, Instant::now);
            assertThat(registry.productionTimeline("glassware")).hasSizeGreaterThanOrEqualTo(3);
            List<KpiPoint> days = monitor.kpis("glassware", KpiGranularity.DAY, KpiPoint.PRODUCTION).stream()
                    .filter(k -> k.accuracy() != null && k.labelled() >= 100).toList();
            assertThat(days.get(days.size() - 1).accuracy()).isGreaterThanOrEqualTo(0.8);
            // Products 3401 and 6501 start the new regimes: nominally 17:07 and 20:37, plus up to 450 s of jitter.
            List<Instant> changes = monitor.markers("glassware").stream().filter(m -> TimelineMarker.CHANGE.equals(m.kind()))
                    .map(TimelineMarker::at).toList();
            assertThat(changes).hasSize(2);
            assertThat(changes.get(0)).isBetween(Instant.parse("2019-07-18T17:07:00Z"), Instant.parse("2019-07-18T17:14:30Z"));
            assertThat(changes.get(1)).isBetween(Instant.parse("2019-08-03T20:37:00Z"), Instant.parse("2019-08-03T20:44:30Z"));
            assertThat(GuidedDemo.STEPS.get(GuidedDemo.FLEET_CHAPTER).title()).isEqualTo("A fleet");
            assertThatThrownBy(() -> demo.runStep(GuidedDemo.FLEET_CHAPTER + 1, ProgressSink.NONE, SweepListener.NONE))
                    .hasMessageContaining("comes after step " + (GuidedDemo.FLEET_CHAPTER + 1));
            // A step asked for again (a presenter pressed it twice) answers with what it said, and runs nothing.
            assertThat(demo.runStep(4, ProgressSink.NONE, SweepListener.NONE)).isEqualTo(said.get(4).substring("Drift: ".length()));
        }
    }
}
