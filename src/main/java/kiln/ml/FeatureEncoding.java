package kiln.ml;

/** How a bin index reaches the learner: trees want the ordinal bin, linear models a value in [0, 1]. */
public enum FeatureEncoding {
    /** The bin index itself (0 = missing, 1..k+1 = bins); trees only need the order. */
    BIN,
    /** The bin index divided by the number of bins, so gradient steps are well scaled. */
    BIN_FRACTION;

    public double encode(int bin, int binCount) {
        return this == BIN ? bin : (double) bin / binCount;
    }
}
