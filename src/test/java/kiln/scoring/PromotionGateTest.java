package kiln.scoring;

import static kiln.scoring.ScoringFixture.START;
import static kiln.scoring.ScoringFixture.instant;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.registry.ModelRegistry;
import kiln.store.KilnStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromotionGateTest {

    @TempDir
    Path dir;
    KilnStore store;
    ModelRegistry registry;
    PromotionGate gate;
    final AtomicReference<Instant> clock = new AtomicReference<>(instant(START.plusDays(20)));

    @BeforeEach
    void open() throws Exception {
        store = KilnStore.open(dir.resolve("g.duckdb"));
        registry = new ModelRegistry(store, clock::get);
        long[] runs = ScoringFixture.trainTwoRuns(store);
        registry.register((int) runs[0], null, "shallow", "ann");
        registry.register((int) runs[1], null, "deep", "ann");
        gate = new PromotionGate(store, registry, 2000);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void withoutAGateAPromotionIsPlain() {
        PromotionGate.Outcome o = gate.promote(null, 1, "first", "ann", false);
        assertThat(o.verdict()).isEmpty();
        assertThat(o.promoted()).map(ModelVersion::version).contains(1);
    }

    @Test
    void theDeepTreeBeatsTheShallowOneAndTheReverseIsHeldBack() {
        gate.promote(null, 1, null, "ann", false);
        registry.setGate(null, "accuracy", 0.01);

        PromotionGate.Outcome up = gate.promote(null, 2, "better", "ann", false);
        assertThat(up.verdict()).hasValueSatisfying(v -> {
            assertThat(v.passed()).isTrue();
            assertThat(v.rows()).isEqualTo(2000);
            assertThat(v.candidateValue()).isGreaterThanOrEqualTo(v.productionValue() + 0.01);
        });
        assertThat(registry.production(null)).map(ModelVersion::version).contains(2);

        PromotionGate.Outcome back = gate.promote(null, 1, "roll back", "bob", false);
        assertThat(back.promoted()).isEmpty();
        assertThat(back.verdict()).hasValueSatisfying(v -> assertThat(v.passed()).isFalse());
        assertThat(registry.production(null)).map(ModelVersion::version).contains(2);

        PromotionGate.Outcome forced = gate.promote(null, 1, "roll back", "bob", true);
        assertThat(forced.promoted()).map(ModelVersion::version).contains(1);
        assertThat(registry.production(null)).map(ModelVersion::version).contains(1);

        var history = registry.history(null);
        assertThat(history).filteredOn(e -> e.action().equals(ModelEvent.GATE)).extracting(ModelEvent::alias)
                .containsExactly("passed", "failed", "failed");
        assertThat(history).filteredOn(e -> e.action().equals(ModelEvent.GATE)).allSatisfy(e -> assertThat(e.note()).contains("accuracy").contains(
                "newest 2000 labelled readings"));
        ModelEvent lastPromotion = history.stream().filter(e -> e.action().equals(ModelEvent.PROMOTE)).reduce((a, b) -> b).orElseThrow();
        assertThat(lastPromotion.note()).startsWith("roll back [forced past the gate: failed: accuracy v1");
    }
}
