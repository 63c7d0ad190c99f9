package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import kiln.domain.Alert;
import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;
import kiln.ui.common.ImmediateTaskRunner;

class MonitorViewModelTest {

    FakeMonitorQueries queries;
    MonitorViewModel model;

    @BeforeEach
    void start() {
        queries = new FakeMonitorQueries();
        model = new MonitorViewModel(queries, new ImmediateTaskRunner(), Runnable::run);
        model.start();
    }

    @Test
    void loadsTheFirstModelByDay() {
        assertThat(model.modelProperty().get()).isEqualTo(FakeMonitorQueries.MODEL);
        MonitorSnapshot s = model.snapshotProperty().get();
        assertThat(s.production()).hasSize(FakeMonitorQueries.DAYS);
        assertThat(s.production().get(0).accuracy()).isGreaterThan(0.9);
        assertThat(s.production().get(FakeMonitorQueries.DAYS - 1).accuracy()).isNull();
        assertThat(s.markers()).hasSize(3);
        assertThat(model.availableSeries()).containsExactly(KpiPoint.counterfactual(1));
        assertThat(model.alerts()).extracting(Alert::alertId).containsExactly(1L, 2L); // open only by default
        // the detail points at the most drifted feature of the newest window
        assertThat(model.featureProperty().get()).isEqualTo("temp");
        assertThat(model.windowDetailProperty().get().current().counts()).isNotEqualTo(model.windowDetailProperty().get().reference().counts());
        assertThat(model.quality()).hasSize(2);
    }

    @Test
    void aModelThatAppearsWhileLiveIsPickedUp() {
        FakeMonitorQueries empty = new FakeMonitorQueries();
        empty.hasModels = false;
        MonitorViewModel live = new MonitorViewModel(empty, new ImmediateTaskRunner(), Runnable::run);
        live.start();
        assertThat(live.modelProperty().get()).isNull();
        assertThat(live.loadIfChanged()).isNull();
        empty.hasModels = true;
        empty.addDay();
        live.loadIfChanged();
        assertThat(live.modelProperty().get()).isEqualTo(FakeMonitorQueries.MODEL);
        assertThat(live.snapshotProperty().get().production()).isNotEmpty();
        live.dispose();
    }

    @Test
    void switchingModelAndGranularityReloads() {
        model.granularityProperty().set(KpiGranularity.HOUR);
        assertThat(model.snapshotProperty().get().request().granularity()).isEqualTo(KpiGranularity.HOUR);
        assertThat(model.snapshotProperty().get().production()).hasSize(FakeMonitorQueries.DAYS * 24);
        model.modelProperty().set(FakeMonitorQueries.OTHER_MODEL);
        MonitorSnapshot s = model.snapshotProperty().get();
        assertThat(s.request().model()).isEqualTo(FakeMonitorQueries.OTHER_MODEL);
        assertThat(model.availableSeries()).isEmpty();
        assertThat(model.alerts()).isEmpty();
    }

    @Test
    void bandEditIsStoredAndShown() {
        model.setBand(0.85, 0.99);
        assertThat(queries.band(FakeMonitorQueries.MODEL, "accuracy").lower()).isEqualTo(0.85);
        assertThat(model.snapshotProperty().get().band().upper()).isEqualTo(0.99);
        model.setBand(0.9, 0.8);
        assertThat(model.errorProperty().get()).contains("not valid");
        assertThat(queries.band(FakeMonitorQueries.MODEL, "accuracy").lower()).isEqualTo(0.85);
    }

    @Test
    void acknowledgingAnAlertKeepsItSelectedWithItsNote() {
        Alert kpi = model.alerts().get(0);
        model.selectedAlertProperty().set(kpi);
        assertThat(model.focusWindowProperty().get()).isEqualTo(new TimeRange(kpi.windowStart(), kpi.windowEnd()));
        assertThat(model.alertDetailsProperty().get()).contains("v1").contains("data window 2019-07-19 00:00");
        model.acknowledge(kpi, "looking into the furnace");
        Alert now = model.selectedAlertProperty().get();
        assertThat(now.state()).isEqualTo(Alert.ACKNOWLEDGED);
        assertThat(model.alertDetailsProperty().get()).contains("note: looking into the furnace");
        model.silence(now, Instant.parse("2019-08-01T00:00:00Z"));
        assertThat(model.selectedAlertProperty().get().silencedUntil()).isEqualTo(Instant.parse("2019-08-01T00:00:00Z"));
    }

    @Test
    void alertFiltersByStateAndKind() {
        model.openAlertsOnlyProperty().set(false);
        assertThat(model.alerts()).hasSize(3);
        model.alertKindProperty().set(Alert.KIND_DRIFT);
        assertThat(model.alerts()).extracting(Alert::kind).containsExactly(Alert.KIND_DRIFT);
        // a drift alert points the distribution views at its feature and window
        model.selectedAlertProperty().set(model.alerts().get(0));
        assertThat(model.windowDetailProperty().get().window().from()).isEqualTo(FakeMonitorQueries.day(17));
    }

    @Test
    void counterfactualToggleLoadsAndDropsTheSeries() {
        String series = KpiPoint.counterfactual(1);
        model.setSeriesShown(series, true);
        assertThat(model.snapshotProperty().get().counterfactuals()).containsOnlyKeys(series);
        assertThat(model.snapshotProperty().get().counterfactuals().get(series).get(25).accuracy()).isLessThan(0.8);
        model.setSeriesShown(series, false);
        assertThat(model.snapshotProperty().get().counterfactuals()).isEmpty();
    }

    @Test
    void pollingReloadsOnlyWhenTheDataVersionMoved() {
        // the first user load recorded the version; polling without change loads nothing
        int calls = queries.kpiCalls.get();
        assertThat(model.loadIfChanged()).isNull();
        assertThat(model.loadIfChanged()).isNull();
        assertThat(queries.kpiCalls.get()).isEqualTo(calls);
        queries.addDay();
        MonitorSnapshot s = model.loadIfChanged();
        assertThat(s).isNotNull();
        assertThat(s.production()).hasSize(FakeMonitorQueries.DAYS + 1);
        model.applySnapshot(s);
        assertThat(model.snapshotProperty().get()).isSameAs(s);
        assertThat(model.loadIfChanged()).isNull();
    }

    @Test
    void aSnapshotForAnOlderChoiceIsDropped() {
        queries.addDay();
        MonitorSnapshot stale = model.loadIfChanged();
        model.granularityProperty().set(KpiGranularity.EVERY_500);
        MonitorSnapshot current = model.snapshotProperty().get();
        model.applySnapshot(stale);
        assertThat(model.snapshotProperty().get()).isSameAs(current);
    }

    @Test
    void retrainGoesToTheHandlerOnlyForFiringAlerts() {
        List<Alert> asked = new ArrayList<>();
        assertThat(model.canRetrainBinding().get()).isFalse();
        model.selectedAlertProperty().set(model.alerts().get(0));
        assertThat(model.canRetrainBinding().get()).isFalse(); // no handler yet
        model.retrainHandlerProperty().set(asked::add);
        assertThat(model.canRetrainBinding().get()).isTrue();
        model.retrain();
        assertThat(asked).extracting(Alert::alertId).containsExactly(1L);
        model.acknowledge(model.selectedAlertProperty().get(), "ok");
        assertThat(model.canRetrainBinding().get()).isFalse();
    }

    @Test
    void livePollingAppliesNewDataAndStops() throws Exception {
        model.setLive(true);
        queries.addDay();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (model.snapshotProperty().get().production().size() == FakeMonitorQueries.DAYS && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(model.snapshotProperty().get().production()).hasSize(FakeMonitorQueries.DAYS + 1);
        model.setLive(false);
        assertThat(model.isLive()).isFalse();
        int polls = queries.versionCalls.get();
        Thread.sleep(600);
        assertThat(queries.versionCalls.get()).isEqualTo(polls);
        model.dispose();
        assertThat(model.subscriptionCount()).isZero();
    }
}
