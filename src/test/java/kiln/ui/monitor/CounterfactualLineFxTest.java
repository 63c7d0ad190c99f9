package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import kiln.domain.KpiBand;
import kiln.domain.KpiGranularity;
import kiln.domain.KpiPoint;
import kiln.ui.common.Theme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The "if the model had not been updated" line must read on every band colour in every theme: where
 * it runs through the below-band, warning and acceptable areas, enough of its pixels stand out from
 * the band behind them (WCAG's 3:1 contrast for graphics; the line is dashed, so not every pixel).
 */
@ExtendWith(ApplicationExtension.class)
class CounterfactualLineFxTest {

    private static final Instant T0 = Instant.parse("2019-07-01T00:00:00Z");
    private static final int DAYS = 30;
    /** Where the counterfactual runs flat: below band, in the warning margin (80–83 %), in the band. */
    private static final double[] LEVELS = {0.65, 0.815, 0.95};
    private static final String SERIES = KpiPoint.counterfactual(1);

    private Stage stage;
    private KpiChart kpi;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.show();
    }

    private static KpiPoint day(String series, int d, double accuracy, boolean labelled) {
        Instant from = T0.plusSeconds(86_400L * d);
        return new KpiPoint(series, from, from.plusSeconds(86_400), 200, labelled ? 200 : 0, labelled ? accuracy : null,
                labelled ? accuracy - 0.03 : null, labelled ? Math.min(1, accuracy + 0.03) : null, null, null, null, 0.8, accuracy,
                accuracy - 0.03, accuracy + 0.03, 2);
    }

    private static MonitorSnapshot snapshot() {
        List<KpiPoint> production = new ArrayList<>();
        List<KpiPoint> counterfactual = new ArrayList<>();
        for (int d = 0; d < DAYS; d++) {
            production.add(day(KpiPoint.PRODUCTION, d, 0.985, true));
            counterfactual.add(day(SERIES, d, LEVELS[d * LEVELS.length / DAYS], true));
        }
        return new MonitorSnapshot(new MonitorRequest("m", KpiGranularity.DAY, Set.of(SERIES), true), 1, production,
                Map.of(SERIES, counterfactual), KpiBand.defaultAccuracy("m"), List.of(SERIES), List.of(), List.of(), List.of(), List.of());
    }

    private void assertLineReadsOnEveryBand(FxRobot robot, Theme theme) throws Exception {
        robot.interact(() -> {
            kpi = new KpiChart();
            Scene scene = new Scene(new StackPane(kpi.chart()), 1000, 560);
            theme.applyTo(scene);
            stage.setScene(scene);
            kpi.show(snapshot());
        });
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] shot = new WritableImage[1];
        Point2D[] origin = new Point2D[1];
        robot.interact(() -> {
            shot[0] = kpi.chart().snapshot(null, null);
            origin[0] = new Point2D(kpi.chart().getLayoutBounds().getMinX(), kpi.chart().getLayoutBounds().getMinY());
        });
        BufferedImage image = SwingFXUtils.fromFXImage(shot[0], null);
        int perLevel = DAYS / LEVELS.length;
        for (int level = 0; level < LEVELS.length; level++) {
            double y = LEVELS[level] * 100;
            // the middle of the flat stretch, between its first and last window centres
            double fromX = T0.getEpochSecond() + 86_400.0 * (level * perLevel + 1.5);
            double toX = T0.getEpochSecond() + 86_400.0 * ((level + 1) * perLevel - 1.5);
            int[] counts = WaitForAsyncUtils.asyncFx(() -> contrastColumns(image, origin[0], fromX, toX, y)).get(10, TimeUnit.SECONDS);
            assertThat(counts[0]).as("%s: columns sampled at %.1f %%", theme, y).isGreaterThan(40);
            assertThat(counts[1] / (double) counts[0]).as("%s: share of the line standing out at %.1f %%", theme, y).isGreaterThan(0.4);
        }
    }

    /** Columns sampled between two x values, and those where a pixel near the line contrasts 3:1 with the band below it. */
    private int[] contrastColumns(BufferedImage image, Point2D origin, double fromX, double toX, double y) {
        Canvas canvas = kpi.chart().getCanvas();
        double py = kpi.chart().getYAxis().getDisplayPosition(y);
        int sampled = 0;
        int standing = 0;
        for (double x = kpi.chart().getXAxis().getDisplayPosition(fromX); x <= kpi.chart().getXAxis().getDisplayPosition(toX); x++) {
            Point2D onChart = kpi.chart().sceneToLocal(canvas.localToScene(x, py)).subtract(origin);
            int ix = (int) Math.round(onChart.getX());
            int iy = (int) Math.round(onChart.getY());
            int background = image.getRGB(ix, iy + 9); // the same band, clear of the line
            double best = 0;
            for (int dy = -2; dy <= 2; dy++) {
                best = Math.max(best, contrast(image.getRGB(ix, iy + dy), background));
            }
            sampled++;
            standing += best >= 3 ? 1 : 0;
        }
        return new int[] {sampled, standing};
    }

    static double contrast(int a, int b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(int rgb) {
        return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
    }

    private static double channel(int value) {
        double c = (value & 0xff) / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    @Test
    void readsOnTheLightTheme(FxRobot robot) throws Exception {
        assertLineReadsOnEveryBand(robot, Theme.LIGHT);
    }

    @Test
    void readsOnTheDarkTheme(FxRobot robot) throws Exception {
        assertLineReadsOnEveryBand(robot, Theme.DARK);
    }

    @Test
    void readsOnThePresentationTheme(FxRobot robot) throws Exception {
        assertLineReadsOnEveryBand(robot, Theme.PRESENTATION);
    }
}
