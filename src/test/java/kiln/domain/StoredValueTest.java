package kiln.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The words the alert and drift_window tables hold, which users' own SQL reads: they must not change. */
class StoredValueTest {

    @Test
    void theStoredWordsAreTheOnesTheTablesHold() {
        assertThat(Arrays.stream(AlertState.values()).map(AlertState::stored))
                .containsExactly("pending", "firing", "acknowledged", "resolved");
        assertThat(Arrays.stream(AlertKind.values()).map(AlertKind::stored)).containsExactly("kpi", "drift", "quality", "detector");
        assertThat(Arrays.stream(AlertSeverity.values()).map(AlertSeverity::stored)).containsExactly("info", "warning", "critical");
        assertThat(Arrays.stream(DriftLevel.values()).map(DriftLevel::stored)).containsExactly("too-few", "ok", "warn", "alert");
    }

    @Test
    void everyWordReadsBackAsItsConstantAndPrintsAsItself() {
        for (AlertState s : AlertState.values()) {
            assertThat(AlertState.fromStored(s.stored())).isSameAs(s);
            assertThat(s.toString()).isEqualTo(s.stored());
        }
        for (AlertKind k : AlertKind.values()) {
            assertThat(AlertKind.fromStored(k.stored())).isSameAs(k);
        }
        for (AlertSeverity v : AlertSeverity.values()) {
            assertThat(AlertSeverity.fromStored(v.stored())).isSameAs(v);
        }
        for (DriftLevel l : DriftLevel.values()) {
            assertThat(DriftLevel.fromStored(l.stored())).isSameAs(l);
        }
        assertThat("drift-" + DriftLevel.TOO_FEW).isEqualTo("drift-too-few");
    }

    @Test
    void anUnknownWordFailsNamingTheColumnAndTheAllowedWords() {
        assertThatThrownBy(() -> AlertState.fromStored("FIRING")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alert state is 'FIRING'; it must be one of pending, firing, acknowledged, resolved");
        assertThatThrownBy(() -> AlertSeverity.fromStored("high")).hasMessageContaining("alert severity is 'high'")
                .hasMessageContaining("info, warning, critical");
        assertThatThrownBy(() -> AlertKind.fromStored(null)).hasMessageStartingWith("alert kind is empty");
        assertThatThrownBy(() -> DriftLevel.fromStored("too_few")).hasMessageContaining("too-few");
    }

    @Test
    void tooFewRowsIsNoEvidenceSoItNeverOutranksAVerdict() {
        assertThat(DriftLevel.TOO_FEW.worst(DriftLevel.OK)).isEqualTo(DriftLevel.OK);
        assertThat(DriftLevel.ALERT.worst(DriftLevel.TOO_FEW)).isEqualTo(DriftLevel.ALERT);
    }
}
