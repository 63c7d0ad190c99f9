package kiln.domain;

import java.util.Locale;

/**
 * An enum whose constants are stored as lowercase words in the database and printed the same way in JSON, reports
 * and the command line ({@code FIRING} is "firing", {@code TOO_FEW} is "too-few"). Users query those columns with
 * their own SQL, so the words never change; the enum only stops a misspelt word from compiling.
 */
public interface StoredValue {

    /** The word in the table and in every output. */
    String stored();

    /** The lowercase word of a constant: its name with '_' written as '-'. */
    static String word(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant stored as {@code word}.
     *
     * @throws IllegalArgumentException naming the column and the words it may hold, when {@code word} is none of them
     */
    static <E extends Enum<E> & StoredValue> E parse(Class<E> type, String column, String word) {
        for (E constant : type.getEnumConstants()) {
            if (constant.stored().equals(word)) {
                return constant;
            }
        }
        StringBuilder known = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            known.append(known.length() == 0 ? "" : ", ").append(constant.stored());
        }
        throw new IllegalArgumentException(column + " is " + (word == null ? "empty" : "'" + word + "'")
                + "; it must be one of " + known);
    }
}
