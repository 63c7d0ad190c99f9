package kiln.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import kiln.app.Main;
import kiln.domain.UserFacingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StartupTimingTest {

    @Test
    void readsTheUptimeFromTheProbeLineOnly() {
        assertThat(StartupTiming.parseProbe("kiln-startup-probe: window shown 1234")).isEqualTo(1234L);
        assertThat(StartupTiming.parseProbe("kiln: WARN something else 99")).isNull();
        assertThat(StartupTiming.parseProbe("Picked up JAVA_TOOL_OPTIONS: -Dkiln.startup.probe=true")).isNull();
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(StartupTiming.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(StartupTiming.median(List.of(4.0, 1.0, 3.0, 10.0))).isEqualTo(3.5);
        assertThatThrownBy(() -> StartupTiming.median(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingAppImageIsAUserErrorNamingTheFileAndTheBuildCommand(@TempDir Path dir) {
        assertThatThrownBy(() -> StartupTiming.Launch.appImage(dir.resolve("kiln")))
                .isInstanceOf(UserFacingException.class)
                .hasMessageContaining(dir.resolve("kiln").toString())
                .hasMessageContaining("-Ppackage");
    }

    @Test
    void theJarLaunchPassesTheProbePropertyAndTimesTheSameJava(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("kiln.jar"));
        StartupTiming.Launch launch = StartupTiming.Launch.jar(Path.of("/jdk/bin/java"), jar);
        assertThat(launch.kiln()).containsExactly("/jdk/bin/java", "-Dkiln.startup.probe=true", "-jar", jar.toString());
        assertThat(launch.baseline()).containsExactly("/jdk/bin/java", "-version");
    }

    @Test
    void anUnknownLaunchKindIsRejected() {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute("bench", "startup", "--launch", "exe", "--runs", "1");
        assertThat(code).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString()).contains("--launch must be jar or app-image, was 'exe'");
    }
}
