package kiln.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javafx.application.Application;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the real application on a temporary database and walks every workspace. */
class KilnApplicationTest {

    @TempDir
    Path home;
    private Application app;

    @Test
    void theWorkbenchOpensTheDatabaseAndEveryWorkspace() throws Exception {
        System.setProperty("kiln.home", home.toString());
        Path db = home.resolve("app.duckdb");
        GuiLauncher.prepare(new GuiLauncher.Options(db, false));
        Stage stage = FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(KilnApplication.class);
        FxRobot robot = new FxRobot();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#nav-monitor").tryQuery().isPresent());
        for (String id : new String[] {"data", "experiments", "registry", "monitor"}) {
            robot.clickOn("#nav-" + id);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertThat(stage.getTitle()).isEqualTo("Kiln — app.duckdb");
        assertThat(db).exists();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        System.clearProperty("kiln.home");
        assertThat(home.resolve("config/settings.json")).exists();
    }
}
