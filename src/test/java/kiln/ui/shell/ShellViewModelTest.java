package kiln.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javafx.scene.Node;

import kiln.ui.common.Theme;
import kiln.ui.common.Workspace;
import org.junit.jupiter.api.Test;

/** The shell's decisions without a window: workspace choice by number, presentation on and off, help, database label. */
class ShellViewModelTest {

    private final List<String> activations = new ArrayList<>();

    @Test
    void aNumberChoosesTheWorkspaceInNavigationOrderAndOutOfRangeIsIgnored() {
        ShellViewModel model = model();
        model.selectAt(2);
        assertThat(model.selectedProperty().get().id()).isEqualTo("experiments");
        model.selectAt(0);
        assertThat(model.selectedProperty().get().id()).isEqualTo("welcome");
        model.selectAt(5);
        model.selectAt(-1);
        assertThat(model.selectedProperty().get().id()).isEqualTo("welcome");
    }

    @Test
    void presentationSwitchesOffToTheThemeItReplaced() {
        ShellViewModel model = model();
        model.themeProperty().set(Theme.DARK);
        model.togglePresentation();
        assertThat(model.themeProperty().get()).isEqualTo(Theme.PRESENTATION);
        model.togglePresentation();
        assertThat(model.themeProperty().get()).isEqualTo(Theme.DARK);

        model.themeProperty().set(Theme.PRESENTATION); // chosen in the menu: off goes to the light theme
        model.themeProperty().set(Theme.LIGHT);
        model.togglePresentation();
        model.togglePresentation();
        assertThat(model.themeProperty().get()).isEqualTo(Theme.LIGHT);
    }

    @Test
    void helpTogglesOnAndOffAndGivesWayToAChosenWorkspace() {
        ShellViewModel model = model();
        assertThat(model.helpShownProperty().get()).isFalse();
        model.toggleHelp();
        assertThat(model.helpShownProperty().get()).isTrue();
        model.toggleHelp();
        assertThat(model.helpShownProperty().get()).isFalse();
        model.toggleHelp();
        model.selectAt(1);
        assertThat(model.helpShownProperty().get()).as("choosing a workspace shows it, not the help page over it").isFalse();
    }

    @Test
    void showingTheShownWorkspaceAgainTellsItSoItReloads() {
        ShellViewModel model = model();
        model.select("registry");
        activations.clear();
        model.selectAndRefresh("registry");
        assertThat(activations).containsExactly("registry shown");
        model.selectAndRefresh("monitor");
        assertThat(activations).containsExactly("registry shown", "registry hidden", "monitor shown");
        assertThat(model.selectedProperty().get().id()).isEqualTo("monitor");
    }

    @Test
    void theDatabaseShowsByItsFileNameWithTheFullPathAtHand() {
        ShellViewModel model = model();
        Path file = Path.of("/data/kiln/demo/glassware-demo.duckdb");
        model.setDatabase(file);
        assertThat(model.databaseLabelProperty().get()).isEqualTo("glassware-demo.duckdb");
        assertThat(model.databasePathProperty().get()).isEqualTo(file.toAbsolutePath().toString());
    }

    private ShellViewModel model() {
        ShellViewModel model = new ShellViewModel(null);
        List<Workspace> workspaces = new ArrayList<>();
        for (String id : List.of("welcome", "data", "experiments", "registry", "monitor")) {
            workspaces.add(new RecordingWorkspace(id, activations));
        }
        model.setWorkspaces(workspaces);
        return model;
    }

    /** A workspace that records being shown and hidden; it has no view (none is asked for here). */
    private record RecordingWorkspace(String id, List<String> activations) implements Workspace {
        @Override
        public String title() {
            return id;
        }

        @Override
        public String subtitle() {
            return "";
        }

        @Override
        public Node view() {
            throw new UnsupportedOperationException("no view in a view-model test");
        }

        @Override
        public void setActive(boolean active) {
            activations.add(id + (active ? " shown" : " hidden"));
        }

        @Override
        public void dispose() {}
    }
}
