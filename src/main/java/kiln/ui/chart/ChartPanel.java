package kiln.ui.chart;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import io.fair_acc.chartfx.XYChart;

/**
 * A chart (or a grid of charts) in a card with a heading and "PNG" / "CSV" export buttons. Where
 * files go is asked of an {@link ExportTarget} (a file chooser in the app, a folder in tests).
 */
public final class ChartPanel extends VBox {

    public static final String STYLE_CLASS = "chart-panel";

    /** Chooses the file to export to, or null when the user cancels. */
    @FunctionalInterface
    public interface ExportTarget {
        Path choose(Window owner, String suggestedName, String extension);

        /** A save dialog. */
        ExportTarget FILE_CHOOSER = (owner, suggestedName, extension) -> {
            FileChooser chooser = new FileChooser();
            chooser.setInitialFileName(suggestedName + "." + extension);
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(extension.toUpperCase(Locale.ROOT), "*." + extension));
            File file = chooser.showSaveDialog(owner);
            return file == null ? null : file.toPath();
        };
    }

    private final Node content;
    private final String fileStem;
    private final Consumer<Path> csvWriter;
    private final Button pngButton = new Button("PNG");
    private final Button csvButton = new Button("CSV");
    private ExportTarget target = ExportTarget.FILE_CHOOSER;

    /** A panel around one chart: CSV holds its data sets. */
    public ChartPanel(String heading, String fileStem, XYChart chart) {
        this(heading, fileStem, chart, file -> ChartExport.writeCsv(chart, file));
    }

    /** A panel around any node with its own CSV writer. */
    public ChartPanel(String heading, String fileStem, Node content, Consumer<Path> csvWriter) {
        this.content = Objects.requireNonNull(content);
        this.fileStem = fileStem;
        this.csvWriter = csvWriter;
        getStyleClass().addAll("card", STYLE_CLASS);
        // a long heading in a narrow card (large type, a small window) wraps rather than ending in "…" or being cut
        Label title = new Label(heading);
        title.getStyleClass().addAll("section-title", "chart-panel-title");
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);
        title.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(title, Priority.ALWAYS);
        pngButton.setId(fileStem + "-png");
        csvButton.setId(fileStem + "-csv");
        pngButton.setMinWidth(Region.USE_PREF_SIZE);
        csvButton.setMinWidth(Region.USE_PREF_SIZE);
        pngButton.setOnAction(e -> export("png"));
        csvButton.setOnAction(e -> export("csv"));
        HBox header = new HBox(6, title, pngButton, csvButton);
        header.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(content, Priority.ALWAYS);
        setSpacing(6);
        getChildren().addAll(header, content);
    }

    public void setExportTarget(ExportTarget target) {
        this.target = Objects.requireNonNull(target);
    }

    public Node content() {
        return content;
    }

    /** Exports to a file the target picks; returns it, or null when cancelled. */
    public Path export(String extension) {
        Path file = target.choose(getScene() == null ? null : getScene().getWindow(), fileStem, extension);
        if (file == null) {
            return null;
        }
        if ("png".equals(extension)) {
            ChartExport.writePng(content, file);
        } else {
            csvWriter.accept(file);
        }
        return file;
    }
}
