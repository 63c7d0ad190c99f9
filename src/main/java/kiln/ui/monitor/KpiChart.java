package kiln.ui.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javafx.application.Platform;
import javafx.geometry.HPos;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.XRangeIndicator;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.chartfx.plugins.YRangeIndicator;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;
import io.fair_acc.dataset.spi.DoubleErrorDataSet;
import kiln.domain.KpiBand;
import kiln.domain.KpiPoint;
import kiln.domain.TimelineMarker;
import kiln.ui.chart.ChartData;
import kiln.ui.chart.ChartStyles;
import kiln.ui.chart.KilnCharts;
import kiln.ui.chart.TimelineMarkers;

/**
 * Accuracy over process time: realised windows with their 95 % (Wilson) whiskers, the label-free
 * estimate dashed where labels are still missing, faded counterfactual lines, the acceptable band
 * shaded and vertical markers for promotions, alerts and change points. Built once; every update
 * swaps in new data sets (decision 0008) and moves indicators, so the chart is never recreated.
 */
public final class KpiChart {

    static final String ESTIMATE = "kiln-estimate";
    static final String COUNTERFACTUAL = "kiln-counterfactual";
    static final String MARKER_CHANGE = "kiln-marker-change";
    static final String FOCUS_WINDOW = "kiln-focus-window";
    static final String REALISED_NAME = "realised accuracy (labelled, 95 % interval)";
    static final String ESTIMATE_NAME = "estimated accuracy, labels pending (dashed)";

    private final XYChart chart;
    private final DefaultNumericAxis xAxis;
    private final DefaultNumericAxis yAxis;
    // Data sets are replaced, never written while a chart holds them (see ChartData: ChartFX can hang).
    private DoubleErrorDataSet realised = KilnCharts.styled(new DoubleErrorDataSet(REALISED_NAME), ChartStyles.GOOD);
    private DoubleDataSet estimate = KilnCharts.styled(new DoubleDataSet(ESTIMATE_NAME), ESTIMATE);
    private final ErrorDataSetRenderer realisedRenderer = KilnCharts.whiskerRenderer();
    private final ErrorDataSetRenderer estimateRenderer = KilnCharts.lineRenderer();
    private final ErrorDataSetRenderer counterfactualRenderer = KilnCharts.lineRenderer();
    private final Map<String, DoubleDataSet> counterfactuals = new LinkedHashMap<>();
    private final YRangeIndicator okBand;
    private final YRangeIndicator warnBand;
    private final YRangeIndicator badBand;
    private final TimelineMarkers markers;
    private List<TimelineMarker> shownMarkers = List.of();
    private boolean bandsShown = true;
    private XRangeIndicator focusBand;

    public KpiChart() {
        xAxis = KilnCharts.timeAxis("process time");
        yAxis = KilnCharts.axis("accuracy", "%");
        // no title inside the chart: the panel's heading asks the question, and the rows are better spent on the plot
        chart = KilnCharts.chart(null, xAxis, yAxis);
        chart.setId("kpi-chart");
        KilnCharts.setValueFormats(chart, null, KilnCharts.withUnit("%.1f", "%"));
        markers = new TimelineMarkers(chart);

        // the series join their renderers with their first points (ChartData.replaceShowingNonEmpty)
        realisedRenderer.setPolyLineStyle(LineStyle.NORMAL);
        estimateRenderer.setErrorStyle(ErrorStyle.NONE);
        counterfactualRenderer.setErrorStyle(ErrorStyle.NONE);
        // realised first: the legend lists what matters most first; counterfactuals are faded anyway
        chart.getRenderers().setAll(realisedRenderer, estimateRenderer, counterfactualRenderer);

        yAxis.setAutoRanging(false);
        badBand = KilnCharts.band(chart, 0, 80, "below band", ChartStyles.BAND_BAD);
        warnBand = KilnCharts.band(chart, 80, 83, "warning margin", ChartStyles.BAND_WARN);
        okBand = KilnCharts.band(chart, 83, 100, "acceptable band", ChartStyles.BAND_OK);
        for (YRangeIndicator band : List.of(badBand, warnBand, okBand)) {
            band.setLabelHorizontalAnchor(HPos.LEFT);
            band.setLabelHorizontalPosition(0.01);
        }
        // Names sit at the bands' lower edges, away from where a healthy accuracy line runs (the ok band's
        // upper part) and from dips into the bad band's middle.
        okBand.setLabelVerticalPosition(0.07); // 0 is the band's lower edge
        badBand.setLabelVerticalPosition(0.04);
        // the thin warning band's name at the right, so a short chart never prints it over the ok band's
        warnBand.setLabelHorizontalAnchor(HPos.RIGHT);
        warnBand.setLabelHorizontalPosition(0.99);
        showEmpty(); // until the first snapshot: no band over nothing, and the whole 0–100 % range
    }

    public XYChart chart() {
        return chart;
    }

    /** Replaces what the chart shows (FX thread). */
    void show(MonitorSnapshot s) {
        show(s.production(), s.counterfactuals(), s.band(), s.markers());
    }

    /**
     * Replaces what the chart shows (FX thread): {@code comparisons} are faded lines, named as their key
     * unless it is a counterfactual series (the Fleet view draws a group's rolling baseline as one).
     */
    public void show(List<KpiPoint> production, Map<String, List<KpiPoint>> comparisons, KpiBand band, List<TimelineMarker> markers) {
        if (production.stream().noneMatch(p -> p.predictions() > 0)) {
            showEmpty();
            return;
        }
        boolean wasEmpty = !bandsShown;
        setBandsShown(true);
        showProduction(production);
        showCounterfactuals(comparisons);
        showMarkers(markers); // before the band: adding markers resets the indicators' classes
        showBand(band, production, comparisons);
        if (wasEmpty) {
            relayoutTimeAxis(); // it had no ticks while empty
        }
    }

    /**
     * Nothing scored yet: no series, markers or band (a band over nothing read as one big "below band"
     * area), and the full 0–100 % range; the view says why the chart is empty.
     */
    public void showEmpty() {
        showProduction(List.of());
        showCounterfactuals(Map.of());
        showMarkers(List.of());
        setBandsShown(false);
        shownBand = null;
        yAxis.set(0, 100);
        chart.requestLayout();
    }

    private void setBandsShown(boolean shown) {
        if (shown == bandsShown) {
            return;
        }
        bandsShown = shown;
        List<YRangeIndicator> bands = List.of(badBand, warnBand, okBand);
        if (shown) {
            chart.getPlugins().addAll(0, bands);
        } else {
            chart.getPlugins().removeAll(bands);
        }
        restoreIndicatorClasses();
    }

    public boolean bandsShown() {
        return bandsShown;
    }

    double axisMin() {
        return yAxis.getMin();
    }

    double axisMax() {
        return yAxis.getMax();
    }

    private double[][] shownRealised;
    private double[][] shownEstimate;

    private void showProduction(List<KpiPoint> points) {
        int n = points.size();
        double[] rx = new double[n];
        double[] ry = new double[n];
        double[] rLow = new double[n];
        double[] rHigh = new double[n];
        double[] ex = new double[n + 1];
        double[] ey = new double[n + 1];
        int r = 0;
        int e = 0;
        KpiPoint lastFull = null;
        for (KpiPoint p : points) {
            double x = middle(p);
            if (p.accuracy() != null) {
                rx[r] = x;
                ry[r] = p.accuracy() * 100;
                rLow[r] = p.accuracyLow() == null ? 0 : (p.accuracy() - p.accuracyLow()) * 100;
                rHigh[r] = p.accuracyHigh() == null ? 0 : (p.accuracyHigh() - p.accuracy()) * 100;
                r++;
            }
            boolean fullyLabelled = p.predictions() > 0 && p.labelled() >= p.predictions();
            if (fullyLabelled) {
                lastFull = p;
            } else if (p.estimatedAccuracy() != null) {
                if (e == 0 && lastFull != null && lastFull.accuracy() != null) {
                    // start the dashed line at the last realised point so the two read as one story
                    ex[e] = middle(lastFull);
                    ey[e++] = lastFull.accuracy() * 100;
                }
                ex[e] = x;
                ey[e++] = p.estimatedAccuracy() * 100;
            }
        }
        // A new data set only for a series whose points moved (ChartData: shown sets are swapped, never written): each swap repaints the chart.
        double[][] wantedRealised = {Arrays.copyOf(rx, r), Arrays.copyOf(ry, r), Arrays.copyOf(rLow, r),
                Arrays.copyOf(rHigh, r)};
        if (!Arrays.deepEquals(wantedRealised, shownRealised)) {
            shownRealised = wantedRealised;
            realised = KilnCharts.styled(ChartData.xyErrors(REALISED_NAME, wantedRealised[0], wantedRealised[1], wantedRealised[2],
                    wantedRealised[3]), ChartStyles.GOOD);
            ChartData.replaceShowingNonEmpty(realisedRenderer.getDatasets(), realised);
        }
        double[][] wantedEstimate = {Arrays.copyOf(ex, e), Arrays.copyOf(ey, e)};
        if (!Arrays.deepEquals(wantedEstimate, shownEstimate)) {
            shownEstimate = wantedEstimate;
            estimate = KilnCharts.styled(ChartData.xy(ESTIMATE_NAME, wantedEstimate[0], wantedEstimate[1]), ESTIMATE);
            ChartData.replaceShowingNonEmpty(estimateRenderer.getDatasets(), estimate);
        }
    }

    private void showCounterfactuals(Map<String, List<KpiPoint>> series) {
        Map<String, DoubleDataSet> wanted = new LinkedHashMap<>();
        boolean changed = !counterfactuals.keySet().equals(series.keySet());
        for (Map.Entry<String, List<KpiPoint>> entry : series.entrySet()) {
            List<KpiPoint> labelled = entry.getValue().stream().filter(p -> p.accuracy() != null).toList();
            double[] x = new double[labelled.size()];
            double[] y = new double[labelled.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = middle(labelled.get(i));
                y[i] = labelled.get(i).accuracy() * 100;
            }
            DoubleDataSet shown = counterfactuals.get(entry.getKey());
            if (shown != null && shown.getDataCount() == x.length && Arrays.equals(shown.getXValues(), 0, x.length, x, 0, x.length)
                    && Arrays.equals(shown.getYValues(), 0, y.length, y, 0, y.length)) {
                wanted.put(entry.getKey(), shown);
            } else {
                wanted.put(entry.getKey(), KilnCharts.styled(ChartData.xy(counterfactualLabel(entry.getKey()), x, y), COUNTERFACTUAL));
                changed = true;
            }
        }
        if (changed) {
            counterfactuals.clear();
            counterfactuals.putAll(wanted);
            ChartData.replaceShowingNonEmpty(counterfactualRenderer.getDatasets(), wanted.values().toArray(new DoubleDataSet[0]));
        }
    }

    /** "counterfactual:v1" → what a newcomer reads in the legend; any other comparison keeps its own name. */
    static String counterfactualLabel(String series) {
        String prefix = KpiPoint.counterfactual(0).replace("0", "");
        return series.startsWith(prefix) ? "if the model had not been updated (v" + series.substring(prefix.length()) + ")" : series;
    }

    /** The band and axis floor last drawn (axis min, lower, warn top, upper). */
    private double[] shownBand;

    private void showBand(KpiBand band, List<KpiPoint> production, Map<String, List<KpiPoint>> comparisons) {
        double lower = band.lower() * 100;
        double upper = band.upper() * 100;
        double warnTop = Math.min(upper, lower + band.warnMargin() * 100);
        double lowest = lower;
        for (KpiPoint p : production) {
            lowest = Math.min(lowest, p.accuracyLow() != null ? p.accuracyLow() * 100 : p.accuracy() != null ? p.accuracy() * 100 : lowest);
            if (p.estimatedAccuracy() != null) {
                lowest = Math.min(lowest, p.estimatedAccuracy() * 100);
            }
        }
        for (List<KpiPoint> cf : comparisons.values()) {
            for (KpiPoint p : cf) {
                if (p.accuracy() != null) {
                    lowest = Math.min(lowest, p.accuracy() * 100);
                }
            }
        }
        double axisMin = Math.max(0, Math.floor((lowest - 5) / 10) * 10);
        double[] wanted = {axisMin, lower, warnTop, upper};
        if (Arrays.equals(wanted, shownBand)) {
            return; // unchanged: re-setting bounds and texts would re-layout and repaint the chart for nothing
        }
        shownBand = wanted;
        yAxis.set(axisMin, 101);
        badBand.setLowerBound(axisMin);
        badBand.setUpperBound(lower);
        warnBand.setLowerBound(lower);
        warnBand.setUpperBound(warnTop);
        okBand.setLowerBound(warnTop);
        okBand.setUpperBound(upper);
        okBand.setText(String.format(Locale.ROOT, "acceptable band %.0f–%.0f %%", lower, upper));
        restoreIndicatorClasses();
    }

    private void showMarkers(List<TimelineMarker> wanted) {
        if (wanted.equals(shownMarkers)) {
            return;
        }
        List<TimelineMarkers.Marker> shown = new ArrayList<>();
        for (TimelineMarker m : wanted) {
            shown.add(new TimelineMarkers.Marker(m.at().getEpochSecond(), MarkerText.shortLabel(m), MarkerText.details(m),
                    markerClass(m.kind()), markerPriority(m.kind())));
        }
        markers.show(shown);
        shownMarkers = List.copyOf(wanted);
    }

    /** Which labels stay when not all fit: which version runs matters most, then what changed, then alerts (listed below). */
    static int markerPriority(String kind) {
        return switch (kind) {
            case TimelineMarker.PROMOTION -> 0;
            case TimelineMarker.ALERT -> 2;
            default -> 1;
        };
    }

    static String markerClass(String kind) {
        return switch (kind) {
            case TimelineMarker.PROMOTION -> ChartStyles.MARKER_PROMOTION;
            case TimelineMarker.ALERT -> ChartStyles.MARKER_ALERT;
            default -> MARKER_CHANGE;
        };
    }

    /**
     * Jumps to an alert's data window: shades it and zooms the time axis to it with some context on
     * either side; null removes the shading and shows all time again.
     */
    void focus(TimeRange window) {
        if (window == null) {
            if (focusBand != null) {
                chart.getPlugins().remove(focusBand);
                focusBand = null;
            }
            xAxis.setAutoRanging(true);
        } else {
            if (focusBand == null) {
                focusBand = KilnCharts.xBand(chart, window.from().getEpochSecond(), window.to().getEpochSecond(), "alert window", FOCUS_WINDOW);
                focusBand.setLabelVerticalPosition(0.97);
            } else {
                focusBand.setLowerBound(window.from().getEpochSecond());
                focusBand.setUpperBound(window.to().getEpochSecond());
            }
            double[] range = FocusRange.around(window, shownRealised == null ? null : shownRealised[0],
                    shownEstimate == null ? null : shownEstimate[0]);
            xAxis.setAutoRanging(false);
            xAxis.set(range[0], range[1]);
        }
        restoreIndicatorClasses();
        relayoutTimeAxis(); // zoomed in, the ticks may need two lines (date and time)
    }

    /**
     * ChartFX sizes an axis from the tick labels of its previous layout: when the labels grow (no ticks
     * before, or one line becoming two), the axis name sat on the dates until the next resize. One more
     * layout, after this one, sizes it from the new labels.
     */
    private void relayoutTimeAxis() {
        chart.requestLayout();
        Platform.runLater(() -> {
            xAxis.requestAxisLayout();
            chart.requestLayout();
        });
    }

    /** ChartFX resets the indicators' style classes when the plugin list changes; put ours back. */
    private void restoreIndicatorClasses() {
        for (YRangeIndicator indicator : List.of(badBand, warnBand, okBand)) {
            indicator.updateStyleClass();
        }
        markers.restoreStyleClasses();
        if (focusBand != null) {
            focusBand.updateStyleClass();
        }
    }

    XRangeIndicator focusBand() {
        return focusBand;
    }

    double visibleFrom() {
        return xAxis.getMin();
    }

    double visibleTo() {
        return xAxis.getMax();
    }

    List<XValueIndicator> markers() {
        return markers.indicators();
    }

    YRangeIndicator okBand() {
        return okBand;
    }

    DoubleErrorDataSet realised() {
        return realised;
    }

    DoubleDataSet estimate() {
        return estimate;
    }

    Map<String, DoubleDataSet> counterfactualSets() {
        return counterfactuals;
    }

    private static double middle(KpiPoint p) {
        return (p.windowStart().getEpochSecond() + p.windowEnd().getEpochSecond()) / 2.0;
    }
}
