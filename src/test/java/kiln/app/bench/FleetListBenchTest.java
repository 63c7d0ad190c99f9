package kiln.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class FleetListBenchTest {

    @Test
    void filtersTheGroupListAsTyped() throws Exception {
        Map<String, Object> figures = FleetListBench.measure(200);
        assertThat(figures.get("list_listed")).isEqualTo(200);
        assertThat(((Number) figures.get("list_filter_ms")).doubleValue()).isGreaterThanOrEqualTo(0);
        // Keys 1..200: "1" is in 119 of them, "12" in 12, "123" in 1, "1234" in none; cleared: all; alerts only: fewer.
        assertThat((String) figures.get("list_shown_per_step")).startsWith("[119, 12, 1, 0, 1, 12, 200, ").endsWith(", 200]");
    }
}
