package kiln.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the pulse measurement of {@code kiln bench monitor} (class {@code kiln.app.bench.MonitorPulseBench},
 * named here as text: the CLI layer does not link to JavaFX) in a child JVM on the same class path,
 * and reads back its figures. Without a display, or when the child fails, the figures are absent and
 * {@code pulse_error} says why; the benchmark itself never fails because of it.
 */
final class MonitorPulseProbe {
    static final String MAIN_CLASS = "kiln.app.bench.MonitorPulseBench";
    private static final String RESULT_PREFIX = "kiln-pulse ";
    private static final String ERROR_PREFIX = "kiln-pulse-error ";

    private MonitorPulseProbe() {}

    /** The figures (pulse_p50_ms, pulse_p99_ms, pulse_max_ms, ...) or a single pulse_error. */
    static Map<String, Object> measure(int seconds) {
        Map<String, Object> out = new LinkedHashMap<>();
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        boolean unixLike = !os.contains("win") && !os.contains("mac");
        if (unixLike && isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"))) {
            out.put("pulse_error", "no display: run under xvfb-run -a to measure pulse_p99_ms");
            return out;
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), MAIN_CLASS, "--seconds", String.valueOf(seconds)));
        try {
            Process child = new ProcessBuilder(command).redirectErrorStream(false).start();
            // Stall reports (stderr) go to our stderr as they come, so a hang is diagnosable.
            Thread errPump = new Thread(() -> pump(child), "pulse-stderr");
            errPump.setDaemon(true);
            errPump.start();
            String result = null;
            String error = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith(RESULT_PREFIX)) {
                        result = line.substring(RESULT_PREFIX.length());
                    } else if (line.startsWith(ERROR_PREFIX)) {
                        error = line.substring(ERROR_PREFIX.length());
                    }
                }
            }
            if (!child.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                out.put("pulse_error", "the pulse measurement did not finish in " + (seconds + 120) + " s");
                return out;
            }
            errPump.join(2000);
            if (result == null) {
                out.put("pulse_error", error != null ? error : "the pulse measurement exited with code " + child.exitValue());
                return out;
            }
            JsonNode figures = new ObjectMapper().readTree(result);
            figures.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNumber() ? e.getValue().numberValue()
                    : e.getValue().asText()));
        } catch (Exception e) {
            out.clear();
            out.put("pulse_error", "could not run the pulse measurement: " + e.getMessage());
        }
        return out;
    }

    private static void pump(Process child) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                System.err.println(line);
            }
        } catch (IOException e) {
            // the child ended
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
