package kiln.app;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;

import org.duckdb.DuckDBDriver;
import org.tribuo.Tribuo;

/** Versions of Kiln and the libraries it is built on, read from the jars themselves. */
public final class Versions {

    private Versions() {}

    public static String kiln() {
        String v = Versions.class.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        try (InputStream in = Versions.class.getResourceAsStream("/kiln/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "dev";
    }

    /** Name → version of Kiln, Java, DuckDB, Tribuo (no JavaFX: headless callers must not load it). */
    public static Map<String, String> headless() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("Kiln", kiln());
        v.put("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        v.put("DuckDB", implementationVersion(DuckDBDriver.class, "unknown"));
        v.put("Tribuo", Tribuo.VERSION);
        return v;
    }

    /** The version written in the manifest of the jar that holds {@code type}. */
    static String implementationVersion(Class<?> type, String fallback) {
        String v = type.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        try {
            var location = type.getProtectionDomain().getCodeSource().getLocation();
            try (var jar = new JarFile(new File(location.toURI()))) {
                var attrs = jar.getManifest().getMainAttributes();
                String bundle = attrs.getValue("Bundle-Version");
                if (bundle != null) {
                    return bundle;
                }
                String spec = attrs.getValue("Specification-Version");
                return spec != null ? spec : fallback;
            }
        } catch (Exception e) {
            return fallback;
        }
    }
}
