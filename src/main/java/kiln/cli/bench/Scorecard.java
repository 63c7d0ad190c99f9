package kiln.cli.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/**
 * How {@code kiln bench alerts} sums up a rule over its seeds: false alarms per 42 days on stable runs,
 * and the share of changing runs that detected the change with the median and p90 delay.
 */
final class Scorecard {
    private final int seeds;
    private final int days;
    private final int perDay;

    Scorecard(int seeds, int days, int perDay) {
        this.seeds = seeds;
        this.days = days;
        this.perDay = perDay;
    }

    int seeds() {
        return seeds;
    }

    int days() {
        return days;
    }

    int perDay() {
        return perDay;
    }

    static Map<String, Object> rule(String how, Map<String, Object> stable, Map<String, Object> changes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decision", how);
        m.put("stable", stable);
        m.put("changes", changes);
        return m;
    }

    /** @param run a stable run's number of alert episodes, by seed */
    Map<String, Object> falseAlarms(IntToDoubleFunction run) {
        double total = 0;
        int withAny = 0;
        for (int seed = 0; seed < seeds; seed++) {
            double n = run.applyAsDouble(seed);
            total += n;
            withAny += n > 0 ? 1 : 0;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("false_alarms_per_42_days", round(total / seeds * 42.0 / days));
        m.put("runs_with_a_false_alarm", round((double) withAny / seeds));
        return m;
    }

    /** @param run a changing run's delay from the change to the first alert, by seed; negative when none came */
    Map<String, Object> delays(IntToDoubleFunction run, String unit) {
        double[] found = new double[seeds];
        int n = 0;
        for (int seed = 0; seed < seeds; seed++) {
            double delay = run.applyAsDouble(seed);
            if (delay >= 0) {
                found[n++] = delay;
            }
        }
        double[] sorted = Arrays.copyOf(found, n);
        Arrays.sort(sorted);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("detected_share", round((double) n / seeds));
        m.put("median_delay_" + unit, n == 0 ? null : sorted[(n - 1) / 2]);
        m.put("p90_delay_" + unit, n == 0 ? null : sorted[Math.min(n - 1, (int) Math.ceil(0.9 * n) - 1)]);
        if (unit.equals("labels") && n > 0) {
            m.put("median_delay_days", round(sorted[(n - 1) / 2] / perDay));
        }
        return m;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static long binomial(Random random, int n, double p) {
        long x = 0;
        for (int i = 0; i < n; i++) {
            x += random.nextDouble() < p ? 1 : 0;
        }
        return x;
    }
}
