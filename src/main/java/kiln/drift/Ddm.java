package kiln.drift;

/**
 * Drift Detection Method (Gama et al., 2004): tracks the running error rate p and its binomial standard
 * deviation s = √(p(1-p)/n) and signals when p + s rises well above the lowest p + s seen, a simple and
 * well-known detector for a rising error rate.
 *
 * <p>Warning when p + s >= p_min + {@code warningLevel}·s_min (default 2), drift at
 * {@code driftLevel}·s_min (default 3), after at least {@code minInstances} observations: 100 rather
 * than the paper's 30, because the first estimates are so noisy that a chance low p_min then makes false
 * drifts common (measured on seeded p = 0.05 streams: 59 false drifts per 100,000 early samples with 30,
 * 18 with 100). WARNING is frequent by design (about a third of the time on a stationary stream, since
 * p_min is a selected low), so alert on DRIFT only.
 * The minimum is not taken while s = 0 (no error yet, or only errors), which would otherwise make the
 * first error after a clean start look like a drift. Resets itself after a drift. Only increases of the
 * error rate are detected.
 */
public final class Ddm implements ErrorStreamDetector {
    private final double warningLevel;
    private final double driftLevel;
    private final int minInstances;
    private long n;
    private long errors;
    private double pMin;
    private double sMin;

    public Ddm() {
        this(2.0, 3.0, 100);
    }

    public Ddm(double warningLevel, double driftLevel, int minInstances) {
        if (!(warningLevel > 0 && driftLevel > warningLevel && minInstances > 0)) {
            throw new IllegalArgumentException("need 0 < warningLevel < driftLevel and minInstances > 0");
        }
        this.warningLevel = warningLevel;
        this.driftLevel = driftLevel;
        this.minInstances = minInstances;
        reset();
    }

    @Override
    public DetectorState update(boolean error) {
        n++;
        if (error) {
            errors++;
        }
        if (n < minInstances) {
            return DetectorState.STABLE;
        }
        double p = (double) errors / n;
        double s = Math.sqrt(p * (1 - p) / n);
        if (s > 0 && p + s < pMin + sMin) {
            pMin = p;
            sMin = s;
        }
        if (sMin == Double.POSITIVE_INFINITY) {
            return DetectorState.STABLE;
        }
        if (p + s >= pMin + driftLevel * sMin) {
            reset();
            return DetectorState.DRIFT;
        }
        return p + s >= pMin + warningLevel * sMin ? DetectorState.WARNING : DetectorState.STABLE;
    }

    @Override
    public void reset() {
        n = 0;
        errors = 0;
        pMin = Double.POSITIVE_INFINITY;
        sMin = Double.POSITIVE_INFINITY;
    }

    @Override
    public String name() {
        return "DDM";
    }
}
