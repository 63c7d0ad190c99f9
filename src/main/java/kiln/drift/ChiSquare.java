package kiln.drift;

/**
 * The chi-square distribution's upper tail, for the homogeneity test over category counts. The JDK has
 * no incomplete gamma function; this one sums its power series below {@code x = a + 1} and evaluates
 * its continued fraction (modified Lentz) above, each to a relative error near 1e-14.
 */
public final class ChiSquare {
    private static final int MAX_TERMS = 1000;
    private static final double TINY = 1e-300;
    private static final double EPS = 1e-15;

    private ChiSquare() {}

    /** P(X >= x) for X chi-square distributed with {@code dof} degrees of freedom (1 for x <= 0). */
    public static double upperTail(double x, int dof) {
        if (dof < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + dof);
        }
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        return x <= 0 ? 1.0 : regularizedUpperGamma(dof / 2.0, x / 2.0);
    }

    /** Q(a, x) = Γ(a, x) / Γ(a), for a > 0 and x >= 0. */
    static double regularizedUpperGamma(double a, double x) {
        if (x <= 0) {
            return 1.0;
        }
        if (x < a + 1) {
            return Math.max(0, 1 - lowerSeries(a, x));
        }
        return upperFraction(a, x);
    }

    /** P(a, x) from the series x^a e^-x / Γ(a+1) * (1 + x/(a+1) + x²/((a+1)(a+2)) + ...). */
    private static double lowerSeries(double a, double x) {
        double term = 1.0 / a;
        double sum = term;
        for (int n = 1; n < MAX_TERMS; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPS) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    /** Q(a, x) from the continued fraction e^-x x^a / Γ(a) * 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...))). */
    private static double upperFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double f = d;
        for (int n = 1; n < MAX_TERMS; n++) {
            double an = -n * (n - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < TINY ? TINY : d;
            c = b + an / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            double delta = d * c;
            f *= delta;
            if (Math.abs(delta - 1) < EPS) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * f;
    }

    /**
     * ln Γ(a) for a > 0: shifted up to a >= 10 by Γ(a) = Γ(a + 1) / a, then Stirling's series to the
     * a⁻⁷ term (its error there is below 1e-13).
     */
    static double logGamma(double a) {
        double shift = 0;
        double z = a;
        while (z < 10) {
            shift += Math.log(z);
            z += 1;
        }
        double inv = 1 / z;
        double inv2 = inv * inv;
        double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
        return (z - 0.5) * Math.log(z) - z + 0.5 * Math.log(2 * Math.PI) + series - shift;
    }
}
