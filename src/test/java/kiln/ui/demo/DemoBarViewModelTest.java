package kiln.ui.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kiln.monitor.MonitorService;
import kiln.ops.GuidedDemo;
import kiln.store.KilnStore;
import kiln.ui.common.ImmediateTaskRunner;

class DemoBarViewModelTest {

    @TempDir
    Path dir;

    @Test
    void aClickRunsTheStepShowsItsWorkspaceAndOffersTheNext() {
        try (KilnStore store = KilnStore.open(dir.resolve("demo.duckdb"))) {
            List<String> shown = new ArrayList<>();
            int[] resets = {0};
            DemoBarViewModel model = new DemoBarViewModel(new GuidedDemo(store, new MonitorService(store, MonitorService.newestReadingClock(store))),
                    new ImmediateTaskRunner(), shown::add, () -> resets[0]++);
            assertThat(model.nextLabelProperty().get()).isEqualTo("▶ Explore the data");
            model.next();
            assertThat(shown).containsExactly("data");
            assertThat(model.stepTitleProperty().get()).isEqualTo("1/7  Explore the data");
            assertThat(model.captionProperty().get()).contains("glass production");
            assertThat(model.outcomeProperty().get()).contains("products made");
            assertThat(model.nextLabelProperty().get()).isEqualTo("▶ Sweep");
            assertThat(model.runningProperty().get()).isFalse();
            model.reset();
            assertThat(resets[0]).isEqualTo(1);
        }
    }
}
