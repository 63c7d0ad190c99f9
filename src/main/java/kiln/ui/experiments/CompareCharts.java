package kiln.ui.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javafx.collections.FXCollections;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.CategoryAxis;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;
import kiln.domain.Run;
import kiln.ml.Metrics;
import kiln.ml.tracking.RunCurves;
import kiln.ui.chart.KilnCharts;

/**
 * The comparison charts: metric against a parameter over all listed runs, parallel coordinates of
 * the selected runs over the parameters that vary, and their ROC and calibration curves overlaid.
 * Charts are built once; {@code show…} replaces their data sets.
 */
final class CompareCharts {

    private final DefaultNumericAxis scatterX = KilnCharts.axis("parameter", null);
    private final DefaultNumericAxis scatterY = KilnCharts.axis("metric", null);
    private final XYChart scatter = KilnCharts.chart("Every finished run in the table", scatterX, scatterY);
    private final CategoryAxis parallelX = new CategoryAxis("parameters that vary, then the metric");
    private final XYChart parallel = KilnCharts.chart("Select two or more runs",
            parallelX, KilnCharts.axis("scaled: 0 = min, 1 = max", null));
    private final XYChart roc = KilnCharts.chart("Selected runs: up and to the left is better",
            KilnCharts.axis("false positive rate", null), KilnCharts.axis("true positive rate", null));
    private final XYChart calibration = KilnCharts.chart("Selected runs: on the diagonal = honest",
            KilnCharts.axis("predicted probability (bin mean)", null), KilnCharts.axis("observed positive rate", null));

    CompareCharts() {
        scatter.setId("metric-scatter");
        parallel.setId("parallel-coordinates");
        roc.setId("roc-chart");
        calibration.setId("calibration-chart");
        scatter.getRenderers().setAll(KilnCharts.scatterRenderer());
        ErrorDataSetRenderer lines = KilnCharts.lineRenderer();
        lines.setDrawMarker(true);
        parallel.getRenderers().setAll(lines);
        parallelX.setAutoRangePadding(0.05);
        parallelX.setUnit(null);
        for (XYChart c : List.of(roc, calibration)) {
            c.getXAxis().setAutoRanging(false);
            c.getYAxis().setAutoRanging(false);
            ((DefaultNumericAxis) c.getXAxis()).set(0, 1);
            ((DefaultNumericAxis) c.getYAxis()).set(0, 1);
        }
        ErrorDataSetRenderer calibrationLines = KilnCharts.lineRenderer();
        calibrationLines.setDrawMarker(true);
        calibration.getRenderers().setAll(calibrationLines);
    }

    XYChart scatter() {
        return scatter;
    }

    XYChart parallel() {
        return parallel;
    }

    XYChart roc() {
        return roc;
    }

    XYChart calibration() {
        return calibration;
    }

    /** Metric against parameter, one series per trainer, the selected runs as their own series on top. */
    void showScatter(List<Run> runs, List<Run> selected, String metric, String param, boolean logX) {
        scatterX.setName(param == null ? "parameter" : param);
        scatterY.setName(metric);
        scatterX.setLogAxis(logX);
        scatter.setTitle(param == null ? "Choose a parameter" : metric + " against " + param + " for every listed run" + (logX ? " (log x)" : ""));
        Map<String, List<double[]>> byTrainer = new LinkedHashMap<>();
        List<double[]> chosen = new ArrayList<>();
        for (Run r : runs) {
            double x = param == null ? Double.NaN : RunComparison.paramValue(r, param);
            double y = r.metric(metric);
            if (!Run.FINISHED.equals(r.status()) || Double.isNaN(x) || Double.isNaN(y) || (logX && x <= 0)) {
                continue;
            }
            byTrainer.computeIfAbsent(r.trainer(), k -> new ArrayList<>()).add(new double[] {x, y});
            if (selected.stream().anyMatch(s -> s.runId() == r.runId())) {
                chosen.add(new double[] {x, y});
            }
        }
        List<DoubleDataSet> sets = new ArrayList<>();
        byTrainer.forEach((trainer, points) -> sets.add(dataSet(trainer, points)));
        if (!chosen.isEmpty()) {
            sets.add(dataSet("selected runs", chosen));
        }
        scatter.getDatasets().setAll(sets);
    }

    /** One line per selected run across the varying parameters and the metric, each axis scaled to 0..1. */
    void showParallel(List<Run> runs, String metric) {
        List<String> axes = new ArrayList<>(RunComparison.varyingNumericParams(runs));
        int k = axes.size() + 1;
        double[][] values = new double[runs.size()][k];
        double[] lo = new double[k];
        double[] hi = new double[k];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < runs.size(); i++) {
            for (int a = 0; a < k; a++) {
                double v = a < axes.size() ? RunComparison.paramValue(runs.get(i), axes.get(a)) : runs.get(i).metric(metric);
                values[i][a] = v;
                if (!Double.isNaN(v)) {
                    lo[a] = Math.min(lo[a], v);
                    hi[a] = Math.max(hi[a], v);
                }
            }
        }
        List<String> categories = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            String name = a < axes.size() ? axes.get(a) : metric;
            categories.add(lo[a] <= hi[a] ? name + " [" + num(lo[a]) + " – " + num(hi[a]) + "]" : name);
        }
        parallelX.setCategories(FXCollections.observableArrayList(categories));
        // Half a slot of room either side, so the first and last axis labels are not cut off.
        parallelX.setAutoRanging(false);
        parallelX.set(-0.5, k - 0.5);
        parallel.setTitle(axes.isEmpty() ? "The selected runs share all parameters"
                : axes.size() + " varying parameter" + (axes.size() == 1 ? "" : "s") + " and " + metric);
        parallel.getYAxis().setAutoRanging(false);
        ((DefaultNumericAxis) parallel.getYAxis()).set(-0.05, 1.05);
        List<DoubleDataSet> sets = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            DoubleDataSet line = new DoubleDataSet(RunComparison.label(runs.get(i), axes));
            double[] x = new double[k];
            double[] y = new double[k];
            for (int a = 0; a < k; a++) {
                x[a] = a;
                double span = hi[a] - lo[a];
                y[a] = Double.isNaN(values[i][a]) ? Double.NaN : span > 0 ? (values[i][a] - lo[a]) / span : 0.5;
            }
            line.set(x, y);
            sets.add(line);
        }
        parallel.getDatasets().setAll(sets);
    }

    /** ROC and calibration curves of the runs that have them, plus the reference diagonals. */
    void showCurves(List<Run> runs, Map<Long, RunCurves> curves) {
        List<String> varying = RunComparison.varyingNumericParams(runs);
        List<DoubleDataSet> rocSets = new ArrayList<>();
        List<DoubleDataSet> calSets = new ArrayList<>();
        for (Run r : runs) {
            RunCurves c = curves.get(r.runId());
            if (c == null) {
                continue;
            }
            String label = RunComparison.label(r, varying);
            List<double[]> rocPoints = new ArrayList<>();
            for (Metrics.RocPoint p : c.roc()) {
                rocPoints.add(new double[] {p.falsePositiveRate(), p.truePositiveRate()});
            }
            rocSets.add(dataSet(label + String.format(Locale.ROOT, " (AUC %.3f)", r.metric("roc_auc")), rocPoints));
            List<double[]> calPoints = new ArrayList<>();
            for (Metrics.CalibrationBin b : c.calibration()) {
                if (b.count() > 0 && !Double.isNaN(b.meanPredicted())) {
                    calPoints.add(new double[] {b.meanPredicted(), b.observedRate()});
                }
            }
            calSets.add(dataSet(label, calPoints));
        }
        DoubleDataSet chance = new DoubleDataSet("chance (a coin flip)");
        chance.set(new double[] {0, 1}, new double[] {0, 1});
        DoubleDataSet perfect = new DoubleDataSet("perfect calibration");
        perfect.set(new double[] {0, 1}, new double[] {0, 1});
        rocSets.add(chance);
        calSets.add(perfect);
        roc.getDatasets().setAll(rocSets);
        calibration.getDatasets().setAll(calSets);
    }

    void clear() {
        parallel.getDatasets().clear();
        roc.getDatasets().clear();
        calibration.getDatasets().clear();
    }

    private static DoubleDataSet dataSet(String name, List<double[]> points) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        DoubleDataSet ds = new DoubleDataSet(name);
        ds.set(x, y);
        return ds;
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
