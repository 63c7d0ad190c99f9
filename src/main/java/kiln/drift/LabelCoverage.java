package kiln.drift;

/**
 * How many of a window's predictions already have a label: a realised KPI over 5 % of the rows is not
 * the same evidence as one over all of them, so every KPI point carries it.
 */
public record LabelCoverage(long predictions, long labelled) {

    public LabelCoverage {
        if (predictions < 0 || labelled < 0 || labelled > predictions) {
            throw new IllegalArgumentException("need 0 <= labelled <= predictions, got " + labelled + " of " + predictions);
        }
    }

    /** labelled / predictions (0 for a window without predictions). */
    public double share() {
        return predictions == 0 ? 0 : (double) labelled / predictions;
    }

    /** Whether the realised KPI may replace the label-free estimate (coverage reached {@code minShare}). */
    public boolean sufficient(double minShare) {
        return predictions > 0 && share() >= minShare;
    }
}
