package kiln.ui.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import kiln.domain.ingest.ImportRequest;
import kiln.store.ingest.FilePreviewReader;
import kiln.ui.common.ImmediateTaskRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportWizardViewModelTest {

    @TempDir
    Path dir;

    @Test
    void guessesTheRolesAsksForThePositiveClassAndBuildsTheImport() throws Exception {
        Path file = dir.resolve("Line 3 (2024).csv");
        Files.writeString(file, """
                id,ts,line,speed,heat,failed
                1,2024-01-01 00:00:00,A,1.5,300,no
                2,2024-01-01 00:01:00,B,1.7,310,yes
                3,2024-01-01 00:02:00,A,1.6,305,no
                """);
        ImportWizardViewModel model = new ImportWizardViewModel(new ImmediateTaskRunner(), f -> FilePreviewReader.read(f, 20));
        model.load(file);

        assertThat(model.datasetProperty().get()).isEqualTo("line_3__2024_");
        assertThat(model.idProperty().get()).isEqualTo("id");
        assertThat(model.timeProperty().get()).isEqualTo("ts");
        assertThat(model.labelProperty().get()).isEqualTo("failed");
        // The class names are the data's own values; "yes" reads as positive.
        assertThat(model.positiveChoices()).containsExactlyInAnyOrder("no", "yes");
        assertThat(model.positiveProperty().get()).isEqualTo("yes");
        assertThat(model.readyProperty().get()).isTrue();

        model.groupProperty().set("line");
        model.featureProperty("heat").set(false);
        ImportRequest request = model.request();
        assertThat(request.idColumn()).isEqualTo("id");
        assertThat(request.timeColumn()).isEqualTo("ts");
        assertThat(request.groupColumn()).isEqualTo("line");
        assertThat(request.labelColumn()).isEqualTo("failed");
        assertThat(request.positiveLabel()).isEqualTo("yes");
        assertThat(request.features()).containsExactly("speed");

        // Without a positive class a two-valued label cannot be imported; the sentence says why.
        model.positiveProperty().set(null);
        assertThat(model.readyProperty().get()).isFalse();
        assertThat(model.problemProperty().get()).contains("positive class");
        model.positiveProperty().set("no");
        model.timeProperty().set(ImportWizardViewModel.NONE);
        assertThat(model.readyProperty().get()).isFalse();
        assertThat(model.problemProperty().get()).contains("time column");
        model.dispose();
    }

    @Test
    void aLabelWithManyClassesNeedsNoPositiveClass() throws Exception {
        Path file = dir.resolve("weather.csv");
        Files.writeString(file, "site,date,temp,weather\nA,2012-01-01,5,rain\nA,2012-01-02,7,sun\nB,2012-01-01,2,snow\nB,2012-01-02,6,rain\n");
        ImportWizardViewModel model = new ImportWizardViewModel(new ImmediateTaskRunner(), f -> FilePreviewReader.read(f, 20));
        model.load(file);
        assertThat(model.labelProperty().get()).isEqualTo("weather");
        // Times repeat, one row per site: the site is the group.
        assertThat(model.groupProperty().get()).isEqualTo("site");
        assertThat(model.labelSummaryProperty().get()).startsWith("3 classes: rain");
        assertThat(model.positiveChoices()).isEmpty();
        assertThat(model.readyProperty().get()).isTrue();
        assertThat(model.request().positiveLabel()).isNull();
        model.dispose();
    }
}
