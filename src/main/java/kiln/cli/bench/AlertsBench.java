package kiln.cli.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;

import kiln.domain.AlertState;
import kiln.drift.Adwin;
import kiln.drift.AlertHysteresis;
import kiln.drift.Ddm;
import kiln.drift.DetectorState;
import kiln.drift.ErrorStreamDetector;
import kiln.drift.KpiEvidence;
import kiln.drift.PageHinkley;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln bench alerts --seeds N --json}: each alert rule's decision, as the monitor takes it, on
 * seeded synthetic streams: false alarms per 42 stable days, and the delay to detect each injected
 * change (median over seeds). Covers the rules on labels (KPI, detectors) and the day rules on windows
 * (feature drift, out-of-range and missing values, label drift: {@link WindowRuleStreams}). The streams
 * have glassware's cadence (192 labelled rows a day) unless told otherwise; the scorecard is
 * docs/alerts-scorecard.md.
 */
@Command(name = "alerts", description = "Alert rules on seeded stable and changing streams: false alarms per 42 days, "
        + "median detection delay per injected change.")
public final class AlertsBench implements Callable<Integer> {

    @Mixin
    BenchRun bench;
    @Option(names = "--seeds", defaultValue = "200", description = "Seeded runs per stream (default: ${DEFAULT-VALUE}).")
    int seeds;
    @Option(names = "--days", defaultValue = "42", description = "Days per run (default: ${DEFAULT-VALUE}).")
    int days;
    @Option(names = "--per-day", defaultValue = "192", description = "Labelled rows a day (default: ${DEFAULT-VALUE}, glassware's).")
    int perDay;
    private Scorecard scorecard;

    /** Where every change is injected: the middle of the run. */
    private int changeDay() {
        return days / 2;
    }

    @Override
    public Integer call() {
        if (seeds < 1 || days < 4 || perDay < 1) {
            throw new picocli.CommandLine.ParameterException(bench.commandLine(), "need --seeds >= 1, --days >= 4 and --per-day >= 1");
        }
        long t0 = System.nanoTime();
        scorecard = new Scorecard(seeds, days, perDay);
        BenchReport report = new BenchReport();
        report.put("seeds", seeds).put("days", days).put("labels_per_day", perDay).put("change_day", changeDay());
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("kpi-accuracy-below-band", kpiRule());
        rules.put("detector-drift", detectorRule());
        rules.putAll(new WindowRuleStreams(scorecard, changeDay()).rules());
        report.put("rules", rules);
        report.put("elapsed_ms", (System.nanoTime() - t0) / 1e6);
        return bench.print(report);
    }

    // --- KPI rule: pooled Wilson upper bound over 2 days below 0.80, resolve at 0.83 ---

    private Map<String, Object> kpiRule() {
        Map<String, Object> stable = new LinkedHashMap<>();
        for (double accuracy : new double[] {0.84, 0.90}) {
            stable.put(String.format(Locale.ROOT, "accuracy %.2f", accuracy), falseAlarms(seed -> kpiFirings(new Random(seed), accuracy, accuracy,
                    false)));
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        for (double after : new double[] {0.70, 0.76}) {
            changes.put(String.format(Locale.ROOT, "accuracy 0.90 -> %.2f", after), delays(seed -> kpiFirings(new Random(1_000_000 + seed), 0.90,
                    after, true), "days"));
        }
        return rule("the 99.9 % Wilson upper bound of accuracy pooled over 2 label-complete days below 0.80; delays in "
                + "days of labels (the live delay adds the label latency)", stable, changes);
    }

    /** Stable: the number of firings in the run; changing: the day of the first firing from the change on, minus the change day (-1 when none). */
    private double kpiFirings(Random random, double before, double after, boolean delay) {
        long[] correct = new long[days];
        long[] labelled = new long[days];
        for (int d = 0; d < days; d++) {
            double p = d < changeDay() ? before : after;
            labelled[d] = perDay;
            correct[d] = binomial(random, perDay, p);
        }
        double[] upper = KpiEvidence.pooledUpperBounds(correct, labelled, 2);
        AlertHysteresis machine = new AlertHysteresis(new AlertHysteresis.Rule(AlertHysteresis.Direction.BELOW, 0.80, 0.83, 1, 1));
        int firings = 0;
        for (int d = 0; d < days; d++) {
            for (AlertHysteresis.Transition t : machine.observe(Instant.EPOCH.plus(Duration.ofDays(d)), (double) correct[d] / perDay, upper[d])) {
                if (t.to() == AlertState.FIRING) {
                    if (delay && d >= changeDay()) {
                        return d - changeDay() + 1; // a day's evidence is complete at its end
                    }
                    firings++;
                }
            }
        }
        return delay ? -1 : firings;
    }

    // --- detector rule: ADWIN, Page-Hinkley, DDM on the error stream; an alert resolves after 2,000 quiet labels ---

    private Map<String, Object> detectorRule() {
        Map<String, Object> perDetector = new LinkedHashMap<>();
        List<Map.Entry<String, Supplier<ErrorStreamDetector>>> detectors = List.of(Map.entry("ADWIN", Adwin::new),
                Map.entry("Page-Hinkley", PageHinkley::new), Map.entry("DDM", Ddm::new));
        for (Map.Entry<String, Supplier<ErrorStreamDetector>> d : detectors) {
            Map<String, Object> stable = new LinkedHashMap<>();
            for (double error : new double[] {0.02, 0.10, 0.40}) {
                stable.put(String.format(Locale.ROOT, "error rate %.2f", error), falseAlarms(seed -> detectorEpisodes(new Random(seed), d.getValue(),
                        error, error, false)));
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            for (double[] c : new double[][] {{0.10, 0.30}, {0.10, 0.20}}) {
                changes.put(String.format(Locale.ROOT, "error rate %.2f -> %.2f", c[0], c[1]),
                        delays(seed -> detectorEpisodes(new Random(2_000_000 + seed), d.getValue(), c[0], c[1], true), "labels"));
            }
            perDetector.put(d.getKey(), rule("DRIFT on a rising error rate; delays in labels (" + perDay + " a day)", stable, changes));
        }
        // The rule as a whole: an alert from any of the three.
        Map<String, Object> stable = new LinkedHashMap<>();
        for (double error : new double[] {0.02, 0.10, 0.40}) {
            stable.put(String.format(Locale.ROOT, "error rate %.2f", error), falseAlarms(seed -> {
                double episodes = 0;
                for (Map.Entry<String, Supplier<ErrorStreamDetector>> d : detectors) {
                    episodes += detectorEpisodes(new Random(seed), d.getValue(), error, error, false);
                }
                return episodes;
            }));
        }
        perDetector.put("any detector", Map.of("stable", stable));
        return perDetector;
    }

    /** Stable: alert episodes in the run (a DRIFT more than 2,000 labels after the last opens a new one); changing: labels from the change to the first DRIFT. */
    private double detectorEpisodes(Random random, Supplier<ErrorStreamDetector> factory, double before, double after, boolean delay) {
        ErrorStreamDetector detector = factory.get();
        int labels = days * perDay;
        int change = changeDay() * perDay;
        int episodes = 0;
        int lastDrift = Integer.MIN_VALUE / 2;
        for (int i = 0; i < labels; i++) {
            boolean error = random.nextDouble() < (i < change ? before : after);
            if (detector.update(error) == DetectorState.DRIFT) {
                if (delay && i >= change) {
                    return i - change + 1;
                }
                if (i - lastDrift > 2_000) {
                    episodes++;
                }
                lastDrift = i;
            }
        }
        return delay ? -1 : episodes;
    }

    private Map<String, Object> rule(String how, Map<String, Object> stable, Map<String, Object> changes) {
        return Scorecard.rule(how, stable, changes);
    }

    private Map<String, Object> falseAlarms(IntToDoubleFunction run) {
        return scorecard.falseAlarms(run);
    }

    private Map<String, Object> delays(IntToDoubleFunction run, String unit) {
        return scorecard.delays(run, unit);
    }

    private static long binomial(Random random, int n, double p) {
        return Scorecard.binomial(random, n, p);
    }
}
