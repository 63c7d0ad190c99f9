package kiln.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.renderer.Renderer;
import io.fair_acc.dataset.DataSet;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Reading the real application's screen from a TestFX test: nodes by query, waits on the FX thread, the shown workspace. */
final class Screen {

    private final FxRobot robot;

    Screen(FxRobot robot) {
        this.robot = robot;
    }

    /** "#a" inside a workspace: "#data-workspace #a". */
    static String inWorkspace(String workspace, String query) {
        return "#" + workspace + "-workspace " + query;
    }

    /** Waits (up to {@code seconds}) until {@code condition} holds on the FX thread; fails naming {@code what}. */
    void await(String what, int seconds, Callable<Boolean> condition) throws Exception {
        await(what, seconds, condition, () -> "");
    }

    /** As {@link #await(String, int, Callable)}, with what the screen shows at the timeout ({@code detail}, read on the FX thread). */
    void await(String what, int seconds, Callable<Boolean> condition, Callable<String> detail) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + " " + onFx(detail), e);
        }
    }

    /** The workspace whose navigation button is pressed. */
    String shownWorkspace() {
        return robot.lookup(".nav-button").queryAllAs(ToggleButton.class).stream().filter(ToggleButton::isSelected)
                .map(b -> (String) b.getUserData()).findFirst().orElse("none");
    }

    void assertShown(String workspace) {
        assertThat(shownWorkspace()).isEqualTo(workspace);
    }

    String text(String query) {
        return ((Labeled) node(query)).getText();
    }

    @SuppressWarnings("unchecked")
    <T> TableView<T> table(String query) {
        return (TableView<T>) node(query);
    }

    /** The node for "#a" or "#a #b" (#b inside #a), waited for a little: a screen just shown gets its skins at the next pulse. */
    Node node(String query) {
        int space = query.indexOf(' ');
        Callable<Optional<Node>> find = () -> space < 0 ? robot.lookup(query).tryQuery()
                : robot.lookup(query.substring(0, space)).lookup(query.substring(space + 1)).tryQuery();
        try {
            if (find.call().isEmpty() && !Platform.isFxApplicationThread()) {
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> find.call().isPresent());
            }
            return find.call().orElseThrow(() -> new AssertionError("nothing on screen matches " + query));
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("nothing on screen matches " + query, e);
        }
    }

    /** Points of the Monitor's realised-accuracy line (0 while the chart is not on screen). */
    int realisedPoints() {
        XYChart chart = robot.lookup("#kpi-chart").queryAllAs(Node.class).stream().filter(XYChart.class::isInstance)
                .map(XYChart.class::cast).findFirst().orElse(null);
        if (chart == null) {
            return 0;
        }
        int n = 0;
        for (Renderer r : chart.getRenderers()) {
            for (DataSet ds : r.getDatasets()) {
                if (ds.getName() != null && ds.getName().startsWith("realised accuracy")) {
                    n = Math.max(n, ds.getDataCount());
                }
            }
        }
        return n;
    }

    static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }
}
