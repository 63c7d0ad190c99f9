package kiln.cli.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One benchmark's result: an ordered set of named figures, printed as a JSON line or as text. */
public final class BenchReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Object> figures = new LinkedHashMap<>();

    public BenchReport put(String name, Object value) {
        figures.put(name, value instanceof Double d ? round(d) : value);
        return this;
    }

    public Map<String, Object> figures() {
        return figures;
    }

    /** Adds the machine facts every report carries (cores, max heap, Java). */
    public BenchReport withMachine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("jvm_uptime_ms", ManagementFactory.getRuntimeMXBean().getUptime());
        figures.put("machine", machine);
        return this;
    }

    public void print(PrintWriter out, boolean json) {
        if (json) {
            try {
                out.println(JSON.writeValueAsString(figures));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            figures.forEach((k, v) -> out.println(String.format("%-22s %s", k, v)));
        }
        out.flush();
    }

    private static double round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double scale = Math.abs(v) >= 100 ? 10 : 1000;
        return Math.round(v * scale) / scale;
    }
}
