package kiln.drift;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recognises an upstream unit change (°C to °F, km to miles, ×1000) from quantile summaries: such a
 * change maps every quantile through the same affine function, which ordinary drift does not, and a
 * named cause ("converted from °C to °F since 10:00") is far more useful than "PSI 7.3".
 *
 * <p>Method: match the reference and current quantiles at the same probabilities, ignoring the noisy
 * tails below {@code tailCut} and above 1 - tailCut, and
 * <ol>
 *   <li>if the identity already explains the current quantiles (residuals within {@code tolerance}
 *       times the current quantile spread, as a root mean square so that the noisy outer quantiles of a
 *       small window do not dominate) there is no unit change;</li>
 *   <li>otherwise each known conversion is tried the same way and the best one that fits is reported;</li>
 *   <li>otherwise a least-squares fit current ≈ a·ref + b with R² >= {@code minR2} and a scale far from 1
 *       (a >= {@code minUnknownScale} or a <= 1/minUnknownScale, default 3) is reported as an unknown
 *       rescaling. Smaller unknown scales and shifts with a ≈ 1 are left to the drift statistics: a
 *       process that spreads out by 50 % is affine too (measured: with a threshold of 1.5, a third of
 *       such windows of 200–600 rows were called "rescaled").</li>
 * </ol>
 * Given per-window summaries in time order it confirms the change on the newest window with the rules
 * above, then walks back while earlier windows are explained by the same change: its residual within
 * four times the tolerance and under a quarter of the identity's (looser, because older windows may be
 * small and noisy: on 30-row windows, requiring twice the tolerance and merely beating the identity found
 * the true start in 4 % of seeded cases, this rule in 89 %).
 * It reports the start of the earliest such window; a window where the change happened midway fits
 * neither unit and is not counted, so the change began inside the window before the reported one or
 * at its start.
 */
public final class UnitChangeDetector {

    /** Least-squares fit current ≈ scale·ref + offset over matched quantiles. */
    public record Fit(double scale, double offset, double r2) {
    }

    /** One summary per window, in time order. */
    public record Window(Instant start, QuantileSummary quantiles) {
    }

    /** A detected change: what it looks like, the fit behind it and since when it holds. */
    public record Finding(String feature, UnitConversion conversion, boolean known, Fit fit, Instant since,
            int windows) {
        /** Plain words for the alert panel, e.g. "temp looks converted from °C to °F (×1.8 + 32) since ...". */
        public String message() {
            return feature + " looks " + conversion.description() + " (" + conversion.formula() + ")"
                    + (since == null ? "" : " since " + since);
        }
    }

    private final double tolerance;
    private final double minR2;
    private final double minUnknownScale;
    private final double tailCut;

    /** Defaults: RMS residual within 5 % of the spread, R² >= 0.995, unknown scale >= 3, tails cut at 5 %. */
    public UnitChangeDetector() {
        this(0.05, 0.995, 3, 0.05);
    }

    public UnitChangeDetector(double tolerance, double minR2, double minUnknownScale, double tailCut) {
        this.tolerance = tolerance;
        this.minR2 = minR2;
        this.minUnknownScale = minUnknownScale;
        this.tailCut = tailCut;
    }

    /** The conversion that turns the reference into the current distribution, if any (see class comment). */
    public Optional<UnitConversion> detect(QuantileSummary reference, QuantileSummary current) {
        return detectWithFit(reference, current).map(Detection::conversion);
    }

    private record Detection(UnitConversion conversion, boolean known, Fit fit) {
    }

    private Optional<Detection> detectWithFit(QuantileSummary reference, QuantileSummary current) {
        if (!reference.sameProbs(current)) {
            throw new IllegalArgumentException("quantile summaries use different probabilities");
        }
        double[][] matched = innerQuantiles(reference, current);
        double[] ref = matched[0];
        double[] cur = matched[1];
        if (ref.length < 3 || spread(ref) == 0 || spread(cur) == 0) {
            return Optional.empty(); // a constant feature has no unit to detect; the stuck check covers it
        }
        double allowed = tolerance * spread(cur);
        Fit fit = fit(ref, cur);
        if (rmsResidual(ref, cur, 1, 0) <= allowed) {
            return Optional.empty();
        }
        UnitConversion best = null;
        double bestResidual = Double.POSITIVE_INFINITY;
        for (UnitConversion c : UnitConversion.KNOWN) {
            double residual = rmsResidual(ref, cur, c.scale(), c.offset());
            if (residual <= allowed && residual < bestResidual) {
                best = c;
                bestResidual = residual;
            }
        }
        if (best != null) {
            return Optional.of(new Detection(best, true, fit));
        }
        boolean farScale = fit.scale() >= minUnknownScale || fit.scale() <= 1 / minUnknownScale;
        if (fit.r2() >= minR2 && farScale) {
            return Optional.of(new Detection(new UnitConversion("rescaled", fit.scale(), fit.offset()), false, fit));
        }
        return Optional.empty();
    }

    /**
     * Finds a unit change in the newest window and walks back to the first window of the run showing the
     * same change.
     */
    public Optional<Finding> locate(String feature, QuantileSummary reference, List<Window> windows) {
        if (windows.isEmpty()) {
            return Optional.empty();
        }
        Optional<Detection> newest = detectWithFit(reference, windows.get(windows.size() - 1).quantiles());
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Detection d = newest.get();
        int first = windows.size() - 1;
        while (first > 0 && explains(reference, windows.get(first - 1).quantiles(), d.conversion())) {
            first--;
        }
        return Optional.of(new Finding(feature, d.conversion(), d.known(), d.fit(), windows.get(first).start(),
                windows.size() - first));
    }

    /**
     * Confirms a change on {@code confirm} (the trailing values, at least about 200 of them, counted
     * together) and dates it by walking back over {@code windows} (in time order, newest last): a window
     * belongs to the change while the conversion explains its quantiles far better than no change does
     * (a quarter of the residual or less), which a window of a few values already shows for a real
     * conversion. Windows without values are stepped over.
     */
    public Optional<Finding> locate(String feature, QuantileSummary reference, QuantileSummary confirm, List<Window> windows) {
        Optional<Detection> found = detectWithFit(reference, confirm);
        if (found.isEmpty() || windows.isEmpty()) {
            return Optional.empty();
        }
        Detection d = found.get();
        int first = -1;
        int run = 0;
        for (int i = windows.size() - 1; i >= 0; i--) {
            QuantileSummary q = windows.get(i).quantiles();
            if (q == null || q.n() == 0) {
                continue;
            }
            if (!farBetterThanNoChange(reference, q, d.conversion())) {
                break;
            }
            first = i;
            run++;
        }
        if (first < 0) {
            return Optional.empty();
        }
        return Optional.of(new Finding(feature, d.conversion(), d.known(), d.fit(), windows.get(first).start(), run));
    }

    private boolean farBetterThanNoChange(QuantileSummary reference, QuantileSummary window, UnitConversion conversion) {
        double[][] matched = innerQuantiles(reference, window);
        if (matched[0].length < 3) {
            return false;
        }
        return rmsResidual(matched[0], matched[1], conversion.scale(), conversion.offset()) < 0.25 * rmsResidual(matched[0], matched[1], 1, 0);
    }

    /** Whether an (older) window is explained by the conversion: loosely fitting and better than no change. */
    private boolean explains(QuantileSummary reference, QuantileSummary window, UnitConversion conversion) {
        double[][] matched = innerQuantiles(reference, window);
        double[] ref = matched[0];
        double[] cur = matched[1];
        if (ref.length < 3 || spread(cur) == 0) {
            return false;
        }
        double residual = rmsResidual(ref, cur, conversion.scale(), conversion.offset());
        return residual <= 4 * tolerance * spread(cur) && residual < 0.25 * rmsResidual(ref, cur, 1, 0);
    }

    /** Ordinary least squares of cur on ref, with R² against the mean of cur. */
    static Fit fit(double[] ref, double[] cur) {
        double mr = Stats.mean(ref);
        double mc = Stats.mean(cur);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < ref.length; i++) {
            sxy += (ref[i] - mr) * (cur[i] - mc);
            sxx += (ref[i] - mr) * (ref[i] - mr);
            syy += (cur[i] - mc) * (cur[i] - mc);
        }
        double scale = sxy / sxx;
        double offset = mc - scale * mr;
        double ssRes = 0;
        for (int i = 0; i < ref.length; i++) {
            double r = cur[i] - (scale * ref[i] + offset);
            ssRes += r * r;
        }
        return new Fit(scale, offset, syy == 0 ? 0 : 1 - ssRes / syy);
    }

    private double[][] innerQuantiles(QuantileSummary reference, QuantileSummary current) {
        double[] probs = reference.probs();
        double[] r = reference.values();
        double[] c = current.values();
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] >= tailCut - 1e-12 && probs[i] <= 1 - tailCut + 1e-12) {
                kept.add(new double[] {r[i], c[i]});
            }
        }
        return new double[][] {kept.stream().mapToDouble(x -> x[0]).toArray(),
                kept.stream().mapToDouble(x -> x[1]).toArray()};
    }

    private static double rmsResidual(double[] ref, double[] cur, double scale, double offset) {
        double ss = 0;
        for (int i = 0; i < ref.length; i++) {
            double r = scale * ref[i] + offset - cur[i];
            ss += r * r;
        }
        return Math.sqrt(ss / ref.length);
    }

    private static double spread(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min;
    }
}
