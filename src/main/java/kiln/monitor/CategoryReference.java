package kiln.monitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One categorical feature's categories in a drift reference, and the buckets windows are counted in:
 * the {@link #MAX_TRACKED} most common reference categories one by one, then one bucket for the
 * reference's rarer categories, and last the bucket of values the reference never had (unseen).
 *
 * @param tracked the categories counted one by one, most common first (ties by value)
 * @param counts  the reference's own counts per bucket (the unseen bucket is 0)
 */
record CategoryReference(String feature, List<String> tracked, Map<String, Integer> bucketOf, long[] counts) {

    static final int MAX_TRACKED = 100;

    /** From the reference window's count per category (missing values left out). */
    static CategoryReference of(String feature, Map<String, Long> countByValue) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(countByValue.entrySet());
        sorted.sort(Comparator.comparingLong((Map.Entry<String, Long> e) -> -e.getValue()).thenComparing(Map.Entry::getKey));
        int tracked = Math.min(MAX_TRACKED, sorted.size());
        Map<String, Integer> bucketOf = new HashMap<>();
        long[] counts = new long[tracked + 2];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            int bucket = Math.min(i, tracked);
            bucketOf.put(sorted.get(i).getKey(), bucket);
            counts[bucket] += sorted.get(i).getValue();
            if (i < tracked) {
                names.add(sorted.get(i).getKey());
            }
        }
        return new CategoryReference(feature, List.copyOf(names), Map.copyOf(bucketOf), counts);
    }

    int buckets() {
        return counts.length;
    }

    /** The bucket of a (non-missing) value. */
    int bucket(String value) {
        Integer b = bucketOf.get(value);
        return b == null ? unseenBucket() : b;
    }

    int unseenBucket() {
        return counts.length - 1;
    }

    long n() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }
}
