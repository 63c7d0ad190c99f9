package kiln.ui.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import kiln.app.RegistryPort;
import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.domain.Run;
import kiln.ml.tracking.RunRepository;
import kiln.registry.ModelFamilies;
import kiln.registry.ModelRegistry;
import kiln.scoring.ScoringFixture;
import kiln.store.KilnStore;
import kiln.ui.common.ImmediateTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Registry's view model with a model family: registration from a training, paging, a member's detail and the member actions. */
class RegistryFamilyViewModelTest {

    @TempDir
    Path dir;
    KilnStore store;
    ModelRegistry registry;
    RegistryViewModel model;
    FamilyMembers members;
    final AtomicReference<Instant> clock = new AtomicReference<>(Instant.parse("2024-05-02T00:00:00Z"));

    @BeforeEach
    void open() throws Exception {
        store = KilnStore.open(dir.resolve("family-vm.duckdb"));
        registry = new ModelRegistry(store, clock::get);
        ScoringFixture.trainTwoRuns(store);
        // 250 groups, every 50th with too few labelled rows for a member of its own
        FamilyFixture.training(store, "per-line training", 0, 250, 50, 0.85);
        model = new RegistryViewModel(new RegistryPort(store, registry), new ImmediateTaskRunner(), "ann");
        members = model.members();
        model.start();
    }

    @AfterEach
    void close() {
        model.dispose();
        store.close();
    }

    void later() {
        clock.set(clock.get().plusSeconds(3600));
    }

    void confirm(String note) {
        assertThat(model.pendingPromotionProperty().get()).isNotNull();
        model.confirmPromotion(note);
        assertThat(model.errorProperty().get()).isEmpty();
    }

    @Test
    void perGroupRunsAreNotOfferedAsVersionsAndAFamilyIsRegisteredFromItsTraining() {
        // the two plain runs and the training's pooled run (trained on every group); none of its 250 per-group runs
        assertThat(model.finishedRuns()).hasSize(3);
        assertThat(new RunRepository(store).groupKeys(model.finishedRuns().stream().map(Run::runId).toList())).isEmpty();
        FamilyRegistration form = model.familyRegistration();
        form.open();
        assertThat(form.trainings()).singleElement().satisfies(t -> {
            assertThat(t.groups()).isEqualTo(250);
            assertThat(t.dataset()).isEqualTo(FamilyFixture.DATASET);
        });
        assertThat(form.familyNameProperty().get()).isEqualTo(FamilyFixture.DATASET + "-family");
        form.minRowsProperty().set("lots");
        assertThat(form.problemProperty().get()).contains("whole number");
        form.minRowsProperty().set("200");
        form.familyNameProperty().set("line-model");
        model.registerFamily("first per-line training");

        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.statusProperty().get()).contains("Registered 246 members of line-model").contains("5 groups with fewer than 200");
        assertThat(form.openProperty().get()).isFalse();
        assertThat(model.modelProperty().get()).isEqualTo("line-model");
        assertThat(model.familySizesProperty().get()).containsEntry("line-model", 246L);
        // the versions area is the pooled member's, as the registry answers for a family
        assertThat(model.versions()).singleElement().satisfies(v -> assertThat(v.version().scope()).isEqualTo(ModelVersion.POOLED));
        assertThat(members.familyProperty().get()).isEqualTo("line-model");
        assertThat(registry.families().history("line-model", null)).allMatch(e -> "first per-line training".equals(e.note()));

        // a plain model beside it looks as before: no family mark, no members
        model.register(model.finishedRuns().get(0), null);
        assertThat(model.modelProperty().get()).isEqualTo("glassware");
        assertThat(model.familySizesProperty().get()).doesNotContainKey("glassware");
        assertThat(members.familyProperty().get()).isNull();
        assertThat(members.rows()).isEmpty();
    }

    @Test
    void membersComeAPageAtATimeAndSearchByGroup() {
        registerFamily();
        assertThat(members.rows()).hasSize(FamilyMembers.PAGE_SIZE);
        assertThat(members.totalProperty().get()).isEqualTo(246);
        assertThat(members.pageTextProperty().get()).isEqualTo("1–100 of 246");
        assertThat(members.rows().get(0).pooled()).isTrue();
        MemberRow first = members.rows().get(1);
        assertThat(first.group()).isEqualTo(FamilyFixture.group(1));
        assertThat(first.trainer()).isEqualTo("cart");
        assertThat(first.metric("accuracy")).isNotEmpty();
        assertThat(first.registered()).isEqualTo("2024-05-02 00:00");
        assertThat(first.promoted()).isEmpty();

        members.nextPage();
        members.nextPage();
        assertThat(members.pageTextProperty().get()).isEqualTo("201–246 of 246");
        assertThat(members.rows()).hasSize(46);
        int loads = members.pageLoads();
        members.nextPage(); // past the last page: nothing to load
        assertThat(members.pageLoads()).isEqualTo(loads);
        members.previousPage();
        assertThat(members.offset()).isEqualTo(100);

        members.searchProperty().set("line-012");
        assertThat(members.offset()).isZero();
        assertThat(members.rows()).extracting(MemberRow::group).hasSize(10).allMatch(g -> g.startsWith("line-012"));
        members.searchProperty().set("no such line");
        assertThat(members.rows()).isEmpty();
        assertThat(members.pageTextProperty().get()).isEqualTo("No member matches");
        members.searchProperty().set("");
        members.aliasFilterProperty().set(ModelVersion.PRODUCTION);
        assertThat(members.totalProperty().get()).isZero();

        assertThat(members.mostPageLoadsAtOnce()).isEqualTo(1);
        assertThat(members.rowsLoaded()).as("never more than a page per load").isLessThanOrEqualTo((long) members.pageLoads()
                * FamilyMembers.PAGE_SIZE);
    }

    @Test
    void aMemberShowsItsLineageHistoryAndLaneAndIsPromotedRolledBackAndPromotedWithItsFamily() throws Exception {
        registerFamily();
        later();
        model.requestFamilyPromotion();
        PendingPromotion family = model.pendingPromotionProperty().get();
        assertThat(family.action()).isEqualTo(PendingPromotion.Action.FAMILY);
        assertThat(family.describe()).contains("latest training of line-model, 246 members (v1..v246)");
        assertThat(registry.families().productionMembers("line-model")).isEmpty(); // nothing happens before the confirmation
        confirm("the fleet goes live");
        assertThat(registry.families().productionMembers("line-model")).hasSize(246);
        assertThat(model.statusProperty().get()).contains("Promoted 246 of line-model's latest 246 members");

        // a retraining of line 12 only, registered into the same family
        FamilyFixture.training(store, "line 12 again", 12, 1, 0, 0.95);
        later();
        model.familyRegistration().open();
        assertThat(model.familyRegistration().familyNameProperty().get()).isEqualTo("line-model");
        model.registerFamily("line 12 retrained");
        String line = FamilyFixture.group(12);
        members.searchProperty().set(line);
        assertThat(members.rows()).extracting(r -> r.label() + " " + r.alias()).containsExactly("v248 ", "v13 production");
        MemberRow retrained = members.rows().get(0);
        members.selectedProperty().set(retrained);
        assertThat(retrained.lineage()).contains("member for group " + line).contains("run " + retrained.member().runId())
                .contains("window 2024-04-01 .. 2024-05-01").contains("accuracy");
        assertThat(members.events()).extracting(ModelEvent::action).containsExactly("register", "promote", "register");
        assertThat(members.lanesProperty().get().lanes()).extracting(VersionLanes.Lane::label).contains("v248", "v13");

        later();
        model.requestMemberPromotion(retrained);
        PendingPromotion member = model.pendingPromotionProperty().get();
        assertThat(member.describe()).contains("v248, the member for group " + line).contains("replacing v13");
        confirm("better on line 12");
        assertThat(registry.families().productionMembers("line-model").get(line).version()).isEqualTo(248);
        assertThat(registry.families().productionMembers("line-model").get(FamilyFixture.group(13)).version()).isEqualTo(14);
        assertThat(members.selectedProperty().get().alias()).as("the chosen member shows its new alias").isEqualTo("production");
        assertThat(members.rows().get(0).promoted()).isEqualTo(EffectiveTime.format(clock.get()));

        later();
        model.requestRollback(members.selectedProperty().get());
        assertThat(model.pendingPromotionProperty().get().describe()).contains("Roll group " + line + " of line-model back from v248 to v13");
        confirm("248 misbehaves");
        assertThat(registry.families().productionMembers("line-model").get(line).version()).isEqualTo(13);
        assertThat(model.statusProperty().get()).contains("Rolled " + line + " back: line-model v13");
        ModelEvent last = members.events().get(members.events().size() - 1);
        assertThat(last.action() + " v" + last.version() + " by " + last.by() + ": " + last.note()).isEqualTo("promote v13 by ann: 248 misbehaves");
        assertThat(registry.families().productionTimelines("line-model", line).get(line)).extracting(ProductionPeriod::version)
                .containsExactly(13, 248, 13);
        // the other groups kept their members
        assertThat(registry.families().members("line-model", new ModelFamilies.MemberFilter(null, null, ModelVersion.PRODUCTION), 0, 0).total())
                .isEqualTo(246);
    }

    @Test
    void aRollbackWithNothingToGoBackToSaysSoBeforeAskingForConfirmation() {
        registerFamily();
        model.requestRollback(members.rows().get(3));
        assertThat(model.pendingPromotionProperty().get()).isNull();
        assertThat(model.errorProperty().get()).contains("no production member for " + FamilyFixture.group(3));
    }

    private void registerFamily() {
        model.familyRegistration().open();
        model.familyRegistration().familyNameProperty().set("line-model");
        model.registerFamily(null);
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(registry.isFamily("line-model")).isTrue();
    }
}
