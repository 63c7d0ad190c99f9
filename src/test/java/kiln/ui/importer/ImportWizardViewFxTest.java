package kiln.ui.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

import kiln.store.ingest.FilePreviewReader;
import kiln.ui.common.ImmediateTaskRunner;
import kiln.ui.common.Theme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The wizard's form on screen: the preview table, the guessed roles, and the data's own class names to pick from. */
@ExtendWith(ApplicationExtension.class)
class ImportWizardViewFxTest {

    @TempDir
    static Path dir;
    ImportWizardViewModel model;
    ImportWizardView view;

    @Start
    void start(Stage stage) throws Exception {
        Path file = dir.resolve("press.csv");
        Files.writeString(file, "id,time,force,result\n1,2024-05-01 08:00:00,10.5,scrap\n2,2024-05-01 08:01:00,11.0,keep\n"
                + "3,2024-05-01 08:02:00,9.8,keep\n");
        model = new ImportWizardViewModel(new ImmediateTaskRunner(), f -> FilePreviewReader.read(f, 20));
        view = new ImportWizardView(model);
        model.load(file);
        Scene scene = new Scene(view.root(), 900, 600);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Stop
    void stop() {
        view.dispose();
        model.dispose();
    }

    @Test
    void showsThePreviewTheGuessesAndAsksWhichClassIsPositive(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> preview = robot.lookup("#previewTable").queryAs(TableView.class);
        assertThat(preview.getItems()).hasSize(3);
        assertThat(preview.getColumns()).hasSize(4);
        assertThat(robot.lookup("#timeBox").queryAs(ComboBox.class).getValue()).isEqualTo("time");
        assertThat(robot.lookup("#labelBox").queryAs(ComboBox.class).getValue()).isEqualTo("result");
        // Neither "scrap" nor "keep" reads as positive: the user is asked, with the data's own values.
        @SuppressWarnings("unchecked")
        ComboBox<String> positive = robot.lookup("#positiveBox").queryAs(ComboBox.class);
        assertThat(positive.getItems()).containsExactlyInAnyOrder("scrap", "keep");
        assertThat(positive.isDisabled()).isFalse();
        assertThat(robot.lookup("#problemLabel").queryAs(Label.class).getText()).contains("positive class");
        assertThat(model.readyProperty().get()).isFalse();

        robot.interact(() -> positive.setValue("scrap"));
        assertThat(model.readyProperty().get()).isTrue();
        assertThat(robot.lookup("#problemLabel").queryAs(Label.class).getText()).isEmpty();
        assertThat(model.request().positiveLabel()).isEqualTo("scrap");
        assertThat(robot.lookup("#feature-force").tryQuery()).isPresent();
    }
}
