package kiln.domain;

import java.time.Instant;
import java.util.List;

/**
 * How a categorical feature's values spread over its categories in the drift reference and in a
 * window, as bars to draw: the reference's most common categories one by one (most common first), its
 * rarer ones together in one {@link Kind#OTHER} bar, then the categories the reference never had
 * ({@link Kind#UNSEEN}, most common in the window first; past a few of them, one bar for the rest).
 * Counts leave missing values out; those are counted on their own.
 *
 * @param reference       what the reference is, in words ("v1's training window"); null when the window has
 *                        no drift row of the feature yet, so no reference was chosen
 * @param referenceStart  start of the reference window (inclusive), null with no reference
 * @param referenceEnd    end of the reference window (exclusive), null with no reference
 * @param referenceMissing reference rows without a value
 * @param currentMissing   window rows without a value
 */
public record CategoryShares(String feature, String reference, Instant referenceStart, Instant referenceEnd,
        long referenceMissing, long currentMissing, List<Bar> bars) {

    /** What a bar stands for. */
    public enum Kind {
        /** One category of the reference. */
        CATEGORY,
        /** The reference's rarer categories together. */
        OTHER,
        /** Categories the reference never had (one, or several together). */
        UNSEEN
    }

    /**
     * One bar pair.
     *
     * @param label      the category, or what the group holds ("other (12 categories)", "new: 3 more")
     * @param categories how many categories the bar counts (1 for a single one)
     */
    public record Bar(String label, Kind kind, int categories, long referenceCount, long currentCount) {
    }

    public CategoryShares {
        bars = List.copyOf(bars);
    }

    /** Values counted in the reference (missing ones left out). */
    public long referenceValues() {
        return bars.stream().mapToLong(Bar::referenceCount).sum();
    }

    /** Values counted in the window (missing ones left out). */
    public long currentValues() {
        return bars.stream().mapToLong(Bar::currentCount).sum();
    }

    /** Percent of the reference's values in bar {@code i} (0 when the reference has none). */
    public double referencePercent(int i) {
        long n = referenceValues();
        return n == 0 ? 0 : 100.0 * bars.get(i).referenceCount() / n;
    }

    /** Percent of the window's values in bar {@code i} (0 when the window has none). */
    public double currentPercent(int i) {
        long n = currentValues();
        return n == 0 ? 0 : 100.0 * bars.get(i).currentCount() / n;
    }
}
