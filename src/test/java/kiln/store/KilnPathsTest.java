package kiln.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class KilnPathsTest {

    @Test
    void linuxFollowsXdgWithFallbacks() {
        KilnPaths withXdg = KilnPaths.resolve("Linux", Map.of("XDG_DATA_HOME", "/data", "XDG_CONFIG_HOME", "/cfg"), Path.of("/home/ann"));
        assertThat(withXdg.defaultDatabase()).isEqualTo(Path.of("/data/kiln/kiln.duckdb"));
        assertThat(withXdg.settingsFile()).isEqualTo(Path.of("/cfg/kiln/settings.json"));
        KilnPaths plain = KilnPaths.resolve("Linux", Map.of("XDG_DATA_HOME", "relative/ignored"), Path.of("/home/ann"));
        assertThat(plain.defaultDatabase()).isEqualTo(Path.of("/home/ann/.local/share/kiln/kiln.duckdb"));
        assertThat(plain.logDir()).isEqualTo(Path.of("/home/ann/.local/state/kiln/logs"));
    }

    @Test
    void windowsAndMacUseTheirConventionalFolders() {
        assertThat(KilnPaths.resolve("Windows 11", Map.of("LOCALAPPDATA", "C:/Users/ann/AppData/Local"), Path.of("C:/Users/ann")).defaultDatabase())
                .isEqualTo(Path.of("C:/Users/ann/AppData/Local/Kiln/kiln.duckdb"));
        assertThat(KilnPaths.resolve("Mac OS X", Map.of(), Path.of("/Users/ann")).defaultDatabase())
                .isEqualTo(Path.of("/Users/ann/Library/Application Support/Kiln/kiln.duckdb"));
    }
}
