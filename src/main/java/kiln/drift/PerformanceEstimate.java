package kiln.drift;

/**
 * Label-free accuracy estimate by confidence-based performance estimation (CBPE): if the calibrated
 * probability of good is c, a "good" prediction is right with probability c and a "bad" one with
 * 1 - c, so the expected accuracy of a window is the mean of those probabilities. It fills the hours
 * before labels arrive and is replaced by the realised accuracy when they do.
 *
 * <p>Expected accuracy = (1/n) Σ q_i with q_i = c_i if predicted good (raw p >= threshold), else 1 - c_i;
 * this is the mean of max(c, 1 - c) whenever calibration keeps each prediction on its side of 0.5. The
 * realised accuracy of n independent predictions then has variance Σ q_i (1 - q_i) / n² (a
 * Poisson-binomial), which gives the standard error and a normal interval.
 *
 * <p><b>Blind spot:</b> it cannot see pure concept drift. When the relation between inputs and quality
 * changes while the inputs do not, the model stays just as confident while being wrong, and the
 * estimate stays high; only realised accuracy (labels) and the error-stream detectors reveal it. It also
 * assumes the calibration learned in training still holds on the current inputs.
 *
 * @param n                  predictions in the window
 * @param expectedAccuracy   mean of q_i (NaN when n = 0)
 * @param standardError      √(Σ q_i(1 - q_i)) / n
 * @param lower              expected accuracy - z·se, clamped to [0, 1]
 * @param upper              expected accuracy + z·se, clamped to [0, 1]
 */
public record PerformanceEstimate(long n, double expectedAccuracy, double standardError, double lower,
        double upper) {

    /** From the sums SQL (or an {@link Accumulator}) produces: n, Σ q_i and Σ q_i (1 - q_i). */
    public static PerformanceEstimate fromSums(long n, double sumCorrect, double sumVariance, double z) {
        if (n == 0) {
            return new PerformanceEstimate(0, Double.NaN, Double.NaN, 0, 1);
        }
        double mean = sumCorrect / n;
        double se = Math.sqrt(Math.max(0, sumVariance)) / n;
        return new PerformanceEstimate(n, mean, se, Math.max(0, mean - z * se), Math.min(1, mean + z * se));
    }

    /** Estimate for raw predicted probabilities of good, calibrated by the map, at a 95 % interval. */
    public static PerformanceEstimate of(double[] probabilitiesOfGood, CalibrationMap calibration, double threshold) {
        Accumulator accumulator = new Accumulator(calibration, threshold);
        for (double p : probabilitiesOfGood) {
            accumulator.add(p);
        }
        return accumulator.estimate();
    }

    /** Running sums, so a window's estimate grows prediction by prediction and windows can be merged. */
    public static final class Accumulator {
        private final CalibrationMap calibration;
        private final double threshold;
        private long n;
        private double sumCorrect;
        private double sumVariance;

        public Accumulator(CalibrationMap calibration, double threshold) {
            this.calibration = calibration;
            this.threshold = threshold;
        }

        /** Adds one prediction given as the model's raw probability of good. */
        public void add(double probabilityOfGood) {
            Stats.requireProbability(probabilityOfGood, "probability of good");
            double calibrated = calibration.apply(probabilityOfGood);
            double q = probabilityOfGood >= threshold ? calibrated : 1 - calibrated;
            n++;
            sumCorrect += q;
            sumVariance += q * (1 - q);
        }

        public void merge(Accumulator other) {
            n += other.n;
            sumCorrect += other.sumCorrect;
            sumVariance += other.sumVariance;
        }

        public PerformanceEstimate estimate() {
            return fromSums(n, sumCorrect, sumVariance, WilsonInterval.Z95);
        }
    }
}
