package kiln.ui.chart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import javafx.scene.Node;

import io.fair_acc.chartfx.XYChart;

/** A view's chart panels: each is made with the view's export target, and follows it when it changes (tests point it at a folder). */
public final class ChartPanels {

    private final List<ChartPanel> panels = new ArrayList<>();
    private ChartPanel.ExportTarget target = ChartPanel.ExportTarget.FILE_CHOOSER;

    /** A panel around one chart; CSV holds its data sets. */
    public ChartPanel add(String heading, String stem, XYChart chart) {
        return add(new ChartPanel(heading, stem, chart));
    }

    /** A panel showing {@code content} (the chart with its legend, say); CSV holds the chart's data sets. */
    public ChartPanel add(String heading, String stem, XYChart chart, Node content) {
        return add(heading, stem, content, file -> ChartExport.writeCsv(chart, file));
    }

    /** A panel around any node with its own CSV writer. */
    public ChartPanel add(String heading, String stem, Node content, Consumer<Path> csv) {
        return add(new ChartPanel(heading, stem, content, csv));
    }

    private ChartPanel add(ChartPanel p) {
        p.setExportTarget(target);
        panels.add(p);
        return p;
    }

    /** Forgets the panels that match (their content went away). */
    public void removeIf(Predicate<ChartPanel> gone) {
        panels.removeIf(gone);
    }

    public void setExportTarget(ChartPanel.ExportTarget target) {
        this.target = target;
        panels.forEach(p -> p.setExportTarget(target));
    }

    public ChartPanel.ExportTarget exportTarget() {
        return target;
    }

    public List<ChartPanel> all() {
        return List.copyOf(panels);
    }
}
