package kiln.ui.monitor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.collections.FXCollections;
import javafx.util.StringConverter;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.AxisLabelOverlapPolicy;
import io.fair_acc.chartfx.axes.spi.CategoryAxis;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;
import kiln.domain.CategoryShares;
import kiln.ui.chart.ChartData;
import kiln.ui.chart.ChartExport;
import kiln.ui.chart.KilnCharts;

/**
 * Bars of a categorical feature's category shares, the reference's beside the window's, on a category
 * axis in the order {@link CategoryShares} gives (reference's most common first, its rarer ones as
 * "other", then the categories the reference never had, labelled "new: …"). Styled like the numeric
 * {@link DistributionChart}; new bars come as new data sets (see ChartData).
 */
public final class CategoryShareChart {

    /** Longer category names are cut on the axis (the tooltip shows them whole). */
    static final int MAX_LABEL = 18;
    /** Each series' bar takes this share of a category's slot; the reference's left of the centre, the window's right. */
    static final double BAR_SHARE = 0.45;

    private final CategoryAxis categoryAxis = new CategoryAxis("category");
    private final DefaultNumericAxis shareAxis;
    private final XYChart chart;
    private List<String> names = List.of();
    private CategoryShares shown;
    private DoubleDataSet[] sets = new DoubleDataSet[0];

    public CategoryShareChart() {
        categoryAxis.setUnit(null);
        categoryAxis.setAutoRanging(false);
        categoryAxis.setMinorTickCount(0);
        // many or long names take a second row rather than being left out
        categoryAxis.setOverlapPolicy(AxisLabelOverlapPolicy.SHIFT_ALT);
        // no chart title: the card's heading, the axis and the legend say what and when, and the card is short
        chart = DistributionChart.sharesChart(null, categoryAxis, "share");
        chart.setId("category-distribution");
        // ChartFX's bar shift moves each series by a few pixels only, so the two bars of a category would
        // overlap: each series sits at its own side of the category instead, a bar just under half its slot
        ErrorDataSetRenderer bars = (ErrorDataSetRenderer) chart.getRenderers().get(0);
        bars.setShiftBar(false);
        bars.setBarWidthPercentage(BAR_SHARE * 100);
        shareAxis = (DefaultNumericAxis) chart.getYAxis();
        shareAxis.setForceZeroInRange(true); // bars start at zero, so heights compare honestly
        shareAxis.setAutoRangePadding(0.08); // room above the tallest bar
        KilnCharts.setValueFormats(chart, new StringConverter<>() {
            @Override
            public String toString(Number x) {
                int i = x == null || Double.isNaN(x.doubleValue()) ? -1 : (int) Math.round(x.doubleValue());
                return i >= 0 && i < names.size() ? names.get(i) : "";
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException("display only");
            }
        }, KilnCharts.withUnit("%.1f", "%"));
    }

    public XYChart chart() {
        return chart;
    }

    /** Draws the shares of {@code shares} in the window starting {@code windowLabel} (e.g. "2021-03-29 00:00 UTC"). */
    public void show(CategoryShares shares, String windowLabel) {
        int k = shares.bars().size();
        List<String> full = new ArrayList<>();
        List<String> axisLabels = new ArrayList<>();
        double[] refX = new double[k];
        double[] curX = new double[k];
        double[] reference = new double[k];
        double[] current = new double[k];
        for (int i = 0; i < k; i++) {
            CategoryShares.Bar bar = shares.bars().get(i);
            full.add(bar.label());
            axisLabels.add(axisLabel(bar));
            refX[i] = i - 0.25;
            curX[i] = i + 0.25;
            reference[i] = shares.referencePercent(i);
            current[i] = shares.currentPercent(i);
        }
        names = List.copyOf(full);
        shown = shares;
        categoryAxis.setName(axisName(shares));
        categoryAxis.setCategories(FXCollections.observableArrayList(axisLabels));
        categoryAxis.set(-0.5, Math.max(0, k - 1) + 0.5);
        sets = new DoubleDataSet[] {
                ChartData.xy("reference: " + shares.reference(), refX, reference),
                ChartData.xy("window " + windowLabel, curX, current)};
        ChartData.replaceShowingNonEmpty(chart.getDatasets(), sets);
    }

    /** A category's name cut to {@value #MAX_LABEL} characters (a new one's after its "new: "); a group's label whole. */
    static String axisLabel(CategoryShares.Bar bar) {
        int max = switch (bar.kind()) {
            case CATEGORY -> MAX_LABEL;
            case UNSEEN -> MAX_LABEL + "new: ".length();
            case OTHER -> Integer.MAX_VALUE;
        };
        return bar.label().length() > max ? bar.label().substring(0, max - 1) + "…" : bar.label();
    }

    /**
     * The feature and how many values each side's shares are of (a few dozen values make noisy shares),
     * with the missing ones left out; on the axis, so the legend fits on one line in a narrow card.
     */
    static String axisName(CategoryShares s) {
        long missing = s.referenceMissing() + s.currentMissing();
        return String.format(Locale.ROOT, "%s: %,d values in the reference, %,d in the window%s", s.feature(), s.referenceValues(),
                s.currentValues(), missing == 0 ? "" : String.format(Locale.ROOT, " (missing left out: %,d and %,d)", s.referenceMissing(),
                        s.currentMissing()));
    }

    /** One row per bar: the category (whole), what it is, and its count and share in the reference and the window. */
    void writeCsv(Path file) {
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; shown != null && i < shown.bars().size(); i++) {
            CategoryShares.Bar b = shown.bars().get(i);
            rows.add(List.of(b.label(), b.kind().name().toLowerCase(Locale.ROOT), b.categories(), b.referenceCount(),
                    shown.referencePercent(i), b.currentCount(), shown.currentPercent(i)));
        }
        ChartExport.writeCsv(List.of(shown == null ? "category" : shown.feature(), "kind", "categories", "reference_count",
                "reference_share_pct", "window_count", "window_share_pct"), rows, file);
    }

    /** The names under the bars, in order (whole, as the tooltip shows them). */
    List<String> categories() {
        return names;
    }

    DoubleDataSet series(int i) {
        return sets[i];
    }
}
