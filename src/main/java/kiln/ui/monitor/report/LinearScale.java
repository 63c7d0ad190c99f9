package kiln.ui.monitor.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps a value range onto a pixel range (either may run backwards, as a y axis does) and picks
 * round tick values for it: steps of 1, 2 or 5 times a power of ten.
 */
record LinearScale(double domainLow, double domainHigh, double rangeFrom, double rangeTo) {

    LinearScale {
        if (!(Double.isFinite(domainLow) && Double.isFinite(domainHigh))) {
            throw new IllegalArgumentException("domain must be finite: " + domainLow + " – " + domainHigh);
        }
        if (domainHigh <= domainLow) {
            // one value only: give it room so it is drawn in the middle rather than divided by zero
            double pad = domainLow == 0 ? 1 : Math.abs(domainLow) * 0.1;
            domainLow -= pad;
            domainHigh += pad;
        }
    }

    /** Where {@code v} lands in the range (values outside the domain land outside the range). */
    double map(double v) {
        return rangeFrom + (v - domainLow) / (domainHigh - domainLow) * (rangeTo - rangeFrom);
    }

    /** Where {@code v} lands, held inside the range. */
    double clamped(double v) {
        return map(Math.max(domainLow, Math.min(domainHigh, v)));
    }

    /** The round step that gives at most {@code maxTicks} ticks over the domain. */
    double step(int maxTicks) {
        double span = domainHigh - domainLow;
        double raw = span / Math.max(1, maxTicks - 1);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw * (1 - 1e-9)) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** Round values inside the domain, at most {@code maxTicks} of them, ascending. */
    List<Double> ticks(int maxTicks) {
        double step = step(maxTicks);
        List<Double> ticks = new ArrayList<>();
        long first = (long) Math.ceil(domainLow / step - 1e-9);
        long last = (long) Math.floor(domainHigh / step + 1e-9);
        for (long i = first; i <= last; i++) {
            // i × step (not a running sum) keeps 0.3 from becoming 0.30000000000000004
            double v = i * step;
            ticks.add(Math.abs(v) < step * 1e-9 ? 0.0 : Double.parseDouble(String.format(Locale.ROOT, "%.12g", v)));
        }
        return ticks;
    }

    /** Decimals that tell ticks {@code step} apart (0 for whole steps). */
    static int decimals(double step) {
        return step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
    }
}
