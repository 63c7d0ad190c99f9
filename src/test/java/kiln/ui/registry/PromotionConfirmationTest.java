package kiln.ui.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import kiln.ui.registry.RegistryServices.ReadingSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PromotionConfirmationTest {

    static final ReadingSpan READINGS = new ReadingSpan(Instant.parse("2019-07-01T00:00:00Z"), Instant.parse("2019-08-11T23:54:54Z"), 7999);
    final PromotionConfirmation confirmation = new PromotionConfirmation();

    @AfterEach
    void dispose() {
        confirmation.dispose();
    }

    private static PendingPromotion pending(Instant now, Instant productionSince) {
        return new PendingPromotion("glassware", 2, Optional.empty(), now, productionSince, productionSince == null ? null : 1,
                Optional.of(READINGS), Instant.parse("2019-07-10T00:00:00Z"));
    }

    @Test
    void theTimeIsCheckedAsTypedAndTheHintSaysWhatWillBeScored() {
        confirmation.open(pending(Instant.parse("2026-12-06T09:41:37Z"), null));
        assertThat(confirmation.effectiveFromTextProperty().get()).isEqualTo("2026-12-06 09:41");
        assertThat(confirmation.problemProperty().get()).isEmpty();
        // now is after every reading: the hint warns that nothing will be scored yet
        assertThat(confirmation.hintProperty().get()).contains("No reading is that recent yet").contains("Monitor shows nothing");

        confirmation.effectiveFromTextProperty().set("2019-07-11");
        assertThat(confirmation.problemProperty().get()).contains("yyyy-MM-dd HH:mm");
        assertThat(confirmation.hintProperty().get()).isEmpty();
        assertThat(confirmation.effectiveFrom()).isEmpty();

        confirmation.effectiveFromTextProperty().set("2019-02-30 10:00");
        assertThat(confirmation.problemProperty().get()).contains("2019-02-30 10:00");

        confirmation.effectiveFromTextProperty().set("2019-07-11 00:00");
        assertThat(confirmation.problemProperty().get()).isEmpty();
        assertThat(confirmation.effectiveFrom()).contains(Instant.parse("2019-07-11T00:00:00Z"));
        assertThat(confirmation.hintProperty().get()).contains("Readings run from 2019-07-01 00:00 to 2019-08-11 23:54 UTC")
                .contains("Past readings from 2019-07-11 00:00 on").contains("scored by v2");

        confirmation.effectiveFromTextProperty().set("2019-07-05 00:00");
        assertThat(confirmation.hintProperty().get()).contains("trained on readings up to 2019-07-10 00:00");
    }

    @Test
    void aPromotionCannotTakeEffectBeforeTheVersionItReplacesWentLive() {
        Instant since = Instant.parse("2019-07-22T11:55:44Z");
        confirmation.open(pending(Instant.parse("2019-07-22T11:55:50Z"), since));
        // now to the minute would be before v1 went live, so the default moves to the next minute
        assertThat(confirmation.effectiveFromTextProperty().get()).isEqualTo("2019-07-22 11:56");
        assertThat(confirmation.problemProperty().get()).isEmpty();

        confirmation.effectiveFromTextProperty().set("2019-07-20 00:00");
        assertThat(confirmation.problemProperty().get()).contains("v1 is production since 2019-07-22 11:55");
        assertThat(confirmation.effectiveFrom()).isEmpty();

        confirmation.close();
        assertThat(confirmation.problemProperty().get()).isEmpty();
        assertThat(confirmation.effectiveFrom()).isEmpty();
    }
}
