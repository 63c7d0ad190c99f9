package kiln.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsAWholeNumberWithAUnitOrIso8601() {
        assertThat(Durations.parse("450s")).isEqualTo(Duration.ofSeconds(450));
        assertThat(Durations.parse(" 30m ")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("6H")).isEqualTo(Duration.ofHours(6));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("PT6H")).isEqualTo(Duration.ofHours(6));
        assertThat(Durations.parse("p2d")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void anythingElseIsRefusedNamingTheTextAndTheFormsThatWork() {
        for (String bad : new String[] {"soon", "2w", "d", "", "1.5h", "P"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + bad + "' is not a duration (use " + Durations.FORMS + ")");
        }
    }
}
