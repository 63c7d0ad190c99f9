package kiln.ui.common;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Starts a workspace on the TestFX stage with a real background runner, and disposes of it after: the
 * set-up the Data and Experiments screens' FX tests share. A test builds its workspace (over its port)
 * in {@link #createWorkspace}.
 */
public abstract class WorkspaceFxTestBase<W extends Workspace> {

    /** Fits Monocle's default 1280x800 headless screen. */
    public static final double WIDTH = 1260;
    public static final double HEIGHT = 780;

    protected FxTaskRunner runner;
    protected W workspace;

    /** The workspace under test, its queries run by {@code runner}. */
    protected abstract W createWorkspace(TaskRunner runner);

    /** Call from the subclass's {@code @Start} (TestFX does not look for inherited ones). */
    protected void startWorkspace(Stage stage) {
        startWorkspace(stage, WIDTH, HEIGHT);
    }

    /** As {@link #startWorkspace(Stage)}, in a scene of the given size. */
    protected void startWorkspace(Stage stage, double width, double height) {
        runner = new FxTaskRunner(2);
        workspace = createWorkspace(runner);
        show(stage, (Parent) workspace.view(), width, height);
    }

    /** Call from the subclass's {@code @Stop}. */
    protected void stopWorkspace() {
        if (workspace != null) {
            workspace.dispose();
        }
        runner.shutdown();
    }

    /** Shows {@code root} on the stage in a scene of the given size, in the light theme as the app starts. */
    public static Scene show(Stage stage, Parent root, double width, double height) {
        Scene scene = new Scene(root, width, height);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
        return scene;
    }
}
