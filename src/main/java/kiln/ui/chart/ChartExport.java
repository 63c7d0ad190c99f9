package kiln.ui.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.DataSetError;

/** Saves a chart (or any node) as a PNG snapshot and a chart's data sets as CSV. */
public final class ChartExport {

    private ChartExport() {}

    /** Snapshots {@code node} as drawn now (call on the FX thread) and writes it as PNG. */
    public static void writePng(Node node, Path file) {
        WritableImage image = node.snapshot(new SnapshotParameters(), null);
        try {
            if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile())) {
                throw new IOException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /**
     * Writes every data set of the chart as rows {@code series,x,y,y_low,y_high} (y_low/y_high are the
     * error or envelope bounds where the data set has them), reading under each data set's read lock.
     */
    public static void writeCsv(XYChart chart, Path file) {
        writeCsv(chart.getDatasets(), chart.getXAxis().getName(), chart.getYAxis().getName(), file);
    }

    public static void writeCsv(List<DataSet> dataSets, String xName, String yName, Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("series," + csv(xName) + "," + csv(yName) + ",y_low,y_high\n");
            for (DataSet ds : dataSets) {
                ds.lock().readLockGuard(() -> {
                    try {
                        boolean errors = ds instanceof DataSetError;
                        for (int i = 0; i < ds.getDataCount(); i++) {
                            double x = ds.get(DataSet.DIM_X, i);
                            double y = ds.get(DataSet.DIM_Y, i);
                            out.write(csv(ds.getName()) + "," + num(x) + "," + num(y));
                            if (errors) {
                                DataSetError e = (DataSetError) ds;
                                out.write("," + num(y - e.getErrorNegative(DataSet.DIM_Y, i)) + "," + num(y + e.getErrorPositive(DataSet.DIM_Y, i)));
                            } else {
                                out.write(",,");
                            }
                            out.write('\n');
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Writes a header and rows as CSV (for tables and non-chart views such as the heatmap). */
    public static void writeCsv(List<String> header, List<List<?>> rows, Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(",", header.stream().map(ChartExport::csv).toList()) + "\n");
            for (List<?> row : rows) {
                out.write(String.join(",", row.stream().map(v -> v instanceof Double d ? num(d) : csv(String.valueOf(v))).toList()) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String csv(String s) {
        String text = s == null ? "" : s;
        if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
