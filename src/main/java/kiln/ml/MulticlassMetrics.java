package kiln.ml;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link Metrics} for more than two classes, from class distributions ({@code [row][code]}).
 *
 * <ul>
 *   <li>The predicted class is the most probable one, the lowest code on a tie ({@link ClassCodes#predicted}).</li>
 *   <li>Per class: recall = right / actual rows of the class (NaN without any); precision = right / rows predicted
 *       as the class (0 when it was never predicted but occurs, NaN when it neither occurs nor is predicted).</li>
 *   <li>{@code precision}, {@code recall}, {@code f1}: macro averages (unweighted means) over the classes that occur
 *       among the test rows' actual labels; a class's F1 is 0 when its precision and recall are.</li>
 *   <li>{@code roc_auc}: macro one-vs-rest AUC, the mean over the classes that occur but are not every row; NaN
 *       when no class qualifies.</li>
 *   <li>{@code log_loss}: mean of -ln p(actual class), p clipped to [1e-15, 1 - 1e-15]. {@code brier}: mean over rows
 *       of the sum over classes of (p - indicator)², Brier's multi-class form (0..2; for two classes it would be twice
 *       the binary score, which is why binary runs keep their own).</li>
 *   <li>Calibration: bins of the predicted class's probability with the share of those rows predicted right.</li>
 * </ul>
 */
final class MulticlassMetrics {

    private MulticlassMetrics() {}

    static Metrics of(byte[] y, double[][] distribution, List<String> classes) {
        int n = y.length;
        int k = classes.size();
        if (n == 0 || distribution.length != n) {
            throw new IllegalArgumentException("Need as many distributions as labels, and at least one (" + n + ", " + distribution.length + ")");
        }
        long[][] confusion = new long[k][k];
        double logLoss = 0;
        double brier = 0;
        int bins = Metrics.CALIBRATION_BINS;
        long[] binCount = new long[bins];
        double[] binConfidence = new double[bins];
        long[] binRight = new long[bins];
        for (int i = 0; i < n; i++) {
            double[] d = distribution[i];
            int actual = y[i];
            if (d.length != k || actual < 0 || actual >= k) {
                throw new IllegalArgumentException("Row " + i + ": class code " + actual + " and " + d.length + " probabilities for " + k
                        + " classes");
            }
            int predicted = ClassCodes.predicted(d);
            confusion[actual][predicted]++;
            logLoss -= Math.log(Math.min(1 - Metrics.EPS, Math.max(Metrics.EPS, d[actual])));
            for (int c = 0; c < k; c++) {
                double err = d[c] - (c == actual ? 1 : 0);
                brier += err * err;
            }
            double confidence = d[predicted];
            int b = Math.min(bins - 1, Math.max(0, (int) (confidence * bins)));
            binCount[b]++;
            binConfidence[b] += confidence;
            if (predicted == actual) {
                binRight[b]++;
            }
        }
        List<Metrics.CalibrationBin> calibration = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            calibration.add(new Metrics.CalibrationBin((double) b / bins, (double) (b + 1) / bins, binCount[b],
                    binCount[b] == 0 ? Double.NaN : binConfidence[b] / binCount[b], binCount[b] == 0 ? Double.NaN : (double) binRight[b]
                            / binCount[b]));
        }
        return fromConfusion(confusion, classes, macroRocAuc(y, distribution, confusion), logLoss / n, brier / n, List.copyOf(calibration));
    }

    /**
     * Pools the folds of a k-fold evaluation: confusion matrices add up and the count-based metrics are
     * those of the pooled matrix; log loss, Brier and AUC are row-weighted means (AUC over the folds that have one).
     */
    static Metrics pool(List<Metrics> folds) {
        List<String> classes = folds.get(0).classes();
        int k = classes.size();
        long[][] confusion = new long[k][k];
        long rows = 0;
        long aucRows = 0;
        double logLoss = 0;
        double brier = 0;
        double auc = 0;
        for (Metrics m : folds) {
            rows += m.rows();
            logLoss += m.logLoss() * m.rows();
            brier += m.brier() * m.rows();
            if (!Double.isNaN(m.rocAuc())) {
                auc += m.rocAuc() * m.rows();
                aucRows += m.rows();
            }
            for (int a = 0; a < k; a++) {
                for (int p = 0; p < k; p++) {
                    confusion[a][p] += m.confusion()[a][p];
                }
            }
        }
        return fromConfusion(confusion, classes, aucRows == 0 ? Double.NaN : auc / aucRows, logLoss / rows, brier / rows,
                Metrics.poolCalibration(folds));
    }

    private static Metrics fromConfusion(long[][] confusion, List<String> classes, double rocAuc, double logLoss, double brier,
            List<Metrics.CalibrationBin> calibration) {
        int k = classes.size();
        double[] precision = classPrecision(confusion);
        double[] recall = classRecall(confusion);
        long rows = 0;
        long right = 0;
        int present = 0;
        double macroPrecision = 0;
        double macroRecall = 0;
        double macroF1 = 0;
        for (int c = 0; c < k; c++) {
            right += confusion[c][c];
            for (int p = 0; p < k; p++) {
                rows += confusion[c][p];
            }
            if (Double.isNaN(recall[c])) {
                continue; // no actual rows of this class
            }
            present++;
            macroPrecision += precision[c];
            macroRecall += recall[c];
            macroF1 += precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
        }
        return new Metrics(rows, (double) right / rows, macroPrecision / present, macroRecall / present, macroF1 / present, rocAuc,
                logLoss, brier, confusion, calibration, List.of(), classes, precision, recall);
    }

    /** Precision per class code from a confusion matrix (rows actual, columns predicted). */
    static double[] classPrecision(long[][] confusion) {
        int k = confusion.length;
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            long predicted = 0;
            long actual = 0;
            for (int i = 0; i < k; i++) {
                predicted += confusion[i][c];
                actual += confusion[c][i];
            }
            out[c] = predicted > 0 ? (double) confusion[c][c] / predicted : actual > 0 ? 0 : Double.NaN;
        }
        return out;
    }

    /** Recall per class code from a confusion matrix (NaN for a class without actual rows). */
    static double[] classRecall(long[][] confusion) {
        int k = confusion.length;
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            long actual = 0;
            for (int p = 0; p < k; p++) {
                actual += confusion[c][p];
            }
            out[c] = actual > 0 ? (double) confusion[c][c] / actual : Double.NaN;
        }
        return out;
    }

    private static double macroRocAuc(byte[] y, double[][] distribution, long[][] confusion) {
        int n = y.length;
        int k = confusion.length;
        byte[] isClass = new byte[n];
        double[] p = new double[n];
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < k; c++) {
            long positives = 0;
            for (int i = 0; i < k; i++) {
                positives += confusion[c][i];
            }
            if (positives == 0 || positives == n) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                isClass[i] = (byte) (y[i] == c ? 1 : 0);
                p[i] = distribution[i][c];
            }
            sum += Metrics.rocAuc(isClass, p, positives, n - positives, new ArrayList<>());
            counted++;
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }
}
