package kiln.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import kiln.domain.UserFacingException;

/**
 * Times Kiln from process start until its first window is on screen, against {@code java -version}
 * started the same way in the same run. Kiln reports the moment through its start-up probe
 * (system property {@code kiln.startup.probe=true}): one stdout line, then it exits 0.
 */
final class StartupTiming {

    static final String PROBE_PROPERTY = "-Dkiln.startup.probe=true";
    private static final Pattern PROBE_LINE = Pattern.compile("kiln-startup-probe: window shown (\\d+)");
    private static final long RUN_TIMEOUT_SECONDS = 120;

    /** How Kiln and the baseline are started: the development jar or a jpackage app-image. */
    record Launch(String name, List<String> kiln, List<String> baseline, Map<String, String> kilnEnv) {

        /** {@code java -Dkiln.startup.probe=true -jar kiln.jar}, baseline the same {@code java -version}. */
        static Launch jar(Path java, Path jar) {
            requireFile(jar, "Build it first: mvn -B package -DskipTests");
            return new Launch("jar",
                    List.of(java.toString(), PROBE_PROPERTY, "-jar", jar.toString()),
                    List.of(java.toString(), "-version"), Map.of());
        }

        /**
         * The app-image's launcher (it takes no JVM options on its command line, so the probe goes
         * through JAVA_TOOL_OPTIONS); baseline {@code java -version} of the image's own runtime.
         */
        static Launch appImage(Path image) {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            Path launcher;
            Path runtimeJava;
            if (os.startsWith("windows")) {
                launcher = image.resolve("kiln.exe");
                runtimeJava = image.resolve("runtime/bin/java.exe");
            } else if (os.startsWith("mac")) {
                launcher = image.resolve("Contents/MacOS/kiln");
                runtimeJava = image.resolve("Contents/runtime/Contents/Home/bin/java");
            } else {
                launcher = image.resolve("bin/kiln");
                runtimeJava = image.resolve("lib/runtime/bin/java");
            }
            String hint = "Build it first: mvn -B -Ppackage -DskipTests -Dinstaller.type=none package";
            requireFile(launcher, hint);
            requireFile(runtimeJava, hint);
            return new Launch("app-image", List.of(launcher.toString()),
                    List.of(runtimeJava.toString(), "-version"), Map.of("JAVA_TOOL_OPTIONS", PROBE_PROPERTY));
        }

        private static void requireFile(Path file, String hint) {
            if (!Files.isRegularFile(file)) {
                throw new UserFacingException(file + " does not exist. " + hint);
            }
        }
    }

    /**
     * One timed start of Kiln: wall time seen from here, the JVM uptime Kiln reported, and the CPU
     * time its process had used by then (-1 where the OS does not tell). On a shared, loaded machine
     * the CPU time varies far less than the wall time.
     */
    record KilnStart(double wallMillis, long reportedUptimeMillis, long cpuMillis) {
    }

    private StartupTiming() {}

    /** Wall time of one complete {@code java -version}. */
    static double timeBaseline(Launch launch) throws IOException, InterruptedException {
        ProcessBuilder builder = processFor(launch.baseline()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("java -version did not finish in " + RUN_TIMEOUT_SECONDS + " s");
        }
        double millis = (System.nanoTime() - start) / 1e6;
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", launch.baseline()) + " exited with " + process.exitValue());
        }
        return millis;
    }

    /** Starts Kiln with the probe and times it until the probe line arrives. */
    static KilnStart timeKiln(Launch launch) throws IOException, InterruptedException {
        ProcessBuilder builder = processFor(launch.kiln()).redirectErrorStream(true);
        builder.environment().putAll(launch.kilnEnv());
        long start = System.nanoTime();
        Process process = builder.start();
        double wallMillis = Double.NaN;
        long uptime = -1;
        long cpuMillis = -1;
        List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Long reported = parseProbe(line);
                if (reported != null && uptime < 0) {
                    wallMillis = (System.nanoTime() - start) / 1e6;
                    uptime = reported;
                    // Read while Kiln is still shutting down: an exited process has no CPU figures.
                    cpuMillis = process.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
                } else if (output.size() < 40) {
                    output.add(line);
                }
            }
        }
        if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Kiln did not exit after its start-up probe");
        }
        if (uptime < 0 || process.exitValue() != 0) {
            throw new IllegalStateException("Kiln (" + String.join(" ", launch.kiln()) + ") exited with " + process.exitValue()
                    + (uptime < 0 ? " without reporting its first window" : "") + ". Its output:\n" + String.join("\n", output));
        }
        return new KilnStart(wallMillis, uptime, cpuMillis);
    }

    /**
     * When this bench itself runs from a jpackage launcher, that launcher has marked the environment
     * as its own (_JPACKAGE_LAUNCHER); a child launcher inheriting the mark takes its arguments for a
     * plain java command line and fails. Children start unmarked.
     */
    static ProcessBuilder processFor(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("_JPACKAGE_LAUNCHER");
        return builder;
    }

    /** The uptime in a probe line, or null if {@code line} is not one. */
    static Long parseProbe(String line) {
        Matcher m = PROBE_LINE.matcher(line);
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}
