package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import kiln.domain.Alert;
import kiln.domain.AlertKind;
import kiln.domain.AlertState;
import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;
import kiln.ui.common.ImmediateTaskRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MonitorViewModelTest {

    FakeMonitorQueries queries;
    final ManualTicker ticker = new ManualTicker();
    MonitorViewModel model;
    AlertListModel alerts;

    @BeforeEach
    void start() {
        queries = new FakeMonitorQueries();
        model = new MonitorViewModel(queries, new ImmediateTaskRunner(), Runnable::run, ticker);
        alerts = model.alertList();
        model.start();
    }

    @Test
    void loadsTheFirstModelByDay() {
        assertThat(model.modelProperty().get()).isEqualTo(FakeMonitorQueries.MODEL);
        MonitorSnapshot s = model.snapshotProperty().get();
        assertThat(s.production()).hasSize(FakeMonitorQueries.DAYS);
        assertThat(s.production().get(0).accuracy()).isGreaterThan(0.9);
        assertThat(s.production().get(FakeMonitorQueries.DAYS - 1).accuracy()).isNull();
        assertThat(s.markers()).hasSize(4);
        assertThat(model.availableSeries()).containsExactly(KpiPoint.counterfactual(1));
        assertThat(alerts.alerts()).extracting(Alert::alertId).containsExactly(1L, 2L); // open only by default
        // the detail points at the most drifted feature of the newest window
        assertThat(model.featureProperty().get()).isEqualTo("temp");
        assertThat(model.windowDetailProperty().get().current().counts()).isNotEqualTo(model.windowDetailProperty().get().reference().counts());
        assertThat(model.quality()).hasSize(2);
    }

    @Test
    void aCategoricalFeatureLoadsItsCategorySharesNotHistograms() {
        queries.withCategorical = true;
        model.reload();
        model.showDetail(FakeMonitorQueries.CATEGORICAL, new TimeRange(FakeMonitorQueries.day(20), FakeMonitorQueries.day(21)));
        WindowDetail d = model.windowDetailProperty().get();
        assertThat(d.feature()).isEqualTo(FakeMonitorQueries.CATEGORICAL);
        assertThat(d.unavailable()).isNull();
        assertThat(d.reference()).isNull();
        assertThat(d.categories().bars()).isEqualTo(FakeMonitorQueries.SUPPLIER_BARS);
        assertThat(d.predictions()).isNotNull();
        assertThat(queries.histogramFeatures).doesNotContain(FakeMonitorQueries.CATEGORICAL);
        assertThat(model.errorProperty().get()).isEmpty();
        // back on a numeric feature: its histograms, and no category read
        int categoryReads = queries.categoryCalls.get();
        model.showDetail("pressure", new TimeRange(FakeMonitorQueries.day(20), FakeMonitorQueries.day(21)));
        assertThat(model.windowDetailProperty().get().categories()).isNull();
        assertThat(model.windowDetailProperty().get().reference().counts()).hasSize(6);
        assertThat(queries.categoryCalls.get()).isEqualTo(categoryReads);
    }

    @Test
    void aFeatureWhoseDistributionCannotBeDrawnSaysWhyInASentence() {
        queries.withCategorical = true;
        queries.noCategoryReference = true;
        model.reload();
        TimeRange window = new TimeRange(FakeMonitorQueries.day(2), FakeMonitorQueries.day(3));
        model.showDetail(FakeMonitorQueries.CATEGORICAL, window);
        WindowDetail d = model.windowDetailProperty().get();
        assertThat(d.categories()).isNull();
        assertThat(d.unavailable()).startsWith("The categories of supplier have no reference to compare with yet");
        assertThat(model.errorProperty().get()).isEmpty();
        // a feature the catalogue does not list as categorical and with no stored histograms (the store answers none)
        queries.withCategorical = false;
        model.showDetail(FakeMonitorQueries.CATEGORICAL, new TimeRange(FakeMonitorQueries.day(3), FakeMonitorQueries.day(4)));
        assertThat(model.windowDetailProperty().get().unavailable())
                .isEqualTo("No reference distribution of supplier is stored for the window from 2019-07-04 00:00 UTC (its drift has not"
                        + " been computed against a reference), so there is nothing to compare.");
        assertThat(model.errorProperty().get()).isEmpty();
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
        assertThat(alerts.alerts()).isEmpty();
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
        Alert kpi = alerts.alerts().get(0);
        alerts.selectedProperty().set(kpi);
        assertThat(alerts.focusWindowProperty().get()).isEqualTo(new TimeRange(kpi.windowStart(), kpi.windowEnd()));
        assertThat(alerts.detailsProperty().get()).contains("v1").contains("data window 2019-07-19 00:00");
        alerts.acknowledge(kpi, "looking into the furnace");
        Alert now = alerts.selectedProperty().get();
        assertThat(now.state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(alerts.detailsProperty().get()).contains("note: looking into the furnace");
        alerts.silence(now, Instant.parse("2019-08-01T00:00:00Z"));
        assertThat(alerts.selectedProperty().get().silencedUntil()).isEqualTo(Instant.parse("2019-08-01T00:00:00Z"));
    }

    @Test
    void alertFiltersByStateAndKind() {
        model.openAlertsOnlyProperty().set(false);
        assertThat(alerts.alerts()).hasSize(3);
        alerts.kindProperty().set(AlertKind.DRIFT);
        assertThat(alerts.alerts()).extracting(Alert::kind).containsExactly(AlertKind.DRIFT);
        // a drift alert points the distribution views at its feature and window
        alerts.selectedProperty().set(alerts.alerts().get(0));
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
    void retrainGoesToTheHandlerForFiringAndAcknowledgedAlerts() {
        List<Alert> asked = new ArrayList<>();
        assertThat(alerts.canRetrainBinding().get()).isFalse();
        alerts.selectedProperty().set(alerts.alerts().get(0));
        assertThat(alerts.canRetrainBinding().get()).isFalse(); // no handler yet
        alerts.retrainHandlerProperty().set(asked::add);
        assertThat(alerts.canRetrainBinding().get()).isTrue();
        alerts.retrain();
        assertThat(asked).extracting(Alert::alertId).containsExactly(1L);
        // acknowledging says "seen", often so that a retrain can follow: Retrain stays available
        alerts.acknowledge(alerts.selectedProperty().get(), "ok");
        assertThat(alerts.selectedProperty().get().state()).isEqualTo(AlertState.ACKNOWLEDGED);
        assertThat(alerts.canRetrainBinding().get()).isTrue();
        assertThat(alerts.canAcknowledgeBinding().get()).isFalse();
        alerts.retrain();
        assertThat(asked).extracting(Alert::alertId).containsExactly(1L, 1L);
        // a resolved alert needs no retrain
        model.openAlertsOnlyProperty().set(false);
        alerts.selectedProperty().set(alerts.alerts().stream().filter(a -> AlertState.RESOLVED == a.state()).findFirst().orElseThrow());
        assertThat(alerts.canRetrainBinding().get()).isFalse();
        alerts.retrain();
        assertThat(asked).hasSize(2);
    }

    @Test
    void theFiringCountFollowsTheStoredAlerts() {
        assertThat(model.firingAlertCountProperty().get()).isEqualTo(2);
        alerts.kindProperty().set(AlertKind.QUALITY); // a filter changes what is listed, not what fires
        assertThat(model.firingAlertCountProperty().get()).isEqualTo(2);
        alerts.acknowledge(queries.alerts(FakeMonitorQueries.MODEL, true).get(0), "seen");
        assertThat(model.firingAlertCountProperty().get()).isEqualTo(1);
    }

    @Test
    void aFailedLoadSaysWhatDidNotWorkInASentence() {
        queries.failingGranularity = KpiGranularity.HOUR;
        model.granularityProperty().set(KpiGranularity.HOUR);
        String error = model.errorProperty().get();
        assertThat(error).startsWith("Loading the per-hour windows of " + FakeMonitorQueries.MODEL + " did not work")
                .contains("internal error (NullPointerException)").endsWith(FailureText.SEE_LOG);
        queries.failingGranularity = null;
        model.reload();
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.snapshotProperty().get().request().granularity()).isEqualTo(KpiGranularity.HOUR);
    }

    @Test
    void anEmptyMonitorSaysWhyItIsEmpty() {
        assertThat(model.emptyStateProperty().get().kind()).isEqualTo(MonitorEmptyState.Kind.NONE);

        FakeMonitorQueries none = new FakeMonitorQueries();
        none.hasModels = false;
        MonitorViewModel noModel = new MonitorViewModel(none, new ImmediateTaskRunner(), Runnable::run);
        noModel.start();
        assertThat(noModel.emptyStateProperty().get().kind()).isEqualTo(MonitorEmptyState.Kind.NO_MODEL);
        assertThat(noModel.emptyStateProperty().get().message()).contains("No production model yet").contains("Registry");

        FakeMonitorQueries unscored = new FakeMonitorQueries();
        unscored.days = 0;
        MonitorViewModel nothing = new MonitorViewModel(unscored, new ImmediateTaskRunner(), Runnable::run);
        nothing.start();
        assertThat(nothing.emptyStateProperty().get().kind()).isEqualTo(MonitorEmptyState.Kind.NOTHING_SCORED);
        assertThat(nothing.emptyStateProperty().get().message()).startsWith(FakeMonitorQueries.MODEL + " has scored nothing yet");

        FakeMonitorQueries unlabelled = new FakeMonitorQueries();
        unlabelled.unlabelledDays = FakeMonitorQueries.DAYS;
        MonitorViewModel noLabels = new MonitorViewModel(unlabelled, new ImmediateTaskRunner(), Runnable::run);
        noLabels.start();
        assertThat(noLabels.emptyStateProperty().get().kind()).isEqualTo(MonitorEmptyState.Kind.NO_LABELS);
        assertThat(noLabels.emptyStateProperty().get().chartEmpty()).isFalse(); // the estimate is still drawn
    }

    @Test
    void theHealthStripReadsTheSnapshot() {
        MonitorHealth health = model.healthProperty().get();
        assertThat(health.item("production").orElseThrow().text()).isEqualTo("v2 in production since 2019-07-22");
        MonitorHealth.Item last = health.item("last-window").orElseThrow();
        // day 27 is the newest labelled one (the last two wait for labels); v2 is about 95 % accurate
        KpiPoint day27 = model.snapshotProperty().get().production().get(FakeMonitorQueries.DAYS - 3);
        assertThat(last.text()).isEqualTo(String.format(Locale.ROOT, "Last labelled day %.1f %% · in band", day27.accuracy() * 100));
        assertThat(last.level()).isEqualTo(MonitorHealth.Level.OK);
        assertThat(health.item("firing").orElseThrow().text()).isEqualTo("2 firing alerts");
        assertThat(health.item("firing").orElseThrow().level()).isEqualTo(MonitorHealth.Level.BAD);
        assertThat(health.item("retrain").orElseThrow().text()).isEqualTo("Last retrain 9.0 days ago (v2)");
        assertThat(health.item("label-lag").orElseThrow().text()).isEqualTo("Labels lag 2.0 days");

        // before the promotion v1 fell below the band: its last labelled day reads as such
        queries.days = 21;
        queries.version.incrementAndGet();
        model.reload();
        MonitorHealth.Item fallen = model.healthProperty().get().item("last-window").orElseThrow();
        assertThat(fallen.level()).isEqualTo(MonitorHealth.Level.BAD);
        assertThat(fallen.text()).endsWith("· below band");
        assertThat(model.healthProperty().get().item("production").orElseThrow().text()).startsWith("v1 in production since 2019-07-01");
    }

    @Test
    void aSilenceEndIsCheckedAsTyped() {
        Instant fired = Instant.parse("2019-07-21T00:00:00Z");
        assertThat(SilenceEnd.check("2019-07-22 06:00", fired).until()).isEqualTo(Instant.parse("2019-07-22T06:00:00Z"));
        assertThat(SilenceEnd.check(" 2019-07-22 06:00 ", fired).valid()).isTrue();
        SilenceEnd unreadable = SilenceEnd.check("22.07.2019 6 Uhr", fired);
        assertThat(unreadable.valid()).isFalse();
        assertThat(unreadable.problem()).contains("yyyy-MM-dd HH:mm").contains("UTC").contains("2019-07-22 00:00");
        assertThat(SilenceEnd.check("2019-02-30 10:00", fired).valid()).isFalse(); // no such day
        assertThat(SilenceEnd.check("", fired).problem()).startsWith("Type when the silence ends");
        SilenceEnd early = SilenceEnd.check("2019-07-20 12:00", fired);
        assertThat(early.valid()).isFalse();
        assertThat(early.problem()).contains("after the alert fired (2019-07-21 00:00 UTC)");
    }

    @Test
    void livePollingAppliesNewDataAndStops() {
        assertThat(ticker.isTicking()).isFalse();
        model.setLive(true);
        assertThat(ticker.isTicking()).isTrue();
        ticker.tick(); // the first poll after going live reads once
        MonitorSnapshot before = model.snapshotProperty().get();
        int kpiReads = queries.kpiCalls.get();
        ticker.tick(); // nothing moved: nothing is read again
        assertThat(queries.kpiCalls.get()).isEqualTo(kpiReads);
        assertThat(model.snapshotProperty().get()).isSameAs(before);

        queries.addDay();
        ticker.tick();
        assertThat(model.snapshotProperty().get().production()).hasSize(FakeMonitorQueries.DAYS + 1);

        model.setLive(false);
        assertThat(model.isLive()).isFalse();
        assertThat(ticker.isTicking()).isFalse();
        queries.addDay();
        ticker.tickLate(); // a poll already under way when polling stopped changes nothing on screen
        assertThat(model.snapshotProperty().get().production()).hasSize(FakeMonitorQueries.DAYS + 1);
        // live again, the first poll shows the day that poll read but could not show
        model.setLive(true);
        ticker.tick();
        assertThat(model.snapshotProperty().get().production()).hasSize(FakeMonitorQueries.DAYS + 2);
        model.setLive(false);
        model.dispose();
        assertThat(model.subscriptionCount()).isZero();
    }

    @Test
    void theConfusionMatrixCountsTheWindowLookedAtAndIsReadOnlyWhileShown() {
        ConfusionModel confusion = model.confusion();
        assertThat(queries.confusionCalls.get()).isZero(); // the tab is not shown
        confusion.activeProperty().set(true);
        WindowConfusion all = confusion.confusionProperty().get();
        // nothing picked yet: every shown window, i.e. the 28 labelled days
        assertThat(all.selected()).isFalse();
        assertThat(all.window()).isEqualTo(new TimeRange(FakeMonitorQueries.START, FakeMonitorQueries.day(FakeMonitorQueries.DAYS)));
        assertThat(all.counts().classes()).containsExactly("defective", "good");
        assertThat(all.counts().total()).isEqualTo(28L * FakeMonitorQueries.PER_DAY);
        assertThat(all.explanation()).startsWith("Rows: what it was; columns: what the model said; 5,320 labelled predictions from "
                + "2019-07-01 00:00 to 2019-07-28 23:59 UTC (all shown windows)");

        // a heatmap cell picks its window
        TimeRange day18 = new TimeRange(FakeMonitorQueries.day(18), FakeMonitorQueries.day(19));
        model.showDetail("temp", day18);
        WindowConfusion picked = confusion.confusionProperty().get();
        assertThat(picked.selected()).isTrue();
        assertThat(picked.window()).isEqualTo(day18);
        assertThat(picked.counts().total()).isEqualTo(FakeMonitorQueries.PER_DAY);
        assertThat(picked.counts().count(0, 0)).isEqualTo(57); // 95 defective, 60 % right
        assertThat(picked.accuracyText()).isEqualTo("accuracy 60.0 % (114 / 190 right)");
        assertThat(picked.explanation()).endsWith("190 labelled predictions from 2019-07-19 00:00 to 2019-07-19 23:59 UTC "
                + "(the selected window 2019-07-19 00:00 – 2019-07-20 00:00 UTC).");

        // the same data and window are not read again; new data are
        int calls = queries.confusionCalls.get();
        model.reload();
        assertThat(queries.confusionCalls.get()).isEqualTo(calls);
        queries.addDay();
        model.reload();
        assertThat(queries.confusionCalls.get()).isEqualTo(calls + 1);

        // an alert picks its window; an unlabelled window says so; all windows again on request
        alerts.selectedProperty().set(alerts.alerts().get(0));
        assertThat(confusion.confusionProperty().get().window()).isEqualTo(
                new TimeRange(alerts.alerts().get(0).windowStart(), alerts.alerts().get(0).windowEnd()));
        model.showDetail("temp", new TimeRange(FakeMonitorQueries.day(30), FakeMonitorQueries.day(31)));
        assertThat(confusion.confusionProperty().get().explanation()).startsWith("No labelled predictions in the selected window");
        confusion.select(null);
        assertThat(confusion.confusionProperty().get().selected()).isFalse();

        // many classes: K×K with the data's names
        queries.classes = IntStream.range(0, 12).mapToObj(i -> "class-" + (char) ('a' + i)).toList();
        queries.addDay();
        model.reload();
        assertThat(confusion.confusionProperty().get().counts().size()).isEqualTo(12);
        assertThat(confusion.confusionProperty().get().counts().classes().get(11)).isEqualTo("class-l");

        // another model starts over, with no window picked
        model.modelProperty().set(FakeMonitorQueries.OTHER_MODEL);
        assertThat(confusion.confusionProperty().get().model()).isEqualTo(FakeMonitorQueries.OTHER_MODEL);
        assertThat(confusion.selectedWindow()).isNull();
        model.dispose();
        assertThat(confusion.subscriptionCount()).isZero();
    }
}
