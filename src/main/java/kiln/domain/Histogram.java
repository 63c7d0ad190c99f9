package kiln.domain;

/** Counts over shared bin edges ({@code edges.length == counts.length + 1}); used for reference-vs-current views. */
public record Histogram(double[] edges, long[] counts) {
}
