package kiln.ui.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import kiln.app.FleetPort;
import kiln.domain.AlertState;
import kiln.domain.KpiBand;
import kiln.domain.KpiPoint;
import kiln.domain.TimelineMarker;
import kiln.domain.fleet.FleetResults.Band;
import kiln.domain.fleet.FleetResults.FeatureDistribution;
import kiln.domain.fleet.FleetResults.FleetGroup;
import kiln.domain.fleet.FleetResults.FleetIncident;
import kiln.domain.fleet.FleetResults.GroupDetail;
import kiln.domain.fleet.FleetResults.GroupFeatures;
import kiln.domain.fleet.FleetResults.GroupWindow;
import kiln.domain.fleet.FleetResults.ServingMember;
import kiln.store.KilnStore;
import kiln.store.fleet.GroupFeatureQueries;
import kiln.ui.common.ImmediateTaskRunner;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Fleet view-model without a screen: what it reads, how it filters and orders, and how it coalesces loads. */
class FleetViewModelTest {

    @TempDir
    Path dir;
    KilnStore store;
    FleetViewModel model;

    @AfterEach
    void close() {
        if (model != null) {
            model.dispose();
        }
        if (store != null) {
            store.close();
        }
    }

    private FleetViewModel loaded(int groups, int days) throws Exception {
        store = KilnStore.open(dir.resolve("fleet.duckdb"));
        FleetTestData.fill(store, groups, days);
        model = new FleetViewModel(new FleetPort(store), new ImmediateTaskRunner());
        model.start();
        return model;
    }

    private static List<String> keys(List<FleetGroup> groups) {
        return groups.stream().map(FleetGroup::groupKey).toList();
    }

    @Test
    void readsTheFleetWorstFirst() throws Exception {
        loaded(200, 14);
        assertThat(model.modelProperty().get().name()).isEqualTo(FleetTestData.MODEL);
        assertThat(model.modelProperty().get().groupColumn()).isEqualTo(FleetTestData.GROUP_COLUMN);
        assertThat(model.groupNoun()).isEqualTo(FleetTestData.GROUP_COLUMN);
        assertThat(model.granularityProperty().get()).isEqualTo("day");
        assertThat(model.emptyMessageProperty().get()).isEmpty();
        assertThat(model.allGroups()).hasSize(200);
        // the four dropping groups (g mod 50 = 7) come first, lowest accuracy first
        List<FleetGroup> shown = model.shownGroups();
        assertThat(keys(shown.subList(0, 4))).containsExactlyInAnyOrder("7", "57", "107", "157");
        for (int i = 1; i < shown.size(); i++) {
            Double before = shown.get(i - 1).latestAccuracy();
            Double after = shown.get(i).latestAccuracy();
            assertThat(before == null ? after == null : after == null || before <= after).as("worst first at %d", i).isTrue();
        }
        FleetGroup seven = group("7");
        assertThat(seven.latestAccuracy()).isCloseTo(FleetTestData.normalAccuracy(7) - 0.25, Offset.offset(0.01));
        assertThat(seven.openAlerts()).isEqualTo(1);
        assertThat(seven.windows()).isEqualTo(14);
        // its baseline (the 7 windows before the newest) already holds 3 dropped days: 25 points × 4/7
        assertThat(seven.dropPoints()).isCloseTo(25 * 4 / 7.0, Offset.offset(1.5));
        // members: its own, or the pooled one for g mod 5 = 0
        assertThat(group("6").productionMember()).isEqualTo("v8");
        assertThat(group("5").productionMember()).isEqualTo("pooled v1");
        // no labels in the newest window for g mod 4 = 0: their newest labelled window is the one before
        assertThat(group("4").latestWindow()).isEqualTo(FleetTestData.START.plusSeconds(12 * 86_400L));
        assertThat(model.heatmapProperty().get().windowStarts()).hasSize(14);
        assertThat(model.heatmapProperty().get().accuracy().get("4")[13]).isNaN();
        assertThat(model.heatmapProperty().get().labelled().get("4")[13]).isZero();
    }

    @Test
    void filtersWithoutQueryingAgainAndOrdersByTheChosenColumn() throws Exception {
        loaded(200, 14);
        List<FleetGroup> before = List.copyOf(model.allGroups());
        model.searchProperty().set("57");
        assertThat(keys(model.shownGroups())).containsExactlyInAnyOrder("57", "157");
        model.searchProperty().set(" ");
        assertThat(model.shownGroups()).hasSize(200);
        model.onlyWithAlertsProperty().set(true);
        // groups 1 and 2 had alerts too, resolved ones: not open
        assertThat(keys(model.shownGroups())).containsExactlyInAnyOrder("7", "57", "107", "157");
        model.onlyWithAlertsProperty().set(false);
        // the list was filtered in memory: the same group objects, not a new read
        assertThat(model.allGroups()).containsExactlyElementsOf(before);

        model.orderProperty().set(FleetOrder.BIGGEST_DROP_FIRST);
        assertThat(keys(model.shownGroups().subList(0, 4))).containsExactlyInAnyOrder("7", "57", "107", "157");
        model.orderProperty().set(FleetOrder.MOST_ALERTS_FIRST);
        assertThat(model.shownGroups().get(0).openAlerts()).isEqualTo(1);
        model.orderProperty().set(Comparator.comparing(FleetGroup::groupKey, FleetOrder.KEYS));
        assertThat(keys(model.shownGroups().subList(0, 12))).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
    }

    @Test
    void keysSortAsPeopleCount() {
        List<String> keys = new ArrayList<>(List.of("10", "b", "2", "007", "a", "1"));
        keys.sort(FleetOrder.KEYS);
        assertThat(keys).containsExactly("1", "2", "007", "10", "a", "b");
    }

    @Test
    void incidentsExpandToTheirMembersAndAMemberOpensItsGroup() throws Exception {
        loaded(200, 14);
        List<FleetIncident> incidents = model.incidents();
        assertThat(incidents).hasSize(2);
        FleetIncident storm = incidents.get(0);
        assertThat(storm.state()).isEqualTo(AlertState.FIRING);
        assertThat(storm.members()).isEqualTo(4);
        assertThat(storm.shownMembers()).extracting(m -> m.groupKey()).containsExactlyInAnyOrder("7", "57", "107", "157");
        assertThat(incidents.get(1).state()).isEqualTo(AlertState.RESOLVED);

        model.searchProperty().set("3"); // hides 57
        assertThat(model.selectGroup("57")).isTrue();
        assertThat(model.searchProperty().get()).as("a filter hiding the chosen group is cleared").isEmpty();
        assertThat(model.selectedGroupProperty().get().groupKey()).isEqualTo("57");
        var detail = model.detailProperty().get();
        assertThat(detail.groupKey()).isEqualTo("57");
        assertThat(detail.windows()).hasSize(14);
        assertThat(detail.windows().get(0).baselineAccuracy()).as("no earlier windows on the first day").isNull();
        assertThat(detail.windows().get(13).baselineAccuracy()).isNotNull();
        assertThat(detail.alerts()).singleElement().satisfies(a -> assertThat(a.rule()).isEqualTo("fleet-drop"));
        assertThat(detail.band().lower()).isEqualTo(0.85);
        assertThat(model.selectGroup("no-such-group")).isFalse();
    }

    @Test
    void aGroupOpensAsTheMonitorShowsAModel() throws Exception {
        loaded(200, 14);
        assertThat(model.selectGroup("57")).isTrue(); // its speed changed unit on the drop day; its member was rolled back
        GroupDetail detail = model.detailProperty().get();
        // back in production since its rollback
        assertThat(detail.serving()).isEqualTo(new ServingMember("57", 59, FleetTestData.START.plusSeconds(86_400L * FleetTestData.ROLLBACK_DAY),
                true));
        assertThat(detail.band()).isEqualTo(new Band(0.85, 1.0, 0.03));
        // the Monitor's accuracy chart's inputs: every window with its Wilson interval, the baseline as the comparison line
        List<KpiPoint> accuracy = GroupSeries.accuracy(detail);
        assertThat(accuracy).hasSize(14).allSatisfy(p -> assertThat(p.accuracyLow()).isLessThan(p.accuracy()));
        assertThat(accuracy.get(13).accuracy()).isCloseTo(FleetTestData.normalAccuracy(57) - 0.25, Offset.offset(0.01));
        assertThat(GroupSeries.baseline(detail).get(GroupSeries.BASELINE)).hasSize(13);
        KpiBand band = GroupSeries.band(FleetTestData.MODEL, detail.band());
        assertThat(band.lower()).isEqualTo(0.85);
        assertThat(band.warnMargin()).isEqualTo(0.03);
        // markers: its promotion, its rollback and its alert, in time order
        List<TimelineMarker> markers = GroupSeries.markers(detail);
        assertThat(markers).extracting(TimelineMarker::kind).containsExactly(TimelineMarker.PROMOTION, TimelineMarker.ALERT,
                TimelineMarker.PROMOTION);
        assertThat(markers.get(2).label()).startsWith("v59 back in production (rollback from v100057)");
        assertThat(markers.get(1).at()).isEqualTo(FleetTestData.START.plusSeconds(86_400L * FleetTestData.DROP_DAY));
        assertThat(FleetTexts.serving("line_id", detail.serving())).isEqualTo("Served by its own member v59 since 2024-03-13 00:00 UTC.");
        assertThat(FleetTexts.alert(detail.alerts().get(0))).startsWith("fleet-drop · warning · firing since 03-12 00:00");

        // features: the newest day against the member's training window (the first week), the unit change shifted far out
        GroupFeatures features = model.featuresProperty().get();
        assertThat(features.groupKey()).isEqualTo("57");
        assertThat(features.reference()).isEqualTo("training window of v59");
        assertThat(features.referenceRows()).isEqualTo(7L * FleetTestData.READINGS_PER_DAY);
        assertThat(features.recentRows()).isEqualTo(FleetTestData.READINGS_PER_DAY);
        FeatureDistribution speed = features.features().get(0);
        assertThat(speed.name()).isEqualTo("speed");
        assertThat(speed.referenceMean()).isCloseTo(100 + 57 % 30, Offset.offset(1.0));
        assertThat(speed.recentMean()).isCloseTo((100 + 57 % 30) * 1.8 + 32, Offset.offset(2.0));
        assertThat(speed.shift()).isGreaterThan(FleetTexts.SHIFTED_SD);
        assertThat(FleetTexts.featureState(speed)).startsWith("shifted +");
        assertThat(speed.reference().counts()).hasSize(GroupFeatureQueries.BINS);
        assertThat(Arrays.stream(speed.reference().counts()).sum()).isEqualTo(7L * FleetTestData.READINGS_PER_DAY);
        assertThat(Arrays.stream(speed.recent().counts()).sum()).isEqualTo(FleetTestData.READINGS_PER_DAY);
        // the two windows' bars lie apart: no bin holds both
        for (int b = 0; b < GroupFeatureQueries.BINS; b++) {
            assertThat(speed.reference().counts()[b] > 0 && speed.recent().counts()[b] > 0).as("bin %d", b).isFalse();
        }
        assertThat(FleetTexts.featureGap(features, speed)).isNull();

        // a group served by the pooled member: the pooled one's training window is its reference
        model.selectGroup("10");
        assertThat(model.detailProperty().get().serving().pooled()).isTrue();
        assertThat(FleetTexts.serving("line_id", model.detailProperty().get().serving())).contains("pooled member v1");
        assertThat(model.featuresProperty().get().reference()).isEqualTo("training window of the pooled member v1");
        FeatureDistribution steady = model.featuresProperty().get().features().get(0);
        assertThat(Math.abs(steady.shift())).isLessThan(FleetTexts.SHIFTED_SD);
        assertThat(model.detailProperty().get().alerts()).isEmpty();
    }

    @Test
    void aDeadSensorAndADeadProbeSayWhyTheirChartsAreEmpty() throws Exception {
        loaded(200, 14);
        model.selectGroup("3"); // stopped reporting on the drop day
        GroupDetail detail = model.detailProperty().get();
        assertThat(detail.windows()).hasSize(FleetTestData.DROP_DAY);
        assertThat(FleetTexts.accuracyGap("line_id", "3", detail, model.newestWindow())).startsWith("No predictions after the window from "
                + "2024-03-10 00:00 UTC").contains("stopped sending readings");
        GroupFeatures dead = model.featuresProperty().get();
        assertThat(dead.recentRows()).isZero();
        assertThat(dead.lastReading()).isEqualTo(FleetTestData.START.plusSeconds(86_400L * FleetTestData.DROP_DAY - 6 * 3600));
        FeatureDistribution speed = dead.features().get(0);
        assertThat(FleetTexts.featureState(speed)).isEqualTo("no readings in the newest day");
        assertThat(FleetTexts.featureGap(dead, speed)).startsWith("No readings from line_id 3 in the newest day").contains("A dead sensor?")
                .contains("2024-03-10 18:00 UTC");

        model.selectGroup("5"); // reports, but without a speed
        GroupFeatures probe = model.featuresProperty().get();
        FeatureDistribution missing = probe.features().get(0);
        assertThat(missing.recentAllMissing()).isTrue();
        assertThat(GroupSeries.mostChanged(probe.features())).isSameAs(missing);
        assertThat(FleetTexts.featureState(missing)).isEqualTo("every newest reading missing");
        assertThat(FleetTexts.featureGap(probe, missing)).isEqualTo("All 4 readings of speed from line_id 5 in the newest day are missing "
                + "(NULL): the probe reports nothing.");

        // no labels yet anywhere: the chart says so instead of showing empty axes
        GroupDetail unlabelled = new GroupDetail("4", List.of(new GroupWindow(FleetTestData.START, FleetTestData.START.plusSeconds(86_400),
                120, 0, null, null, "4", 6)), List.of(), Band.NONE, List.of(), null);
        assertThat(GroupSeries.anyLabelled(unlabelled)).isFalse();
        assertThat(FleetTexts.accuracyGap("line_id", "4", unlabelled, FleetTestData.START)).isEqualTo("No labels yet for line_id 4: its 120 "
                + "predictions since 2024-03-01 00:00 UTC wait for their labels; accuracy appears once they arrive.");
        assertThat(GroupSeries.band("m", Band.NONE)).isEqualTo(KpiBand.defaultAccuracy("m"));
        assertThat(FleetTexts.serving("line_id", null)).startsWith("No production member serves this line_id");
    }

    @Test
    void anEmptyDatabaseExplainsWhatAFleetIsAndHowToGetOne() throws Exception {
        store = KilnStore.open(dir.resolve("empty.duckdb"));
        model = new FleetViewModel(new FleetPort(store), new ImmediateTaskRunner());
        model.start();
        assertThat(model.models()).isEmpty();
        String text = model.emptyMessageProperty().get();
        // the headline; the page under it explains fleets and names the commands (FleetViewFxTest looks at it)
        // a new database holds the built-in demo data set, which has a group column: the headline points to it
        assertThat(text).startsWith("No fleet in this database yet.").contains("Data sets with a group column: ");
        assertThat(model.allGroups()).isEmpty();
    }

    @Test
    void detailRequestsInQuickSuccessionAreCoalesced() throws Exception {
        store = KilnStore.open(dir.resolve("fleet.duckdb"));
        FleetTestData.fill(store, 60, 14);
        QueuedTaskRunner runner = new QueuedTaskRunner();
        model = new FleetViewModel(new FleetPort(store), runner);
        model.start();
        runner.runAll();
        assertThat(model.allGroups()).hasSize(60);
        int fleetLoads = model.loadsStarted();
        // a user clicking through ten groups while the database is slow
        for (int g = 0; g < 10; g++) {
            model.selectGroup(String.valueOf(g));
        }
        assertThat(runner.pending()).as("one read of its accuracy and one of its features run, the newest request waits").isEqualTo(2);
        runner.runAll();
        assertThat(model.detailLoadsStarted()).as("the first request and the newest; the eight between are dropped").isEqualTo(2);
        assertThat(model.featureLoadsStarted()).isEqualTo(2);
        assertThat(model.detailProperty().get().groupKey()).isEqualTo("9");
        assertThat(model.featuresProperty().get().groupKey()).isEqualTo("9");
        // switching window size three times while the first read runs reads twice, and shows the last choice
        model.granularityProperty().set("hour");
        model.granularityProperty().set("day");
        model.granularityProperty().set("day");
        runner.runAll();
        assertThat(model.loadsStarted() - fleetLoads).isEqualTo(2);
        assertThat(model.granularityProperty().get()).isEqualTo("day");
    }

    @Test
    void coalescedLoaderDropsAnAnswerThatANewerRequestMadeStale() {
        QueuedTaskRunner runner = new QueuedTaskRunner();
        List<Integer> applied = new ArrayList<>();
        CoalescedLoader<Integer, Integer> loader = new CoalescedLoader<>(runner, null, (k, sink) -> k * 10, applied::add, e -> {});
        loader.request(1);
        loader.request(2);
        loader.request(3);
        assertThat(loader.started()).isEqualTo(1);
        runner.runNext();
        assertThat(applied).as("1's answer is stale: 3 is wanted now").isEmpty();
        assertThat(loader.started()).isEqualTo(2);
        runner.runNext();
        assertThat(applied).containsExactly(30);
        assertThat(loader.isBusy()).isFalse();
    }

    @Test
    void filteringTenThousandGroupsIsFast() throws Exception {
        loaded(10_000, 14);
        assertThat(model.shownGroups()).hasSize(10_000);
        long[] nanos = new long[9];
        String[] searches = {"7", "", "12", "", "999", "", "4", "", "1"};
        for (int i = 0; i < searches.length; i++) {
            long t0 = System.nanoTime();
            model.searchProperty().set(searches[i]);
            model.shownGroups().size();
            nanos[i] = System.nanoTime() - t0;
        }
        model.searchProperty().set("999");
        assertThat(keys(model.shownGroups())).allMatch(k -> k.contains("999"))
                .hasSize((int) IntStream.range(0, 10_000).filter(g -> String.valueOf(g).contains("999")).count());
        long median = Arrays.stream(nanos).sorted().toArray()[nanos.length / 2];
        System.out.printf("fleet list filter (view-model, 10,000 groups): median %.1f ms, max %.1f ms%n", median / 1e6,
                Arrays.stream(nanos).max().orElse(0) / 1e6);
        assertThat(median / 1e6).as("generous guard, the target is 100 ms").isLessThan(1000);
    }

    private FleetGroup group(String key) {
        return model.allGroups().stream().filter(g -> g.groupKey().equals(key)).findFirst().orElseThrow();
    }
}
