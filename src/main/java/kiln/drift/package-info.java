/**
 * Pure drift, data-quality, sequential-detector, KPI and alert-hysteresis mathematics.
 *
 * <p>Everything here works on small summaries (bin counts over reference quantile edges, quantiles,
 * counts and sums) that the store computes in SQL, so the monitor never ships raw rows to Java; raw
 * {@code double[]} entry points exist for small windows and tests. JDK and {@code kiln.domain} only.
 * See {@code docs/drift.md} for the formulas, default thresholds and when to trust each statistic.
 */
package kiln.drift;
