package kiln.ml;

/**
 * How class codes meet Tribuo and predictions. Tribuo labels are named by the class code as a string
 * ("0".."K-1"), so a binary model's labels are "0" and "1" whatever the data set calls its classes
 * (the positive class is always "1"). The predicted class is the most probable one; on a tie the
 * lowest code wins, in compiled and Tribuo scoring alike.
 */
public final class ClassCodes {

    /** Tribuo's name of the positive class of a binary model. */
    public static final String POSITIVE_LABEL = "1";

    private ClassCodes() {}

    /** Tribuo's label name for class code {@code code}. */
    public static String labelName(int code) {
        return Integer.toString(code);
    }

    /**
     * The class code a Tribuo label name stands for.
     *
     * @throws IllegalStateException when the name is not a code below {@code classCount}
     */
    public static int code(String labelName, int classCount) {
        try {
            int code = Integer.parseInt(labelName);
            if (code >= 0 && code < classCount) {
                return code;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalStateException("The model predicts label '" + labelName + "', which is not a class code below " + classCount);
    }

    /** The most probable code; on a tie the lowest code wins. */
    public static int predicted(double[] distribution) {
        int best = 0;
        for (int k = 1; k < distribution.length; k++) {
            if (distribution[k] > distribution[best]) {
                best = k;
            }
        }
        return best;
    }
}
