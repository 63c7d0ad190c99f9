package kiln.ui.data;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kiln.domain.eda.EdaResults.DayBox;
import kiln.domain.eda.EdaResults.DayCount;
import kiln.domain.eda.EdaResults.Envelope;
import kiln.domain.eda.EdaResults.Histogram;

/**
 * The Data workspace's EDA results shaped into chart-ready arrays (time as epoch seconds, ChartFX's
 * convention). Built on a worker next to the query, so the FX thread only swaps data sets.
 */
final class ChartSeries {

    /** The other class's share is drawn over this many spans at most (see {@link #otherShare}). */
    static final int SHARE_POINTS = 150;
    /** Each class's bar of a binary label takes this share of a bin; the two sit side by side around the bin's centre. */
    static final double BAR_SHARE_OF_BIN = 0.45;

    private ChartSeries() {}

    /** Points; the arrays are handed to a data set as they are. */
    record Xy(double[] x, double[] y) {
        static final Xy EMPTY = new Xy(new double[0], new double[0]);
    }

    /** A value with a band below and above it (an envelope, a range, quartiles), as distances from the value. */
    record Band(double[] x, double[] value, double[] below, double[] above) {
        static final Band EMPTY = new Band(new double[0], new double[0], new double[0], new double[0]);
    }

    /** A histogram's bars per label code ({@code byCode[c]}), each class at its own place in the bin, so the bars never cover each other. */
    record HistogramBars(Histogram histogram, List<Xy> byCode) {
        /** Binary: the positive class's bars (code 1). */
        Xy positive() {
            return byCode.get(1);
        }

        /** Binary: the other class's bars (code 0). */
        Xy other() {
            return byCode.get(0);
        }
    }

    /** The share of a bin each of {@code classes} side-by-side bars takes: 45 % for two, narrower for more, a gap left between bins. */
    static double barShareOfBin(int classes) {
        return classes <= 2 ? BAR_SHARE_OF_BIN : 0.9 / classes;
    }

    /** The time series: mean with min–max envelope per bucket, and the other class's share of labelled readings. */
    record EnvelopeLines(Envelope envelope, Band meanWithRange, Xy otherShare) {
    }

    /** The distribution per day: median with its range and with its quartiles. */
    record DayBoxes(Band range, Band quartiles) {
        static final DayBoxes EMPTY = new DayBoxes(Band.EMPTY, Band.EMPTY);
    }

    static Map<String, HistogramBars> histograms(Map<String, Histogram> histograms) {
        Map<String, HistogramBars> out = new LinkedHashMap<>();
        histograms.forEach((name, h) -> out.put(name, histogram(h)));
        return out;
    }

    /**
     * Each code's bars at its own slot of the bin: two classes a quarter bin either side of the centre
     * (the positive class, code 1, on the left), K classes at the centres of K equal slots, by code.
     */
    static HistogramBars histogram(Histogram h) {
        int bins = h.bins();
        int codes = h.byCode().length;
        List<Xy> byCode = new ArrayList<>();
        for (int c = 0; c < codes; c++) {
            int slot = codes == 2 ? 1 - c : c;
            double[] x = new double[bins];
            double[] y = new double[bins];
            for (int i = 0; i < bins; i++) {
                double width = h.edges()[i + 1] - h.edges()[i];
                x[i] = h.edges()[i] + width * (slot + 0.5) / codes;
                y[i] = h.byCode()[c][i];
            }
            byCode.add(new Xy(x, y));
        }
        return new HistogramBars(h, byCode);
    }

    static EnvelopeLines envelope(Envelope e) {
        int n = e.size();
        double[] x = new double[n];
        double[] below = new double[n];
        double[] above = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (e.startMillis()[i] + e.bucketMillis() / 2.0) / 1000.0;
            below[i] = e.mean()[i] - e.min()[i];
            above[i] = e.max()[i] - e.mean()[i];
        }
        return new EnvelopeLines(e, new Band(x, e.mean().clone(), below, above), otherShare(e, x));
    }

    /**
     * The other class's share (%) over at most {@link #SHARE_POINTS} coarser spans, weighted by count:
     * a pixel bucket of a small window holds a handful of readings and its share is 0, 50 or 100 %.
     */
    static Xy otherShare(Envelope e, double[] x) {
        int n = e.size();
        int group = Math.max(1, (n + SHARE_POINTS - 1) / SHARE_POINTS);
        double[] sx = new double[(n + group - 1) / group];
        double[] sy = new double[sx.length];
        int m = 0;
        for (int start = 0; start < n; start += group) {
            double weighted = 0;
            double weight = 0;
            double xs = 0;
            int end = Math.min(n, start + group);
            for (int i = start; i < end; i++) {
                xs += x[i];
                if (!Double.isNaN(e.badShare()[i])) {
                    weighted += e.badShare()[i] * e.count()[i];
                    weight += e.count()[i];
                }
            }
            if (weight > 0) {
                sx[m] = xs / (end - start);
                sy[m++] = 100 * weighted / weight;
            }
        }
        return new Xy(Arrays.copyOf(sx, m), Arrays.copyOf(sy, m));
    }

    static DayBoxes dayBoxes(List<DayBox> boxes) {
        int n = boxes.size();
        double[] x = new double[n];
        double[] median = new double[n];
        double[] lowRange = new double[n];
        double[] highRange = new double[n];
        double[] lowQ = new double[n];
        double[] highQ = new double[n];
        for (int i = 0; i < n; i++) {
            DayBox b = boxes.get(i);
            x[i] = noon(b.day());
            median[i] = b.median();
            lowRange[i] = b.median() - b.min();
            highRange[i] = b.max() - b.median();
            lowQ[i] = b.median() - b.p25();
            highQ[i] = b.p75() - b.median();
        }
        return new DayBoxes(new Band(x, median, lowRange, highRange), new Band(x.clone(), median.clone(), lowQ, highQ));
    }

    static Xy perDay(List<DayCount> days) {
        double[] x = new double[days.size()];
        double[] y = new double[days.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = noon(days.get(i).day());
            y[i] = days.get(i).readings();
        }
        return new Xy(x, y);
    }

    /** A day is drawn at its middle. */
    private static double noon(LocalDate day) {
        return day.atTime(12, 0).toEpochSecond(ZoneOffset.UTC);
    }
}
