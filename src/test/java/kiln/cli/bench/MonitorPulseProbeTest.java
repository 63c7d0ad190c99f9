package kiln.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.Test;

class MonitorPulseProbeTest {

    /** The probe names the child JVM's main class as text (the CLI does not link to JavaFX): a move must not break it. */
    @Test
    void theChildMainClassExistsWhereTheProbeLooksForIt() throws Exception {
        Class<?> bench = Class.forName(MonitorPulseProbe.MAIN_CLASS, false, getClass().getClassLoader());
        Method main = bench.getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
    }
}
