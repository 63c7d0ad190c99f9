package kiln.cli.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntFunction;

import kiln.drift.DataQuality;
import kiln.drift.DriftReference;
import kiln.drift.DriftThresholds;
import kiln.drift.FeatureDrift;
import kiln.drift.GridCounts;
import kiln.drift.LabelDrift;

/**
 * The day rules on windows, as the monitor judges them, on seeded streams at the bench's cadence: a
 * 3-day reference, then one window a day. A feature drifts when the day's verdict is DRIFT
 * ({@code drift-psi}); the quality rule breaches on values beyond the reference range or missing more
 * often than chance allows ({@code quality-breach}); a label drifts when Fisher's test of the positive
 * rate is significant. Each fires on one bad day and resolves on one clean day, so an episode is a run
 * of bad days. Delays count days from the change day (0: found on the day it happened).
 */
final class WindowRuleStreams {
    private static final DriftThresholds THRESHOLDS = DriftThresholds.defaults();
    private static final double DAY_ALPHA = THRESHOLDS.alpha(Duration.ofDays(1));
    private static final int REFERENCE_DAYS = 3;
    private static final double MISSING_RATE = 0.01;
    private static final double POSITIVE_RATE = 0.2;

    private final Scorecard scorecard;
    private final int changeDay;

    WindowRuleStreams(Scorecard scorecard, int changeDay) {
        this.scorecard = scorecard;
        this.changeDay = changeDay;
    }

    /** What a day of a stream shows the rule: true when it breaches. */
    private interface DayRule {
        boolean breaches(Random random, int day, boolean changed);
    }

    Map<String, Object> rules() {
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("drift-psi", Scorecard.rule("a day whose verdict is DRIFT (KS at the day's level, PSI and W/std beyond chance, W/std >= 0.1)",
                stable(seed -> new FeatureStream(new Random(3_000_000 + seed), v -> v)::driftDay),
                changes("mean +0.5 sd", changed(seed -> new FeatureStream(new Random(4_000_000 + seed), v -> v + 1.0)::driftDay),
                        "mean +1 sd", changed(seed -> new FeatureStream(new Random(5_000_000 + seed), v -> v + 2.0)::driftDay))));
        rules.put("quality-breach (out of range)", Scorecard.rule(
                "a day with values beyond the reference range more often than chance (beta-binomial) at the day's level",
                stable(seed -> new FeatureStream(new Random(6_000_000 + seed), v -> v)::outsideDay),
                changes("°C -> °F", changed(seed -> new FeatureStream(new Random(7_000_000 + seed), v -> v * 1.8 + 32)::outsideDay),
                        "mean +1 sd", changed(seed -> new FeatureStream(new Random(8_000_000 + seed), v -> v + 2.0)::outsideDay))));
        rules.put("quality-breach (missing)", Scorecard.rule(
                "a day with values missing more often than in the reference (Fisher's exact test) at the day's level; reference 1 % missing",
                stable(seed -> missingStream(new Random(9_000_000 + seed), MISSING_RATE)),
                changes("missing 1 % -> 5 %", changed(seed -> missingStream(new Random(10_000_000 + seed), 0.05)),
                        "missing 1 % -> 20 %", changed(seed -> missingStream(new Random(11_000_000 + seed), 0.20)))));
        rules.put("label-drift", Scorecard.rule("a day whose positive rate differs from the reference's (Fisher's exact test) at the day's level; "
                + "shown in the Monitor's drift panels, not an alert",
                stable(seed -> labelStream(new Random(12_000_000 + seed), POSITIVE_RATE)),
                changes("positives 20 % -> 30 %", changed(seed -> labelStream(new Random(13_000_000 + seed), 0.30)),
                        "positives 20 % -> 40 %", changed(seed -> labelStream(new Random(14_000_000 + seed), 0.40)))));
        return rules;
    }

    private Map<String, Object> stable(IntFunction<DayRule> streams) {
        return scorecard.falseAlarms(seed -> episodes(streams.apply(seed), new Random(seed)));
    }

    private Map<String, Object> changed(IntFunction<DayRule> streams) {
        return scorecard.delays(seed -> delay(streams.apply(seed), new Random(seed)), "days");
    }

    private int episodes(DayRule rule, Random random) {
        int episodes = 0;
        boolean firing = false;
        for (int d = 0; d < scorecard.days(); d++) {
            boolean bad = rule.breaches(random, d, false);
            episodes += bad && !firing ? 1 : 0;
            firing = bad;
        }
        return episodes;
    }

    private double delay(DayRule rule, Random random) {
        for (int d = 0; d < scorecard.days(); d++) {
            boolean bad = rule.breaches(random, d, d >= changeDay);
            if (bad && d >= changeDay) {
                return d - changeDay;
            }
        }
        return -1;
    }

    /** A gauge-like feature (mean 12, sd 2) and what the change does to its values. */
    private final class FeatureStream {
        private final Random random;
        private final DoubleUnaryOperator change;
        private final double min;
        private final double max;
        private final double width;
        private final long n;
        private final DriftReference reference;

        FeatureStream(Random random, DoubleUnaryOperator change) {
            this.random = random;
            this.change = change;
            double[] ref = values(REFERENCE_DAYS * scorecard.perDay(), v -> v);
            min = Arrays.stream(ref).min().orElseThrow();
            max = Arrays.stream(ref).max().orElseThrow();
            width = (max - min) / 200;
            n = ref.length;
            GridCounts counts = GridCounts.of(min, width, ref);
            reference = DriftReference.withNulls("x", width, counts, DriftReference.quantileLines(counts, 10), std(ref));
        }

        private double[] values(int count, DoubleUnaryOperator op) {
            double[] x = new double[count];
            for (int i = 0; i < count; i++) {
                x[i] = op.applyAsDouble(12 + 2 * random.nextGaussian());
            }
            return x;
        }

        boolean driftDay(Random unused, int day, boolean changed) {
            double[] x = values(scorecard.perDay(), changed ? change : v -> v);
            return reference.judge("x", GridCounts.of(min, width, x), DAY_ALPHA, THRESHOLDS).verdict() == FeatureDrift.Verdict.DRIFT;
        }

        boolean outsideDay(Random unused, int day, boolean changed) {
            double[] x = values(scorecard.perDay(), changed ? change : v -> v);
            long outside = Arrays.stream(x).filter(v -> v < min || v > max).count();
            return DataQuality.outsideRangeP(outside, x.length, n) < DAY_ALPHA;
        }
    }

    private static double std(double[] x) {
        double mean = Arrays.stream(x).average().orElse(0);
        return Math.sqrt(Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (x.length - 1));
    }

    private static Map<String, Object> changes(String first, Map<String, Object> a, String second, Map<String, Object> b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(first, a);
        m.put(second, b);
        return m;
    }

    private DayRule missingStream(Random random, double changedRate) {
        int referenceRows = REFERENCE_DAYS * scorecard.perDay();
        long referenceMissing = Scorecard.binomial(random, referenceRows, MISSING_RATE);
        return (unused, day, changed) -> {
            long missing = Scorecard.binomial(random, scorecard.perDay(), changed ? changedRate : MISSING_RATE);
            return DataQuality.missingP(missing, scorecard.perDay(), referenceMissing, referenceRows) < DAY_ALPHA;
        };
    }

    private DayRule labelStream(Random random, double changedRate) {
        int referenceRows = REFERENCE_DAYS * scorecard.perDay();
        long referencePositives = Scorecard.binomial(random, referenceRows, POSITIVE_RATE);
        return (unused, day, changed) -> {
            long positives = Scorecard.binomial(random, scorecard.perDay(), changed ? changedRate : POSITIVE_RATE);
            return LabelDrift.exactP(referencePositives, referenceRows, positives, scorecard.perDay()) < DAY_ALPHA;
        };
    }
}
