package kiln.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

import kiln.sim.scenario.Change;
import kiln.sim.scenario.FeatureSpec;
import kiln.sim.scenario.Regime;
import kiln.sim.scenario.Rule;
import kiln.sim.scenario.Scenario;

/**
 * Produces a scenario's products one by one, in id order. Each product draws from its own random
 * stream seeded by (seed, id) in a fixed order: jitter, then per feature the raw value and its
 * noise, then three auxiliary uniforms (concept blend, label noise, missing values). So the same
 * seed gives the same values whatever the batch sizes, speed or pauses, and an injected change never
 * shifts the random numbers of the products around it.
 *
 * <p>Not thread-safe; the fields of the current product are read after {@link #next()}.
 */
public final class ScenarioGenerator {

    private final Scenario s;
    private final long seed;
    private final int featureCount;
    private final int[][] ruleIndex;
    private final Rule[] regimeRules;
    private final int[][] changeRuleIndex;
    private final int[] changeFeature;
    private final double[] stuckValue;
    private final double[] lastMeasured;
    private final long startMillis;
    private final long cadenceMillis;
    private final long jitterSeconds;
    private long nextId;

    // The current product.
    public long id;
    public long pid;
    public int sensorId;
    public long processTimeMillis;
    public final double[] raw;
    /** Measured values as sent; NaN means the sensor sent nothing (NULL). */
    public final double[] measured;
    public int quality;
    public long labelTimeMillis;

    public ScenarioGenerator(Scenario scenario, long seed) {
        this.s = scenario;
        this.seed = seed;
        this.featureCount = scenario.features().size();
        this.raw = new double[featureCount];
        this.measured = new double[featureCount];
        this.lastMeasured = new double[featureCount];
        Arrays.fill(lastMeasured, Double.NaN);
        this.regimeRules = scenario.regimes().stream().map(Regime::rule).toArray(Rule[]::new);
        this.ruleIndex = new int[regimeRules.length][];
        for (int r = 0; r < regimeRules.length; r++) {
            ruleIndex[r] = indexOf(regimeRules[r]);
        }
        int changes = scenario.changes().size();
        this.changeRuleIndex = new int[changes][];
        this.changeFeature = new int[changes];
        this.stuckValue = new double[changes];
        for (int c = 0; c < changes; c++) {
            Change ch = scenario.changes().get(c);
            changeRuleIndex[c] = ch.rule() == null ? null : indexOf(ch.rule());
            changeFeature[c] = ch.feature() == null ? -1 : scenario.featureIndex(ch.feature());
            stuckValue[c] = ch.value() == null ? Double.NaN : ch.value();
        }
        this.startMillis = scenario.start().toEpochMilli();
        this.cadenceMillis = scenario.cadence().toMillis();
        this.jitterSeconds = scenario.jitter().toSeconds();
        this.nextId = scenario.firstId();
    }

    private int[] indexOf(Rule rule) {
        return rule.features().stream().mapToInt(s::featureIndex).toArray();
    }

    public boolean hasNext() {
        return nextId <= s.lastId();
    }

    /** The process time the next product will have, without generating it; Long.MAX_VALUE when done. */
    public long peekTimeMillis() {
        if (!hasNext()) {
            return Long.MAX_VALUE;
        }
        return startMillis + nextId * cadenceMillis + jitterMillis(rng(nextId));
    }

    private SplittableRandom rng(long productId) {
        // SplitMix64-style mixing so neighbouring ids get unrelated streams.
        long z = seed * 0x9E3779B97F4A7C15L + productId * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    private long jitterMillis(SplittableRandom r) {
        return Math.round(r.nextDouble() * jitterSeconds) * 1000L;
    }

    /** Generates the next product into the public fields. */
    public void next() {
        if (!hasNext()) {
            throw new IllegalStateException("The scenario has no more products");
        }
        id = nextId++;
        pid = s.pidOffset() + id;
        sensorId = (int) ((id - s.firstId()) % s.sensors()) + 1;
        SplittableRandom r = rng(id);
        processTimeMillis = startMillis + id * cadenceMillis + jitterMillis(r);
        for (int f = 0; f < featureCount; f++) {
            FeatureSpec spec = s.features().get(f);
            raw[f] = spec.distribution().sample(r);
            measured[f] = spec.noise() * r.nextGaussian(); // the noise term; raw added below
        }
        double uBlend = r.nextDouble();
        double uLabelNoise = r.nextDouble();
        double uMissing = r.nextDouble();
        long t = processTimeMillis;

        // Data drift moves the true values: the process itself changed.
        for (int c = 0; c < s.changes().size(); c++) {
            Change ch = s.changes().get(c);
            if (ch.kind() == Change.Kind.DATA_DRIFT) {
                double w = ch.weight(t);
                if (w > 0) {
                    int f = changeFeature[c];
                    double centre = s.features().get(f).distribution().centre();
                    raw[f] = centre + (raw[f] - centre) * (1 + (ch.scale() - 1) * w) + ch.shift() * w;
                }
            }
        }
        for (int f = 0; f < featureCount; f++) {
            measured[f] += raw[f];
        }

        // The concept: regime by id/time, then sudden, gradual and recurring changes on top.
        int regime = 0;
        for (int g = 1; g < regimeRules.length; g++) {
            Regime rg = s.regimes().get(g);
            if (rg.fromId() != null ? id >= rg.fromId() : t >= rg.from().toEpochMilli()) {
                regime = g;
            }
        }
        Rule rule = regimeRules[regime];
        int[] index = ruleIndex[regime];
        long delayMillis = s.labelDelay().delay().toMillis();
        boolean flip = false;
        for (int c = 0; c < s.changes().size(); c++) {
            Change ch = s.changes().get(c);
            switch (ch.kind()) {
                case CONCEPT_CHANGE -> {
                    double w = ch.weight(t);
                    if (w > 0 && (w >= 1 || uBlend < w)) {
                        rule = ch.rule();
                        index = changeRuleIndex[c];
                    }
                }
                case RECURRING_CONCEPT -> {
                    if (ch.weight(t) > 0 && ((t - ch.at().toEpochMilli()) / ch.period().toMillis()) % 2 == 0) {
                        rule = ch.rule();
                        index = changeRuleIndex[c];
                    }
                }
                case LABEL_NOISE -> flip |= ch.weight(t) > 0 && uLabelNoise < ch.fraction();
                case LABEL_DELAY -> {
                    if (t >= ch.at().toEpochMilli()) {
                        delayMillis = ch.delay().toMillis();
                    }
                }
                default -> {
                }
            }
        }
        quality = rule.good(raw, index) ? 1 : 0;
        if (flip) {
            quality = 1 - quality;
        }
        long due = t + delayMillis;
        labelTimeMillis = s.labelDelay().alignToDay() ? Math.floorDiv(due, 86_400_000L) * 86_400_000L : due;

        // Upstream faults change only what is reported, not the product.
        for (int c = 0; c < s.changes().size(); c++) {
            Change ch = s.changes().get(c);
            int f = changeFeature[c];
            switch (ch.kind()) {
                case UNIT_CHANGE -> {
                    if (ch.weight(t) > 0) {
                        measured[f] = measured[f] * ch.factor() + ch.offset();
                    }
                }
                case STUCK_SENSOR -> {
                    if (ch.weight(t) > 0) {
                        if (Double.isNaN(stuckValue[c])) {
                            // Stuck at the last value it reported before the fault (or its first one if none).
                            stuckValue[c] = Double.isNaN(lastMeasured[f]) ? measured[f] : lastMeasured[f];
                        }
                        measured[f] = stuckValue[c];
                    }
                }
                case MISSING_VALUES -> {
                    if (ch.weight(t) > 0 && uMissing < ch.fraction()) {
                        measured[f] = Double.NaN;
                    }
                }
                default -> {
                }
            }
        }
        for (int f = 0; f < featureCount; f++) {
            if (!Double.isNaN(measured[f])) {
                lastMeasured[f] = measured[f];
            }
        }
    }
}
