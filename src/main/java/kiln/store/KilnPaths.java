package kiln.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where Kiln keeps its data, settings and logs on each platform. */
public record KilnPaths(Path dataDir, Path configDir, Path logDir) {

    /** The default database file inside {@link #dataDir()}. */
    public Path defaultDatabase() {
        return dataDir.resolve("kiln.duckdb");
    }

    public Path settingsFile() {
        return configDir.resolve("settings.json");
    }

    /**
     * The platform's conventional folders for the current user, or everything under the folder
     * named by the system property {@code kiln.home} (tests, portable installs, demo machines).
     */
    public static KilnPaths forCurrentUser() {
        String home = System.getProperty("kiln.home");
        if (home != null && !home.isBlank()) {
            Path root = Path.of(home).toAbsolutePath();
            return new KilnPaths(root.resolve("data"), root.resolve("config"), root.resolve("logs"));
        }
        return resolve(System.getProperty("os.name", ""), System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Pure resolution, testable with any environment. */
    public static KilnPaths resolve(String osName, Map<String, String> env, Path home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            Path local = env.containsKey("LOCALAPPDATA") ? Path.of(env.get("LOCALAPPDATA")) : home.resolve("AppData/Local");
            Path roaming = env.containsKey("APPDATA") ? Path.of(env.get("APPDATA")) : home.resolve("AppData/Roaming");
            return new KilnPaths(local.resolve("Kiln"), roaming.resolve("Kiln"), local.resolve("Kiln/logs"));
        }
        if (os.contains("mac")) {
            Path support = home.resolve("Library/Application Support/Kiln");
            return new KilnPaths(support, support, home.resolve("Library/Logs/Kiln"));
        }
        Path data = xdg(env, "XDG_DATA_HOME", home.resolve(".local/share")).resolve("kiln");
        Path config = xdg(env, "XDG_CONFIG_HOME", home.resolve(".config")).resolve("kiln");
        Path state = xdg(env, "XDG_STATE_HOME", home.resolve(".local/state")).resolve("kiln");
        return new KilnPaths(data, config, state.resolve("logs"));
    }

    private static Path xdg(Map<String, String> env, String name, Path fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() || !Path.of(value).isAbsolute() ? fallback : Path.of(value);
    }
}
