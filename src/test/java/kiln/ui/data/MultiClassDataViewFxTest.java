package kiln.ui.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;

import io.fair_acc.chartfx.XYChart;
import kiln.store.KilnStore;
import kiln.store.eda.MultiClassSql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** A three-class data set on the Data screen: every reading counted by its class's name, one bar series and swatch per class. */
@ExtendWith(ApplicationExtension.class)
class MultiClassDataViewFxTest extends DataWorkspaceFxTestBase {

    static final int ROWS = 900;
    @TempDir
    static Path dir;
    static KilnStore store;

    @BeforeAll
    static void load() throws Exception {
        store = KilnStore.open(dir.resolve("sky.duckdb"));
        MultiClassSql.insert(store, ROWS);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    KilnStore store() {
        return store;
    }

    @Start
    void start(Stage stage) {
        startWorkspace(stage);
    }

    @Stop
    void stop() {
        stopWorkspace();
    }

    @Test
    void theBalanceAndTheHistogramNameEveryClass(FxRobot robot) throws Exception {
        robot.interact(() -> workspace.model().datasetProperty().set("sky"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workspace.model().catalogProperty().get() != null
                && "sky".equals(workspace.model().catalogProperty().get().name()) && workspace.model().histogramsProperty().get().size() == 1
                && workspace.model().labelBalanceProperty().get() != null && settled());

        String balance = robot.lookup("#balanceLabel").queryAs(Label.class).getText();
        assertThat(balance).startsWith(String.format(Locale.ROOT, "%,d readings: ", ROWS))
                .contains("fog " + MultiClassSql.expected(ROWS, 0), "rain " + MultiClassSql.expected(ROWS, 1),
                        "sun " + MultiClassSql.expected(ROWS, 2))
                .endsWith(ROWS / 10 + " not labelled yet");

        XYChart histogram = robot.lookup("#histogram-x").queryAs(XYChart.class);
        List<String> legend = histogram.getParent().lookupAll(".swatch-legend-item").stream().map(n -> ((Label) n).getText()).toList();
        assertThat(legend).containsExactly("fog", "rain", "sun");
        assertThat(histogram.getDatasets()).extracting(d -> d.getName()).containsExactly("fog", "rain", "sun");
        long drawn = histogram.getDatasets().stream().mapToLong(d -> {
            long n = 0;
            for (int i = 0; i < d.getDataCount(); i++) {
                n += (long) d.get(1, i);
            }
            return n;
        }).sum();
        assertThat(drawn).as("every labelled reading has a bar").isEqualTo(ROWS - ROWS / 10);

        @SuppressWarnings("unchecked")
        ComboBox<Integer> shareClass = robot.lookup("#shareClassBox").queryAs(ComboBox.class);
        assertThat(shareClass.isVisible()).isTrue();
        assertThat(shareClass.getItems()).containsExactly(0, 1, 2);
        assertThat(shareClass.getConverter().toString(2)).isEqualTo("sun");
        assertThat(shareClass.getButtonCell().getText()).as("the chosen class by its name").isEqualTo("fog");
    }
}
