package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import kiln.domain.KpiBand;
import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A series without points is not handed to ChartFX: an empty data set has no defined range, and
 * ChartFX 11.3 then marks the chart dirty and redraws it on every pulse (seen in the Monitor pulse
 * bench while nothing was labelled yet; Monocle's pulses do not show it, so this checks the cause).
 */
@ExtendWith(ApplicationExtension.class)
class KpiChartFxTest {

    private static final Instant T0 = Instant.parse("2019-07-01T00:00:00Z");
    private KpiChart kpi;

    @Start
    void start(Stage stage) {
        kpi = new KpiChart();
        stage.setScene(new Scene(new StackPane(kpi.chart()), 900, 400));
        stage.show();
    }

    /** Windows of 200 predictions each, {@code labelled} of them labelled. */
    private static MonitorSnapshot windows(int days, int labelled) {
        List<KpiPoint> points = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            Instant from = T0.plusSeconds(86_400L * d);
            boolean any = labelled > 0;
            points.add(new KpiPoint(KpiPoint.PRODUCTION, from, from.plusSeconds(86_400), 200, labelled, any ? 0.9 : null,
                    any ? 0.86 : null, any ? 0.93 : null, null, null, null, 0.8, 0.9, 0.85, 0.95, 1));
        }
        return new MonitorSnapshot(new MonitorRequest("m", KpiGranularity.DAY, Set.of(), true), 1, points, Map.of(),
                KpiBand.defaultAccuracy("m"), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    @Test
    void beforeAnyLabelOnlyTheEstimateIsShown(FxRobot robot) {
        assertThat(kpi.chart().getAllDatasets()).isEmpty();
        robot.interact(() -> kpi.show(windows(5, 0)));
        assertThat(kpi.realised().getDataCount()).isZero();
        assertThat(kpi.chart().getAllDatasets()).containsExactly(kpi.estimate());
    }

    @Test
    void onceAllIsLabelledOnlyTheRealisedSeriesIsShown(FxRobot robot) {
        robot.interact(() -> kpi.show(windows(5, 0)));
        robot.interact(() -> kpi.show(windows(5, 200)));
        assertThat(kpi.realised().getDataCount()).isEqualTo(5);
        assertThat(kpi.estimate().getDataCount()).isZero();
        assertThat(kpi.chart().getAllDatasets()).containsExactly(kpi.realised());
    }
}
