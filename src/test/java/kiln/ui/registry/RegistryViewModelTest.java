package kiln.ui.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import kiln.app.RegistryPort;
import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.domain.Run;
import kiln.registry.ModelRegistry;
import kiln.scoring.ScoringFixture;
import kiln.store.KilnStore;
import kiln.ui.common.ImmediateTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryViewModelTest {

    @TempDir
    Path dir;
    KilnStore store;
    ModelRegistry registry;
    RegistryViewModel model;
    final AtomicReference<Instant> clock = new AtomicReference<>(Instant.parse("2019-07-05T00:00:00Z"));

    @BeforeEach
    void open() throws Exception {
        store = KilnStore.open(dir.resolve("vm.duckdb"));
        registry = new ModelRegistry(store, clock::get);
        ScoringFixture.trainTwoRuns(store);
        model = new RegistryViewModel(new RegistryPort(store, registry), new ImmediateTaskRunner(), "ann");
        model.start();
    }

    @AfterEach
    void close() {
        model.dispose();
        store.close();
    }

    @Test
    void finishedRunsComeBestFirstAndRegisteringShowsTheVersionWithLineage() {
        assertThat(model.models()).isEmpty();
        assertThat(model.finishedRuns()).hasSize(2);
        Run best = model.finishedRuns().get(0);
        assertThat(best.metric("accuracy")).isGreaterThanOrEqualTo(model.finishedRuns().get(1).metric("accuracy"));

        model.register(best, "best of the sweep");
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.models()).containsExactly("glassware");
        assertThat(model.modelProperty().get()).isEqualTo("glassware");
        assertThat(model.versions()).hasSize(1);
        VersionRow row = model.selectedProperty().get();
        assertThat(row.version().version()).isEqualTo(1);
        assertThat(row.trainer()).isEqualTo("cart");
        assertThat(row.lineage()).contains("run " + best.runId()).contains("window 2019-07-01 .. 2019-07-05")
                .contains("fingerprint " + best.fingerprint()).contains("accuracy").contains("best of the sweep");
        assertThat(model.events()).extracting(ModelEvent::action).containsExactly("register");
        assertThat(model.finishedRuns()).as("runs still offered for registration").extracting(Run::runId)
                .doesNotContain(best.runId()).hasSize(1);
    }

    @Test
    void promotionAsksForConfirmationShowsTheGateAndRecordsTheNote() {
        model.register(model.finishedRuns().get(1), null);
        model.register(model.finishedRuns().get(0), null);
        VersionRow v1 = model.versions().stream().filter(r -> r.version().version() == 1).findFirst().orElseThrow();
        model.requestPromotion(v1);
        assertThat(model.pendingPromotionProperty().get().describe()).contains("v1").contains("No promotion gate");
        assertThat(registry.production(null)).isEmpty(); // nothing happens before the confirmation
        model.confirmPromotion("first model");
        assertThat(registry.production(null)).map(ModelVersion::version).contains(1);
        assertThat(model.timelineProperty().get()).hasSize(1);

        registry.setGate(null, "accuracy", 0.5);
        model.refresh();
        assertThat(model.gateTextProperty().get()).contains("0.5").contains("accuracy");
        clock.set(clock.get().plusSeconds(86_400));
        VersionRow v2 = model.versions().stream().filter(r -> r.version().version() == 2).findFirst().orElseThrow();
        model.requestPromotion(v2);
        PendingPromotion pending = model.pendingPromotionProperty().get();
        assertThat(pending.gateFailed()).isTrue();
        assertThat(pending.describe()).contains("Gate failed: accuracy v2").contains("forces it past the gate");
        model.cancelPromotion();
        assertThat(model.pendingPromotionProperty().get()).isNull();
        assertThat(registry.production(null)).map(ModelVersion::version).contains(1);

        model.requestPromotion(v2);
        model.confirmPromotion("retrained");
        assertThat(registry.production(null)).map(ModelVersion::version).contains(2);
        assertThat(model.timelineProperty().get()).extracting(p -> p.version()).containsExactly(1, 2);
        assertThat(model.events()).extracting(ModelEvent::action)
                .containsExactly("register", "register", "promote", "gate", "demote", "promote");
        assertThat(model.events().get(model.events().size() - 1).note()).startsWith("retrained [forced past the gate");
    }

    @Test
    void demoteArchiveExportAndImportRoundTrip() throws Exception {
        model.register(model.finishedRuns().get(0), null);
        VersionRow v1 = model.selectedProperty().get();
        model.makeChallenger(v1, "shadow it");
        assertThat(model.selectedProperty().get().alias()).isEqualTo("challenger");
        model.demote(model.selectedProperty().get(), "enough");
        assertThat(model.selectedProperty().get().alias()).isEmpty();
        Path file = dir.resolve("v1.kiln-model");
        model.exportVersion(model.selectedProperty().get(), file);
        assertThat(file).exists();
        model.archive(model.selectedProperty().get(), "old");
        assertThat(model.selectedProperty().get().alias()).isEqualTo("archived");

        model.importFile(file);
        assertThat(model.versions()).hasSize(2);
        assertThat(model.statusProperty().get()).contains("Imported v1.kiln-model as glassware v2");

        Files.write(file, new byte[] {1, 2, 3});
        model.importFile(file);
        assertThat(model.errorProperty().get()).startsWith("Importing failed: ");
        assertThat(model.versions()).hasSize(2);
    }

    @Test
    void promotingFromAPastTimeScoresTheReadingsFromThenOnAtOnce() throws Exception {
        // "now" after every reading, as the wall clock is for recorded data
        clock.set(Instant.parse("2019-08-30T00:00:00Z"));
        model.register(model.finishedRuns().get(0), null);
        model.requestPromotion(model.selectedProperty().get());
        PromotionConfirmation confirmation = model.confirmation();
        assertThat(confirmation.effectiveFromTextProperty().get()).isEqualTo("2019-08-30 00:00");

        Instant from = ScoringFixture.instant(ScoringFixture.START.plusDays(10));
        confirmation.effectiveFromTextProperty().set(EffectiveTime.format(from));
        model.confirmPromotion("from the day after the test window");

        String since = "TIMESTAMP '" + ScoringFixture.START.plusDays(10).toString().replace('T', ' ') + "'";
        long expected = ScoringFixture.count(store, "SELECT count(*) FROM sensor_reading WHERE process_time >= " + since);
        assertThat(expected).isPositive();
        assertThat(ScoringFixture.count(store, "SELECT count(*) FROM predicted_quality")).isEqualTo(expected);
        assertThat(ScoringFixture.count(store, "SELECT count(*) FROM predicted_quality p JOIN sensor_reading r ON r.pid = p.pid "
                + "WHERE r.process_time < " + since)).isZero();
        assertThat(model.timelineProperty().get()).singleElement().satisfies(p -> assertThat(p.start()).isEqualTo(from));
        assertThat(model.statusProperty().get()).contains("from 2019-07-11 00:00 UTC")
                .contains(String.format(Locale.ROOT, "scored %,d readings from then on", expected));
        assertThat(model.lanesProperty().get().lanes()).extracting(VersionLanes.Lane::label).containsExactly("v1");
    }

    @Test
    void promotingFromNowAfterTheNewestReadingSaysThatNothingWasScored() throws Exception {
        clock.set(Instant.parse("2019-08-30T00:00:00Z"));
        model.register(model.finishedRuns().get(0), null);
        model.requestPromotion(model.selectedProperty().get());
        assertThat(model.confirmation().hintProperty().get()).contains("No reading is that recent yet");
        model.confirmPromotion(null);

        assertThat(ScoringFixture.count(store, "SELECT count(*) FROM predicted_quality")).isZero();
        assertThat(model.statusProperty().get()).contains("no reading from then on was waiting to be scored");
    }

    @Test
    void aTimeThatIsNotValidPromotesNothing() {
        model.register(model.finishedRuns().get(0), null);
        model.requestPromotion(model.selectedProperty().get());
        model.confirmation().effectiveFromTextProperty().set("11/07/2019");
        assertThat(model.confirmation().problemProperty().get()).isNotEmpty();
        model.confirmPromotion("typed wrong");
        assertThat(registry.production(null)).isEmpty();
        assertThat(model.pendingPromotionProperty().get()).isNotNull();
    }
}
