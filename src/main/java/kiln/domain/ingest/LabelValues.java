package kiln.domain.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What label values say before any is stored: how many classes a label may have, and which value of a
 * two-valued label reads as the positive class. The store's label classes and the import wizard's
 * guesses both follow these rules.
 */
public final class LabelValues {

    /** Kiln handles up to this many classes; a label with more values is most likely not a class label. */
    public static final int MAX_CLASSES = 64;
    private static final Set<String> POSITIVE_WORDS = Set.of("1", "true", "t", "yes", "y", "good", "up", "pass", "passed", "ok",
            "positive", "pos", "success");

    private LabelValues() {}

    /** Whether the value reads as a positive class (1, true, yes, good, pass, ok, ...), ignoring case and spaces. */
    public static boolean readsPositive(String value) {
        return value != null && POSITIVE_WORDS.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** The value of a two-valued label that reads as positive, when exactly one does (an import wizard's guess). */
    public static Optional<String> guessPositive(List<String> values) {
        List<String> positive = values.stream().filter(LabelValues::readsPositive).toList();
        return positive.size() == 1 ? Optional.of(positive.get(0)) : Optional.empty();
    }
}
