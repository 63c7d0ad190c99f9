package kiln.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What Kiln remembers between starts: window geometry, theme, recent databases. */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class AppSettings {

    private static final Logger LOG = LoggerFactory.getLogger(AppSettings.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_RECENT = 8;

    public double windowX = Double.NaN;
    public double windowY = Double.NaN;
    public double windowWidth = 1280;
    public double windowHeight = 800;
    public boolean maximized;
    public String theme = "LIGHT";
    public List<String> recentDatabases = new ArrayList<>();
    public boolean welcomeSeen;

    /** Reads the settings file; a missing or unreadable file gives defaults (and a log line). */
    public static AppSettings load(Path file) {
        if (!Files.exists(file)) {
            return new AppSettings();
        }
        try {
            return JSON.readValue(file.toFile(), AppSettings.class);
        } catch (IOException e) {
            LOG.warn("Ignoring unreadable settings {}: {}", file, e.getMessage());
            return new AppSettings();
        }
    }

    /** Writes atomically, so a crash never leaves half a file. */
    public void save(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Could not save settings to {}: {}", file, e.getMessage());
        }
    }

    /** Moves {@code path} to the front of the recent list. */
    public void rememberDatabase(String path) {
        recentDatabases.remove(path);
        recentDatabases.add(0, path);
        while (recentDatabases.size() > MAX_RECENT) {
            recentDatabases.remove(recentDatabases.size() - 1);
        }
    }
}
