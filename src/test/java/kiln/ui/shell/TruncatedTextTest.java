package kiln.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.collections.FXCollections;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The checker the end-to-end tests rely on finds what is cut, and only that. */
@ExtendWith(ApplicationExtension.class)
class TruncatedTextTest {

    private Scene scene;

    @Start
    void start(Stage stage) {
        Label cut = new Label("A label far too long for the narrow box it sits in");
        cut.setId("cut-label");
        cut.setMaxWidth(120);
        Label wrapped = new Label("A label far too long for one line, which wraps onto the lines it needs");
        wrapped.setWrapText(true);
        wrapped.setMaxWidth(120);
        wrapped.setMinHeight(Region.USE_PREF_SIZE);
        Button squeezed = new Button("A button squeezed by its row");
        squeezed.setId("squeezed");
        Button fits = new Button("OK");
        fits.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(squeezed, fits);
        row.setMaxWidth(120);
        TableView<String> table = new TableView<>(FXCollections.observableArrayList("x"));
        table.setId("narrow-table");
        TableColumn<String, String> column = new TableColumn<>("a column header far too long");
        column.setPrefWidth(60);
        table.getColumns().add(column);
        table.setPrefHeight(80);
        table.setMaxWidth(200);
        Label scrolledOut = new Label("A label cut short but scrolled out of its viewport: not on screen");
        scrolledOut.setMaxWidth(100);
        Region spacer = new Region();
        spacer.setMinHeight(400);
        VBox below = new VBox(spacer, scrolledOut);
        ScrollPane scroll = new ScrollPane(below);
        scroll.setPrefViewportHeight(60);
        scroll.setPrefViewportWidth(80);
        scene = new Scene(new VBox(8, cut, wrapped, row, table, scroll), 500, 500);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void findsCutLabelsButtonsAndColumnHeadersButNotWrappedOrHiddenOnes(FxRobot robot) throws Exception {
        List<TruncatedText.Finding> found = WaitForAsyncUtils.asyncFx(() -> TruncatedText.in(scene)).get(10, TimeUnit.SECONDS);
        assertThat(found).extracting(TruncatedText.Finding::what).containsExactlyInAnyOrder(
                "Label#cut-label", "Button#squeezed", "Label in #narrow-table (column header)");
        assertThat(found).allSatisfy(f -> {
            assertThat(f.area()).isEqualTo("window");
            assertThat(f.inShell()).isFalse();
            assertThat(f.shown()).isNotEqualTo(f.text());
        });
        assertThat(found.get(0).toString()).contains("shown as");
    }
}
