package kiln.cli.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs a benchmark's part that lives above the CLI layer (in {@code kiln.app.bench}, named here as
 * text so the CLI does not link to the screens) in a child JVM on the same class path, and reads
 * back the figures of its one {@code PREFIX {json}} line (or the message of {@code PREFIX-error msg}).
 * When the child fails the figures are absent and {@code <key>_error} says why.
 */
final class ChildJvmBench {

    private ChildJvmBench() {}

    static Map<String, Object> run(String mainClass, String prefix, List<String> args, String errorKey, long timeoutSeconds) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        String resultPrefix = prefix + " ";
        String errorPrefix = prefix + "-error ";
        try {
            Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String result = null;
            String error = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith(resultPrefix)) {
                        result = line.substring(resultPrefix.length());
                    } else if (line.startsWith(errorPrefix)) {
                        error = line.substring(errorPrefix.length());
                    }
                }
            }
            if (!child.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                out.put(errorKey, mainClass + " did not finish in " + timeoutSeconds + " s");
                return out;
            }
            if (result == null) {
                out.put(errorKey, error != null ? error : mainClass + " exited with code " + child.exitValue());
                return out;
            }
            JsonNode figures = new ObjectMapper().readTree(result);
            figures.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().asText()));
        } catch (Exception e) {
            out.clear();
            out.put(errorKey, "could not run " + mainClass + ": " + e.getMessage());
        }
        return out;
    }
}
