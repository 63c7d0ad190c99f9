package kiln.sim.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import kiln.domain.UserFacingException;

/**
 * Reads a fleet scenario file ({@code kind: fleet}). Fleets are generated from a few settings rather
 * than listed product by product, so they have their own, short format; see docs/scenarios.md.
 */
public final class FleetScenarioReader {

    public static final String KIND = "fleet";
    /** The built-in fleet scenario's name. */
    public static final String BUILT_IN = "fleet";

    private FleetScenarioReader() {}

    /** The fleet scenario a name (built-in) or file names, or empty when it names no fleet scenario. */
    public static Optional<FleetScenario> resolve(String nameOrFile) {
        Path p = Path.of(nameOrFile);
        if (Files.isRegularFile(p)) {
            return isFleetFile(p) ? Optional.of(read(p)) : Optional.empty();
        }
        if (!nameOrFile.equals(BUILT_IN)) {
            return Optional.empty();
        }
        Path sample = Path.of("sample-data", "scenarios", nameOrFile + ".yaml");
        if (Files.isRegularFile(sample)) {
            return Optional.of(read(sample));
        }
        try (InputStream in = FleetScenarioReader.class.getResourceAsStream(ScenarioReader.RESOURCE_DIR + nameOrFile + ".yaml")) {
            if (in == null) {
                throw new UserFacingException("The built-in scenario " + nameOrFile + " is missing from this installation");
            }
            return Optional.of(read(nameOrFile + ".yaml", new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UserFacingException("Cannot read the built-in scenario " + nameOrFile + ": " + e.getMessage(), e);
        }
    }

    private static boolean isFleetFile(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .anyMatch(l -> l.equals("kind: " + KIND) || l.startsWith("kind: " + KIND + " "));
        } catch (IOException | UncheckedIOException e) {
            return false; // the ordinary reader reports what is wrong with it
        }
    }

    public static FleetScenario read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), r);
        } catch (IOException e) {
            throw new UserFacingException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static FleetScenario parse(String fileName, String yaml) {
        return read(fileName, new StringReader(yaml));
    }

    public static FleetScenario read(String fileName, Reader reader) {
        YamlNode root = YamlNode.parse(fileName, reader);
        if (!root.isMap()) {
            throw root.error("a fleet scenario file is a mapping with kind: fleet, name, start, days, sensors, ...");
        }
        root.allowOnly("kind", "name", "description", "dataset", "seed", "start", "days", "sensors", "cadence", "max_rows",
                "label_delay", "drifting_share", "drift_from", "drift_to", "storm_share", "storm_at", "unit_change_at",
                "dead_share", "dead_from");
        if (!root.req("kind").text().equals(KIND)) {
            throw root.req("kind").error("expected 'fleet'");
        }
        String name = root.req("name").text();
        String description = root.opt("description") == null ? "" : root.opt("description").text();
        String dataset = root.opt("dataset") == null ? name : root.opt("dataset").text();
        long seed = root.opt("seed") == null ? 1 : root.opt("seed").asLong();
        Instant start = root.req("start").asInstant();
        int days = (int) whole(root.req("days"), 1, 366);
        int sensors = (int) whole(root.req("sensors"), FleetScenario.MIN_SENSORS, FleetScenario.MAX_SENSORS);
        Duration cadence = root.req("cadence").asDuration();
        if (cadence.toMinutes() < 1 || cadence.toSeconds() % 60 != 0) {
            throw root.req("cadence").error("must be a positive whole number of minutes");
        }
        long maxRows = whole(root.req("max_rows"), 1, Long.MAX_VALUE);
        LabelDelay labelDelay = ScenarioReader.labelDelay(root.req("label_delay"));
        Instant end = start.plus(Duration.ofDays(days));
        double driftingShare = share(root.req("drifting_share"));
        Instant driftFrom = within(root.req("drift_from"), start, end);
        Instant driftTo = within(root.req("drift_to"), driftFrom, end);
        double stormShare = share(root.req("storm_share"));
        Instant stormAt = within(root.req("storm_at"), start, end);
        Instant unitChangeAt = within(root.req("unit_change_at"), start, end);
        double deadShare = share(root.req("dead_share"));
        Instant deadFrom = within(root.req("dead_from"), start, driftTo);
        if (driftingShare + stormShare + deadShare > 0.9) {
            throw root.error("drifting_share + storm_share + dead_share must leave at least 10 % of the sensors unchanged");
        }
        return new FleetScenario(name, description, dataset, seed, start, days, sensors, cadence, maxRows, labelDelay, driftingShare,
                driftFrom, driftTo, stormShare, stormAt, unitChangeAt, deadShare, deadFrom);
    }

    private static long whole(YamlNode n, long min, long max) {
        long v = n.asLong();
        if (v < min || v > max) {
            throw n.error(v + " is out of range; use " + min + " to " + max);
        }
        return v;
    }

    private static double share(YamlNode n) {
        double v = n.asDouble();
        if (!(v >= 0 && v <= 1)) {
            throw n.error("'" + n.text() + "' is not a share between 0 and 1");
        }
        return v;
    }

    /** A time in [from, to). */
    private static Instant within(YamlNode n, Instant from, Instant to) {
        Instant t = n.asInstant();
        if (t.isBefore(from) || !t.isBefore(to)) {
            throw n.error(t + " is outside the scenario (" + from + " .. " + to + ")");
        }
        return t;
    }
}
