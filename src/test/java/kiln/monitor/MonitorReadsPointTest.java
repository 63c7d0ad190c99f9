package kiln.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import kiln.domain.KpiPoint;
import org.junit.jupiter.api.Test;

/** The KPI point of a window's sums, for the corner cases hourly windows hit. */
class MonitorReadsPointTest {

    private static final Instant FROM = Instant.parse("2019-07-01T10:00:00Z");
    private static final Instant TO = Instant.parse("2019-07-01T11:00:00Z");

    @Test
    void aWindowOfOnlyCorrectNegativesHasAccuracyAndNoF1() {
        // 8 labelled, all predicted bad and all bad: no true or false positives, no false negatives
        KpiPoint p = MonitorReads.point("production", FROM, TO, 8, 8, 8, 0, 0, 0, 0, 1.0, 0.5, 1);
        assertThat(p.accuracy()).isEqualTo(1.0);
        assertThat(p.f1()).isNull();
        assertThat(p.precision()).isNull();
        assertThat(p.recall()).isNull();
    }

    @Test
    void aWindowWithoutTruePositivesHasF1Zero() {
        KpiPoint p = MonitorReads.point("production", FROM, TO, 8, 8, 6, 0, 1, 1, 1, 6.0, 1.0, 1);
        assertThat(p.f1()).isEqualTo(0.0);
        assertThat(p.accuracy()).isEqualTo(0.75);
    }
}
