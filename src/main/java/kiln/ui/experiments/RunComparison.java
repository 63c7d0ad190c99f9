package kiln.ui.experiments;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import kiln.domain.Run;

/**
 * Two or more runs side by side: one row per parameter, metric and data property, with the value
 * of each run and whether the runs differ there (the rows a reader should look at).
 */
public final class RunComparison {

    public enum Section {
        RUN, PARAMETER, METRIC
    }

    /** One compared property; {@code values} in the order of {@link #runs()}. */
    public record Row(Section section, String name, List<String> values, boolean differs) {
    }

    private final List<Run> runs;
    private final List<Row> rows;

    public RunComparison(List<Run> runs) {
        this.runs = List.copyOf(runs);
        List<Row> out = new ArrayList<>();
        out.add(row(Section.RUN, "trainer", r -> r.trainer()));
        out.add(row(Section.RUN, "status", r -> r.status()));
        out.add(row(Section.RUN, "window", r -> r.windowStart() + " .. " + r.windowEnd()));
        out.add(row(Section.RUN, "split", Run::split));
        out.add(row(Section.RUN, "rows (train / test)", r -> r.rowsTrain() + " / " + r.rowsTest()));
        out.add(row(Section.RUN, "features", r -> r.features() == null ? "" : String.join(", ", r.features())));
        out.add(row(Section.RUN, "seed", Run::seed));
        for (String p : union(true)) {
            out.add(row(Section.PARAMETER, p, r -> r.params() == null ? null : r.params().get(p)));
        }
        for (String m : union(false)) {
            out.add(row(Section.METRIC, m, r -> r.metrics() == null || r.metrics().get(m) == null ? null
                    : String.format(Locale.ROOT, "%.4f", r.metrics().get(m))));
        }
        out.add(row(Section.METRIC, "duration (s)", r -> r.durationMs() == null ? null : String.format(Locale.ROOT, "%.2f", r.durationMs()
                / 1000.0)));
        this.rows = List.copyOf(out);
    }

    private Set<String> union(boolean params) {
        Set<String> names = params ? new TreeSet<>() : new LinkedHashSet<>();
        for (Run r : runs) {
            if (params && r.params() != null) {
                names.addAll(r.params().keySet());
            } else if (!params && r.metrics() != null) {
                names.addAll(r.metrics().keySet());
            }
        }
        return names;
    }

    private Row row(Section section, String name, Function<Run, Object> value) {
        List<String> values = new ArrayList<>();
        for (Run r : runs) {
            Object v = value.apply(r);
            values.add(v == null ? "—" : v.toString());
        }
        boolean differs = values.stream().distinct().count() > 1;
        return new Row(section, name, List.copyOf(values), differs);
    }

    public List<Run> runs() {
        return runs;
    }

    public List<Row> rows() {
        return rows;
    }

    public List<Row> differingRows() {
        return rows.stream().filter(Row::differs).toList();
    }

    /**
     * The numeric parameters whose values are not all equal across {@code runs}: the axes worth
     * drawing in parallel coordinates (a parameter that never changes explains nothing).
     */
    public static List<String> varyingNumericParams(List<Run> runs) {
        Set<String> names = new TreeSet<>();
        runs.forEach(r -> {
            if (r.params() != null) {
                names.addAll(r.params().keySet());
            }
        });
        List<String> out = new ArrayList<>();
        for (String n : names) {
            Set<Double> values = new LinkedHashSet<>();
            boolean numeric = true;
            for (Run r : runs) {
                Object v = r.params() == null ? null : r.params().get(n);
                if (v instanceof Number num) {
                    values.add(num.doubleValue());
                } else if (v instanceof Boolean b) {
                    values.add(b ? 1.0 : 0.0);
                } else if (v != null) {
                    numeric = false;
                }
            }
            if (numeric && values.size() > 1) {
                out.add(n);
            }
        }
        return out;
    }

    /** A parameter of a run as a number (booleans 0/1), or NaN. */
    /** The parameters holding a number in at least one of the runs, by name: what the scatter can plot against. */
    public static List<String> numericParams(List<Run> runs) {
        Set<String> params = new TreeSet<>();
        for (Run r : runs) {
            if (r.params() != null) {
                r.params().forEach((k, v) -> {
                    if (v instanceof Number) {
                        params.add(k);
                    }
                });
            }
        }
        return List.copyOf(params);
    }

    public static double paramValue(Run run, String name) {
        Object v = run.params() == null ? null : run.params().get(name);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return Double.NaN;
    }

    /** A short human label for a run in legends: "#12 cart maxDepth=5". */
    public static String label(Run run, List<String> varying) {
        StringBuilder s = new StringBuilder("#").append(run.runId()).append(' ').append(run.trainer());
        for (String p : varying) {
            Object v = run.params() == null ? null : run.params().get(p);
            if (v != null) {
                s.append(' ').append(p).append('=').append(v);
            }
        }
        return s.toString();
    }
}
