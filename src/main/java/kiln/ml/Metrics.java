package kiln.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation of a classifier on test rows: threshold metrics, ranking (ROC AUC), probabilistic
 * scores (log loss, Brier), the confusion matrix and the calibration curve.
 *
 * <p>Binary (two classes): precision, recall and F1 are those of the positive class (code 1) at the
 * threshold 0.5, ROC AUC that of the positive-class probability. Multi-class (K &gt; 2): see
 * {@link MulticlassMetrics} (macro averages, one-vs-rest AUC, top-class calibration).
 *
 * @param confusion      K×K counts: rows are the actual class, columns the predicted, both in code order
 *                       (binary: {@code [[tn, fp], [fn, tp]]})
 * @param calibration    equal-width bins of predicted probability (binary: of the positive class, with the observed
 *                       positive rate; multi-class: of the predicted class, with the observed share predicted right)
 * @param roc            the ROC curve of the positive class, at most about 200 points, from (0,0) to (1,1); empty for multi-class
 * @param classes        the class values in code order (labels the confusion matrix)
 * @param classPrecision precision per class code (NaN for a class neither present nor predicted)
 * @param classRecall    recall per class code (NaN for a class without test rows)
 */
public record Metrics(long rows, double accuracy, double precision, double recall, double f1, double rocAuc, double logLoss,
        double brier, long[][] confusion, List<CalibrationBin> calibration, List<RocPoint> roc, List<String> classes,
        double[] classPrecision, double[] classRecall) {

    public static final int CALIBRATION_BINS = 10;
    /** Probabilities are clipped to [EPS, 1 - EPS] in the log loss. */
    static final double EPS = 1e-15;

    public Metrics {
        classes = List.copyOf(classes);
    }

    /** Predicted-probability bin {@code [lower, upper)} with its mean prediction and observed rate. */
    public record CalibrationBin(double lower, double upper, long count, double meanPredicted, double observedRate) {
    }

    public record RocPoint(double falsePositiveRate, double truePositiveRate, double threshold) {
    }

    /** Evaluates probabilities of the positive class {@code p} against labels {@code y} (1 = positive, 0 = negative). */
    public static Metrics of(byte[] y, double[] p) {
        return of(y, p, TrainingData.BINARY_CLASSES);
    }

    /**
     * Evaluates class distributions ({@code distribution[row][code]}) against class codes {@code y}.
     * Two classes are evaluated exactly as {@link #of(byte[], double[], List)} on the probability of code 1.
     */
    public static Metrics of(byte[] y, double[][] distribution, List<String> classes) {
        if (classes.size() > 2) {
            return MulticlassMetrics.of(y, distribution, classes);
        }
        double[] p = new double[distribution.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = distribution[i][1];
        }
        return of(y, p, classes);
    }

    /** Binary evaluation of positive-class probabilities {@code p}; {@code classes} names codes 0 and 1. */
    public static Metrics of(byte[] y, double[] p, List<String> classes) {
        if (classes.size() != 2) {
            throw new IllegalArgumentException("Positive-class probabilities need two classes, not " + classes);
        }
        int n = y.length;
        if (n == 0 || p.length != n) {
            throw new IllegalArgumentException("Need as many probabilities as labels, and at least one (" + n + ", " + p.length + ")");
        }
        long tp = 0, fp = 0, tn = 0, fn = 0;
        double logLoss = 0, brier = 0;
        long[] binCount = new long[CALIBRATION_BINS];
        double[] binPred = new double[CALIBRATION_BINS];
        long[] binPos = new long[CALIBRATION_BINS];
        for (int i = 0; i < n; i++) {
            boolean actual = y[i] == 1;
            boolean predicted = p[i] > 0.5;
            if (actual) {
                if (predicted)
                    tp++;
                else
                    fn++;
            } else {
                if (predicted)
                    fp++;
                else
                    tn++;
            }
            double q = Math.min(1 - EPS, Math.max(EPS, p[i]));
            logLoss -= actual ? Math.log(q) : Math.log(1 - q);
            double err = p[i] - (actual ? 1 : 0);
            brier += err * err;
            int b = Math.min(CALIBRATION_BINS - 1, (int) (p[i] * CALIBRATION_BINS));
            binCount[b]++;
            binPred[b] += p[i];
            if (actual)
                binPos[b]++;
        }
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        List<CalibrationBin> calibration = new ArrayList<>();
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            calibration.add(new CalibrationBin((double) b / CALIBRATION_BINS, (double) (b + 1) / CALIBRATION_BINS, binCount[b],
                    binCount[b] == 0 ? Double.NaN : binPred[b] / binCount[b], binCount[b] == 0 ? Double.NaN : (double) binPos[b] / binCount[b]));
        }
        List<RocPoint> roc = new ArrayList<>();
        double auc = rocAuc(y, p, tp + fn, tn + fp, roc);
        long[][] confusion = {{tn, fp}, {fn, tp}};
        return new Metrics(n, (double) (tp + tn) / n, precision, recall, f1, auc, logLoss / n, brier / n,
                confusion, List.copyOf(calibration), List.copyOf(roc), classes, MulticlassMetrics.classPrecision(confusion),
                MulticlassMetrics.classRecall(confusion));
    }

    public int classCount() {
        return classes.size();
    }

    public boolean binary() {
        return classes.size() <= 2;
    }

    /**
     * Trapezoidal AUC over thresholds at each distinct probability (ties handled as one step); label 1
     * is the positive class. {@code curve} receives the ROC points.
     */
    static double rocAuc(byte[] y, double[] p, long positives, long negatives, List<RocPoint> curve) {
        Integer[] order = new Integer[y.length];
        for (int i = 0; i < order.length; i++)
            order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0, 1});
        long tp = 0, fp = 0;
        double auc = 0, prevFpr = 0, prevTpr = 0;
        for (int k = 0; k < order.length;) {
            double threshold = p[order[k]];
            while (k < order.length && p[order[k]] == threshold) {
                if (y[order[k]] == 1)
                    tp++;
                else
                    fp++;
                k++;
            }
            double tpr = positives == 0 ? 0 : (double) tp / positives;
            double fpr = negatives == 0 ? 0 : (double) fp / negatives;
            auc += (fpr - prevFpr) * (tpr + prevTpr) / 2;
            prevFpr = fpr;
            prevTpr = tpr;
            points.add(new double[] {fpr, tpr, threshold});
        }
        int step = Math.max(1, points.size() / 200);
        for (int i = 0; i < points.size(); i++) {
            if (i % step == 0 || i == points.size() - 1) {
                double[] pt = points.get(i);
                curve.add(new RocPoint(pt[0], pt[1], pt[2]));
            }
        }
        return positives == 0 || negatives == 0 ? Double.NaN : auc;
    }

    /**
     * The scalar metrics by name, as stored in {@code run.metrics}. Multi-class evaluations add each
     * class's {@code precision[VALUE]} and {@code recall[VALUE]} (VALUE: the class value, e.g. {@code recall[rain]}).
     */
    public Map<String, Double> scalars() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy);
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("f1", f1);
        m.put("roc_auc", rocAuc);
        m.put("log_loss", logLoss);
        m.put("brier", brier);
        if (!binary()) {
            for (int k = 0; k < classes.size(); k++) {
                m.put(classKey("precision", classes.get(k)), classPrecision[k]);
                m.put(classKey("recall", classes.get(k)), classRecall[k]);
            }
        }
        return m;
    }

    /** The {@link #scalars()} key of a per-class metric: {@code recall[rain]}. */
    public static String classKey(String metric, String classValue) {
        return metric + "[" + classValue + "]";
    }

    /**
     * Pools the evaluations of k folds: confusion matrices add up; binary metrics are row-weighted
     * means, multi-class ones see {@link MulticlassMetrics#pool}.
     */
    public static Metrics pool(List<Metrics> folds) {
        if (folds.size() == 1) {
            return folds.get(0);
        }
        if (!folds.get(0).binary()) {
            return MulticlassMetrics.pool(folds);
        }
        long rows = 0;
        double acc = 0, prec = 0, rec = 0, f1 = 0, auc = 0, ll = 0, br = 0;
        long[][] confusion = new long[2][2];
        for (Metrics m : folds) {
            rows += m.rows;
            acc += m.accuracy * m.rows;
            prec += m.precision * m.rows;
            rec += m.recall * m.rows;
            f1 += m.f1 * m.rows;
            auc += m.rocAuc * m.rows;
            ll += m.logLoss * m.rows;
            br += m.brier * m.rows;
            for (int a = 0; a < 2; a++)
                for (int b = 0; b < 2; b++)
                    confusion[a][b] += m.confusion[a][b];
        }
        return new Metrics(rows, acc / rows, prec / rows, rec / rows, f1 / rows, auc / rows, ll / rows, br / rows, confusion,
                poolCalibration(folds), folds.get(0).roc, folds.get(0).classes, MulticlassMetrics.classPrecision(confusion),
                MulticlassMetrics.classRecall(confusion));
    }

    /** The folds' calibration bins merged: counts add up, means and rates are count-weighted. */
    static List<CalibrationBin> poolCalibration(List<Metrics> folds) {
        long[] binCount = new long[CALIBRATION_BINS];
        double[] binPred = new double[CALIBRATION_BINS];
        double[] binPos = new double[CALIBRATION_BINS];
        for (Metrics m : folds) {
            for (int b = 0; b < CALIBRATION_BINS; b++) {
                CalibrationBin c = m.calibration.get(b);
                if (c.count() > 0) {
                    binCount[b] += c.count();
                    binPred[b] += c.meanPredicted() * c.count();
                    binPos[b] += c.observedRate() * c.count();
                }
            }
        }
        List<CalibrationBin> calibration = new ArrayList<>();
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            calibration.add(new CalibrationBin((double) b / CALIBRATION_BINS, (double) (b + 1) / CALIBRATION_BINS, binCount[b],
                    binCount[b] == 0 ? Double.NaN : binPred[b] / binCount[b], binCount[b] == 0 ? Double.NaN : binPos[b] / binCount[b]));
        }
        return List.copyOf(calibration);
    }
}
