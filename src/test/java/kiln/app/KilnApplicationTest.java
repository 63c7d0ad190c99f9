package kiln.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the real application on a temporary database and walks every workspace. */
class KilnApplicationTest {

    @TempDir
    Path home;
    private RunningApplication app;

    @Test
    void theWorkbenchOpensTheDatabaseAndEveryWorkspace() throws Exception {
        app = RunningApplication.start(home, "app.duckdb");
        for (String id : new String[] {"data", "experiments", "registry", "monitor"}) {
            app.robot.clickOn("#nav-" + id);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertThat(app.stage.getTitle()).isEqualTo("Kiln — app.duckdb");
        assertThat(app.db).exists();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close();
        }
        assertThat(home.resolve("config/settings.json")).exists();
    }
}
