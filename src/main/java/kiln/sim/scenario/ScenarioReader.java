package kiln.sim.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import kiln.domain.UserFacingException;

/**
 * Reads scenario YAML files (format: docs/scenarios.md) and validates them. Every problem is a
 * {@link UserFacingException} naming the file, the line and the field.
 */
public final class ScenarioReader {

    /** Columns of sensor_reading a scenario may fill. */
    public static final Set<String> FEATURE_COLUMNS = Set.of("temp", "pressure", "duration");
    /** Where built-in scenarios live on the class path. */
    public static final String RESOURCE_DIR = "/kiln/scenarios/";
    /** The built-in scenarios, in the order a chooser shows them. */
    public static final List<String> BUILT_IN = List.of("glassware", "data-drift", "unit-change-fahrenheit",
            "dead-sensor", "stuck-sensor", "gradual-concept", "recurring-concept", "label-noise", "label-delay");

    private ScenarioReader() {}

    /** A file path, or the name of a built-in scenario (sample-data/scenarios, or the class path). */
    public static Scenario resolve(String nameOrFile) {
        Path p = Path.of(nameOrFile);
        if (Files.isRegularFile(p)) {
            return read(p);
        }
        Path sample = Path.of("sample-data", "scenarios", nameOrFile + ".yaml");
        if (Files.isRegularFile(sample)) {
            return read(sample);
        }
        try (InputStream in = ScenarioReader.class.getResourceAsStream(RESOURCE_DIR + nameOrFile + ".yaml")) {
            if (in != null) {
                return read(nameOrFile + ".yaml", new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UserFacingException("Cannot read the built-in scenario " + nameOrFile + ": " + e.getMessage(), e);
        }
        throw new UserFacingException("No scenario named '" + nameOrFile + "' and no such file; built-in scenarios: "
                + String.join(", ", BUILT_IN));
    }

    public static Scenario read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), r);
        } catch (IOException e) {
            throw new UserFacingException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static Scenario parse(String fileName, String yaml) {
        return read(fileName, new StringReader(yaml));
    }

    public static Scenario read(String fileName, Reader reader) {
        YamlNode root = YamlNode.parse(fileName, reader);
        if (!root.isMap()) {
            throw root.error("a scenario file is a mapping with name, start, products, features, regimes, ...");
        }
        root.allowOnly("name", "description", "seed", "start", "products", "first_id", "pid_offset", "cadence",
                "jitter", "sensors", "label_delay", "features", "regimes", "changes", "actions");
        String name = root.req("name").text();
        String description = root.opt("description") == null ? "" : root.opt("description").text();
        long seed = root.opt("seed") == null ? 1 : root.opt("seed").asLong();
        Instant start = root.req("start").asInstant();
        long products = positive(root.req("products"));
        long firstId = root.opt("first_id") == null ? 1 : root.opt("first_id").asLong();
        long pidOffset = root.opt("pid_offset") == null ? 100_000 : root.opt("pid_offset").asLong();
        Duration cadence = root.req("cadence").asDuration();
        if (cadence.isZero() || cadence.isNegative()) {
            throw root.req("cadence").error("must be positive");
        }
        Duration jitter = root.opt("jitter") == null ? Duration.ZERO : root.opt("jitter").asDuration();
        if (jitter.isNegative() || jitter.compareTo(cadence) > 0) {
            // Readings must arrive in process-time order; a jitter above the cadence would reorder them.
            throw root.req("jitter").error("must be between 0 and the cadence (" + cadence.toSeconds() + "s)");
        }
        int sensors = root.opt("sensors") == null ? 1 : (int) positive(root.opt("sensors"));
        LabelDelay labelDelay = labelDelay(root.req("label_delay"));
        List<FeatureSpec> features = features(root.req("features"));
        List<String> names = features.stream().map(FeatureSpec::name).toList();
        List<Regime> regimes = regimes(root.req("regimes"), names);
        List<Change> changes = root.opt("changes") == null ? List.of() : changes(root.opt("changes"), names);
        List<ScenarioAction> actions = root.opt("actions") == null ? List.of() : actions(root.opt("actions"));
        return new Scenario(name, description, seed, start, products, firstId, pidOffset, cadence, jitter, sensors,
                labelDelay, features, regimes, changes, actions);
    }

    private static long positive(YamlNode n) {
        long v = n.asLong();
        if (v <= 0) {
            throw n.error("must be a positive whole number");
        }
        return v;
    }

    static LabelDelay labelDelay(YamlNode n) {
        n.allowOnly("delay", "align");
        Duration delay = n.req("delay").asDuration();
        if (delay.isNegative()) {
            throw n.req("delay").error("must not be negative");
        }
        boolean align = false;
        if (n.opt("align") != null) {
            String a = n.opt("align").text();
            if (!a.equals("day") && !a.equals("none")) {
                throw n.opt("align").error("'" + a + "' is not an alignment; use day (midnight UTC) or none");
            }
            align = a.equals("day");
        }
        return new LabelDelay(delay, align);
    }

    private static List<FeatureSpec> features(YamlNode list) {
        List<FeatureSpec> out = new ArrayList<>();
        for (YamlNode f : list.items()) {
            f.allowOnly("name", "uniform", "normal", "noise", "unit");
            YamlNode nameNode = f.req("name");
            String name = nameNode.text();
            if (!FEATURE_COLUMNS.contains(name)) {
                throw nameNode.error("'" + name + "' is not a sensor_reading column; use temp, pressure or duration");
            }
            if (out.stream().anyMatch(o -> o.name().equals(name))) {
                throw nameNode.error("feature '" + name + "' is listed twice");
            }
            Distribution d;
            if (f.opt("uniform") != null && f.opt("normal") == null) {
                double[] ab = pair(f.opt("uniform"));
                if (ab[0] > ab[1]) {
                    throw f.opt("uniform").error("min " + ab[0] + " is above max " + ab[1]);
                }
                d = Distribution.uniform(ab[0], ab[1]);
            } else if (f.opt("normal") != null && f.opt("uniform") == null) {
                double[] ab = pair(f.opt("normal"));
                if (ab[1] < 0) {
                    throw f.opt("normal").error("the standard deviation must not be negative");
                }
                d = Distribution.normal(ab[0], ab[1]);
            } else {
                throw f.error("give exactly one distribution: uniform: [min, max] or normal: [mean, sd]");
            }
            double noise = f.opt("noise") == null ? 0 : f.opt("noise").asDouble();
            if (noise < 0) {
                throw f.opt("noise").error("must not be negative");
            }
            out.add(new FeatureSpec(name, d, noise, f.opt("unit") == null ? null : f.opt("unit").text()));
        }
        if (out.isEmpty()) {
            throw list.error("list at least one feature");
        }
        return List.copyOf(out);
    }

    private static double[] pair(YamlNode n) {
        List<YamlNode> items = n.items();
        if (items.size() != 2) {
            throw n.error("expected two numbers, e.g. [350, 360]");
        }
        return new double[] {items.get(0).asDouble(), items.get(1).asDouble()};
    }

    private static Rule rule(YamlNode n, List<String> features) {
        List<String> names = new ArrayList<>();
        List<Range> ranges = new ArrayList<>();
        for (Map.Entry<String, YamlNode> e : n.fields().entrySet()) {
            if (!features.contains(e.getKey())) {
                throw e.getValue().error("the rule names '" + e.getKey() + "', which is not a feature of this scenario");
            }
            double[] r = pair(e.getValue());
            if (r[0] > r[1]) {
                throw e.getValue().error("min " + r[0] + " is above max " + r[1]);
            }
            names.add(e.getKey());
            ranges.add(new Range(r[0], r[1]));
        }
        if (names.isEmpty()) {
            throw n.error("a rule needs at least one feature range, e.g. temp: [351, 359]");
        }
        return new Rule(List.copyOf(names), List.copyOf(ranges));
    }

    private static List<Regime> regimes(YamlNode list, List<String> features) {
        List<Regime> out = new ArrayList<>();
        for (YamlNode r : list.items()) {
            r.allowOnly("from_id", "from", "rule");
            if ((r.opt("from_id") == null) == (r.opt("from") == null)) {
                throw r.error("give exactly one of from_id (a product id) or from (a process time)");
            }
            Long fromId = r.opt("from_id") == null ? null : r.opt("from_id").asLong();
            Instant from = r.opt("from") == null ? null : r.opt("from").asInstant();
            if (!out.isEmpty()) {
                Regime prev = out.get(out.size() - 1);
                boolean ordered = fromId != null ? prev.fromId() != null && fromId > prev.fromId()
                        : prev.from() != null && from.isAfter(prev.from());
                if (!ordered) {
                    throw r.error("regimes must all use from_id or all use from, in increasing order");
                }
            }
            out.add(new Regime(fromId, from, rule(r.req("rule"), features)));
        }
        if (out.isEmpty()) {
            throw list.error("list at least one regime");
        }
        return List.copyOf(out);
    }

    private static List<Change> changes(YamlNode list, List<String> features) {
        List<Change> out = new ArrayList<>();
        for (YamlNode c : list.items()) {
            YamlNode typeNode = c.req("type");
            String type = typeNode.text().toLowerCase(Locale.ROOT);
            Change.Kind kind = null;
            for (Change.Kind k : Change.Kind.values()) {
                if (k.yamlName.equals(type)) {
                    kind = k;
                }
            }
            if (kind == null) {
                List<String> known = new ArrayList<>();
                for (Change.Kind k : Change.Kind.values()) {
                    known.add(k.yamlName);
                }
                throw typeNode.error("'" + type + "' is not a change type; use one of " + String.join(", ", known));
            }
            out.add(change(kind, c, features));
        }
        return List.copyOf(out);
    }

    private static Change change(Change.Kind kind, YamlNode c, List<String> features) {
        switch (kind) {
            case CONCEPT_CHANGE -> c.allowOnly("type", "at", "ramp", "rule");
            case RECURRING_CONCEPT -> c.allowOnly("type", "at", "until", "period", "rule");
            case DATA_DRIFT -> c.allowOnly("type", "at", "until", "ramp", "feature", "shift", "scale");
            case UNIT_CHANGE -> c.allowOnly("type", "at", "until", "feature", "to", "factor", "offset");
            case MISSING_VALUES -> c.allowOnly("type", "at", "until", "feature", "fraction");
            case STUCK_SENSOR -> c.allowOnly("type", "at", "until", "feature", "value");
            case LABEL_NOISE -> c.allowOnly("type", "at", "until", "fraction");
            case LABEL_DELAY -> c.allowOnly("type", "at", "delay");
            default -> throw new IllegalStateException(kind.name());
        }
        Instant at = c.req("at").asInstant();
        Instant until = c.opt("until") == null ? null : c.opt("until").asInstant();
        if (until != null && !until.isAfter(at)) {
            throw c.opt("until").error("must be after 'at'");
        }
        Duration ramp = c.opt("ramp") == null ? null : c.opt("ramp").asDuration();
        String feature = null;
        if (c.opt("feature") != null || needsFeature(kind)) {
            YamlNode f = c.req("feature");
            feature = f.text();
            if (!features.contains(feature)) {
                throw f.error("'" + feature + "' is not a feature of this scenario (" + String.join(", ", features) + ")");
            }
        }
        Rule rule = kind == Change.Kind.CONCEPT_CHANGE || kind == Change.Kind.RECURRING_CONCEPT
                ? rule(c.req("rule"), features) : null;
        double shift = c.opt("shift") == null ? 0 : c.opt("shift").asDouble();
        double scale = c.opt("scale") == null ? 1 : c.opt("scale").asDouble();
        if (kind == Change.Kind.DATA_DRIFT && c.opt("shift") == null && c.opt("scale") == null) {
            throw c.error("a data_drift needs shift (added to the mean) and/or scale (multiplies the spread)");
        }
        if (scale < 0) {
            throw c.opt("scale").error("must not be negative");
        }
        double factor = 1;
        double offset = 0;
        if (kind == Change.Kind.UNIT_CHANGE) {
            if (c.opt("to") != null) {
                String to = c.opt("to").text().toLowerCase(Locale.ROOT);
                if (!to.equals("fahrenheit")) {
                    throw c.opt("to").error("'" + to + "' is not a known unit; use fahrenheit, or give factor and offset");
                }
                factor = 9.0 / 5.0;
                offset = 32;
            } else if (c.opt("factor") != null) {
                factor = c.opt("factor").asDouble();
                offset = c.opt("offset") == null ? 0 : c.opt("offset").asDouble();
            } else {
                throw c.error("a unit_change needs to: fahrenheit, or factor (and offset)");
            }
        }
        double fraction = 1;
        if (c.opt("fraction") != null) {
            fraction = c.opt("fraction").asDouble();
            if (fraction < 0 || fraction > 1) {
                throw c.opt("fraction").error("must be between 0 and 1");
            }
        } else if (kind == Change.Kind.LABEL_NOISE) {
            throw c.error("a label_noise needs fraction (share of labels flipped, 0..1)");
        }
        Double value = c.opt("value") == null ? null : c.opt("value").asDouble();
        Duration period = null;
        if (kind == Change.Kind.RECURRING_CONCEPT) {
            period = c.req("period").asDuration();
            if (period.isZero() || period.isNegative()) {
                throw c.req("period").error("must be positive");
            }
        }
        Duration delay = kind == Change.Kind.LABEL_DELAY ? c.req("delay").asDuration() : null;
        if (delay != null && delay.isNegative()) {
            throw c.req("delay").error("must not be negative");
        }
        return new Change(kind, c.line(), at, until, ramp, feature, rule, shift, scale, factor, offset, fraction, value,
                period, delay);
    }

    private static boolean needsFeature(Change.Kind kind) {
        return kind == Change.Kind.DATA_DRIFT || kind == Change.Kind.UNIT_CHANGE
                || kind == Change.Kind.MISSING_VALUES || kind == Change.Kind.STUCK_SENSOR;
    }

    private static List<ScenarioAction> actions(YamlNode list) {
        List<ScenarioAction> out = new ArrayList<>();
        Instant prev = null;
        for (YamlNode a : list.items()) {
            Instant at = a.req("at").asInstant();
            if (prev != null && at.isBefore(prev)) {
                throw a.req("at").error("actions must be listed in time order");
            }
            prev = at;
            YamlNode actionNode = a.req("action");
            String action = actionNode.text();
            if (!ScenarioAction.KNOWN.contains(action)) {
                throw actionNode.error("'" + action + "' is not an action; use one of " + String.join(", ", ScenarioAction.KNOWN));
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (Map.Entry<String, YamlNode> e : a.fields().entrySet()) {
                if (!e.getKey().equals("at") && !e.getKey().equals("action")) {
                    params.put(e.getKey(), e.getValue().text());
                }
            }
            switch (action) {
                case "train" -> {
                    a.allowOnly("at", "action", "window", "sweep", "note");
                    window(a.req("window"));
                }
                case "promote" -> {
                    a.allowOnly("at", "action", "which", "note");
                    String which = a.req("which").text();
                    if (!which.equals("best") && !which.matches("run:\\d+")) {
                        throw a.req("which").error("'" + which + "' is not a choice; use best or run:<id>");
                    }
                }
                case "rescore" -> a.allowOnly("at", "action", "window", "note");
                default -> a.allowOnly("at", "action", "note");
            }
            out.add(new ScenarioAction(at, action, Map.copyOf(params), a.line()));
        }
        return List.copyOf(out);
    }

    /** A window "2019-07-01..2019-07-10" (both days inclusive); returns start and end instants. */
    static Instant[] window(YamlNode n) {
        String w = n.text();
        int dots = w.indexOf("..");
        if (dots < 0) {
            throw n.error("'" + w + "' is not a window; use FROM..TO, e.g. 2019-07-01..2019-07-10");
        }
        try {
            Instant from = YamlNodes.instant(w.substring(0, dots).trim());
            Instant to = YamlNodes.instant(w.substring(dots + 2).trim());
            if (to.isBefore(from)) {
                throw n.error("the window ends before it starts");
            }
            return new Instant[] {from, to};
        } catch (DateTimeParseException e) {
            throw n.error("'" + w + "' is not a window of dates; use FROM..TO, e.g. 2019-07-01..2019-07-10");
        }
    }
}
