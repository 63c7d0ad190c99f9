package kiln.ml.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import kiln.domain.ParserMessages;
import kiln.domain.UserFacingException;
import kiln.ml.DataWindow;
import kiln.ml.SplitSpec;
import kiln.ml.TrainerSpec;
import kiln.ml.Trainers;

/**
 * A sweep: which trainers and parameter values to try, how to split and compare, and (optionally)
 * on which data. Read from a YAML sweep file or built by the UI.
 *
 * @param dataset  data set named in the file, or null (the command line or UI chooses)
 * @param window   window named in the file, or null
 * @param features features to train on; empty means all numeric features of the data set
 * @param metric   the metric that picks the best run (on multi-class data precision, recall and f1 are macro
 *                 averages); equal values go to the lower log loss, then the earlier run
 */
public record SweepSpec(String name, String description, long seed, SplitSpec split, String metric, String dataset,
        DataWindow window, List<String> features, List<TrainerSweep> trainers) {

    /** Metrics where lower is better; every other metric is maximised. */
    public static final List<String> LOWER_IS_BETTER = List.of("log_loss", "brier");

    public SweepSpec {
        features = features == null ? List.of() : List.copyOf(features);
        trainers = List.copyOf(trainers);
    }

    public boolean higherIsBetter() {
        return !LOWER_IS_BETTER.contains(metric);
    }

    /**
     * One trainer's search: a grid (every combination of the listed values) or random search
     * ({@code samples} draws from {@code ranges} [min, max] and {@code choices}, seeded).
     */
    public record TrainerSweep(String trainer, Map<String, List<Object>> grid, int samples, Map<String, double[]> ranges,
            Map<String, List<Object>> choices) {

        public boolean random() {
            return samples > 0;
        }
    }

    /** @throws UserFacingException naming the file, field and reason */
    /** The seed webinar's grid for any data set, shipped in Kiln and in sample-data/sweeps (no data set or window of its own). */
    public static final String SEED_GRID = "seed-grid";

    /** A sweep by file path, or by the name of a sweep shipped with Kiln (e.g. {@code glassware-seed}). */
    public static SweepSpec resolve(String nameOrPath) {
        Path file = Path.of(nameOrPath);
        if (Files.isRegularFile(file)) {
            return load(file);
        }
        String name = nameOrPath.endsWith(".yaml") ? nameOrPath : nameOrPath + ".yaml";
        try (InputStream in = SweepSpec.class.getResourceAsStream("/kiln/sweeps/" + name)) {
            if (in == null) {
                throw new UserFacingException("There is no sweep file '" + nameOrPath + "' and no built-in sweep of that name.");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in sweep " + name);
        } catch (IOException e) {
            throw new UserFacingException("Cannot read the built-in sweep " + name + ": " + e.getMessage(), e);
        }
    }

    public static SweepSpec load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UserFacingException("Cannot read the sweep file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses sweep YAML; {@code source} names it in error messages. */
    @SuppressWarnings("unchecked")
    public static SweepSpec parse(String yaml, String source) {
        Map<String, Object> root;
        try {
            Object parsed = new ObjectMapper(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
                    .readValue(yaml, Object.class);
            if (!(parsed instanceof Map)) {
                throw new UserFacingException("Sweep file " + source + ": expected a mapping with name, seed, split, metric and trainers");
            }
            root = (Map<String, Object>) parsed;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new UserFacingException("Sweep file " + source + ", line " + line + ": not valid YAML (" + ParserMessages.oneLine(e
                    .getOriginalMessage()) + ")", e);
        }
        Reader r = new Reader(source);
        r.allowOnly(root, "", List.of("name", "description", "seed", "split", "metric", "dataset", "window", "features", "trainers"));
        String name = root.containsKey("name") ? String.valueOf(root.get("name")) : fileStem(source);
        long seed = root.containsKey("seed") ? r.longValue(root.get("seed"), "seed") : 42L;
        SplitSpec split = SplitSpec.DEFAULT;
        if (root.containsKey("split")) {
            try {
                split = SplitSpec.parse(String.valueOf(root.get("split")));
            } catch (IllegalArgumentException e) {
                throw r.error("split", e.getMessage());
            }
        }
        String metric = root.containsKey("metric") ? String.valueOf(root.get("metric")) : "accuracy";
        if (!List.of("accuracy", "precision", "recall", "f1", "roc_auc", "log_loss", "brier").contains(metric)) {
            throw r.error("metric", "'" + metric + "' is not one of accuracy, precision, recall, f1, roc_auc, log_loss, brier");
        }
        DataWindow window = null;
        if (root.get("window") != null) {
            try {
                window = DataWindow.parse(String.valueOf(root.get("window")));
            } catch (IllegalArgumentException e) {
                throw r.error("window", e.getMessage());
            }
        }
        List<String> features = new ArrayList<>();
        if (root.get("features") != null) {
            for (Object f : r.list(root.get("features"), "features")) {
                features.add(String.valueOf(f));
            }
        }
        List<TrainerSweep> trainers = new ArrayList<>();
        List<Object> entries = r.list(root.get("trainers"), "trainers");
        if (entries.isEmpty()) {
            throw r.error("trainers", "list at least one trainer (e.g. - trainer: cart)");
        }
        for (int i = 0; i < entries.size(); i++) {
            trainers.add(r.trainer(entries.get(i), "trainers[" + i + "]"));
        }
        return new SweepSpec(name, root.get("description") == null ? null : String.valueOf(root.get("description")), seed, split,
                metric, root.get("dataset") == null ? null : String.valueOf(root.get("dataset")), window, features, trainers);
    }

    private static String fileStem(String source) {
        String base = Path.of(source).getFileName().toString();
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    /** Checks values field by field and reports errors with the file and field path. */
    private record Reader(String source) {

        UserFacingException error(String field, String reason) {
            return new UserFacingException("Sweep file " + source + ", field " + field + ": " + reason);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(Object value, String field) {
            if (value instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            throw error(field, "expected a mapping (key: value lines)");
        }

        @SuppressWarnings("unchecked")
        List<Object> list(Object value, String field) {
            if (value instanceof List<?> l) {
                return (List<Object>) l;
            }
            throw error(field, value == null ? "is missing; expected a list" : "expected a list, e.g. [3, 5, 10]");
        }

        long longValue(Object value, String field) {
            if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return n.longValue();
            }
            throw error(field, "expected a whole number, not " + value);
        }

        void allowOnly(Map<String, Object> map, String prefix, List<String> keys) {
            for (String k : map.keySet()) {
                if (!keys.contains(k)) {
                    throw error(prefix + k, "unknown key; expected one of " + keys);
                }
            }
        }

        TrainerSweep trainer(Object entry, String field) {
            Map<String, Object> m = map(entry, field);
            allowOnly(m, field + ".", List.of("trainer", "grid", "random"));
            if (m.get("trainer") == null) {
                throw error(field + ".trainer", "is missing; one of " + Trainers.all().stream().map(TrainerSpec::name).toList());
            }
            TrainerSpec spec;
            try {
                spec = Trainers.spec(String.valueOf(m.get("trainer")));
            } catch (IllegalArgumentException e) {
                throw error(field + ".trainer", e.getMessage());
            }
            Map<String, List<Object>> grid = new LinkedHashMap<>();
            if (m.get("grid") != null) {
                for (Map.Entry<String, Object> e : map(m.get("grid"), field + ".grid").entrySet()) {
                    grid.put(e.getKey(), checkedValues(spec, e.getKey(), e.getValue(), field + ".grid." + e.getKey()));
                }
            }
            int samples = 0;
            Map<String, double[]> ranges = new LinkedHashMap<>();
            Map<String, List<Object>> choices = new LinkedHashMap<>();
            if (m.get("random") != null) {
                Map<String, Object> random = map(m.get("random"), field + ".random");
                allowOnly(random, field + ".random.", List.of("samples", "ranges", "choices"));
                samples = (int) longValue(random.get("samples"), field + ".random.samples");
                if (samples < 1 || samples > 100_000) {
                    throw error(field + ".random.samples", "must be 1..100000, not " + samples);
                }
                if (random.get("ranges") != null) {
                    for (Map.Entry<String, Object> e : map(random.get("ranges"), field + ".random.ranges").entrySet()) {
                        String f = field + ".random.ranges." + e.getKey();
                        List<Object> bounds = checkedValues(spec, e.getKey(), e.getValue(), f);
                        if (bounds.size() != 2) {
                            throw error(f, "expected [min, max]");
                        }
                        double lo = ((Number) bounds.get(0)).doubleValue();
                        double hi = ((Number) bounds.get(1)).doubleValue();
                        if (hi < lo) {
                            throw error(f, "max is below min");
                        }
                        ranges.put(e.getKey(), new double[] {lo, hi});
                    }
                }
                if (random.get("choices") != null) {
                    for (Map.Entry<String, Object> e : map(random.get("choices"), field + ".random.choices").entrySet()) {
                        choices.put(e.getKey(), checkedValues(spec, e.getKey(), e.getValue(), field + ".random.choices." + e.getKey()));
                    }
                }
            }
            return new TrainerSweep(spec.name(), grid, samples, ranges, choices);
        }

        private List<Object> checkedValues(TrainerSpec spec, String param, Object raw, String field) {
            List<Object> values = new ArrayList<>();
            for (Object v : raw instanceof List<?> ? list(raw, field) : List.of(raw)) {
                try {
                    values.add(spec.param(param).coerce(v));
                } catch (IllegalArgumentException e) {
                    throw error(field, e.getMessage());
                }
            }
            if (values.isEmpty()) {
                throw error(field, "list at least one value");
            }
            return values;
        }
    }
}
