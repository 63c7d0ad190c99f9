package kiln.ui.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.EdaResults.LabelBalance;
import kiln.domain.eda.EdaResults.TimeBounds;
import kiln.domain.eda.RowFilter;
import kiln.domain.eda.TimeWindow;
import org.junit.jupiter.api.Test;

class DataTextsTest {

    static final EdaDataset GLASSWARE = new EdaDataset("glassware", "sensor_reading", "product_quality", "pid", "process_time", "quality", "1",
            true, List.of(new EdaDataset.Feature("temp", "°C", null, null)));
    static final TimeBounds BOUNDS = new TimeBounds(LocalDateTime.of(2019, 7, 1, 0, 7, 30),
            LocalDateTime.parse("2019-08-11T23:54:54"), 7999);

    @Test
    void windowsReadAsDatesNotAsMicroseconds() {
        TimeWindow lastDay = WindowPreset.LAST_DAY.window(BOUNDS, null, null, null);
        assertThat(DataTexts.window(lastDay)).isEqualTo("Window: 2019-08-10 23:54 to 2019-08-11 23:54");
        assertThat(DataTexts.window(WindowPreset.CUSTOM.window(BOUNDS, null, LocalDate.of(2019, 7, 1), LocalDate.of(2019, 7, 10))))
                .isEqualTo("Window: 2019-07-01 to 2019-07-10 (whole days)");
        assertThat(DataTexts.window(TimeWindow.ALL)).isEqualTo("Window: all readings");
        assertThat(DataTexts.window(TimeWindow.lastBefore(BOUNDS.last(), Duration.ofDays(7)))).doesNotContain(".0000");
    }

    @Test
    void labelClassesAreTheDataSetsOwn() {
        ClassNames classes = ClassNames.of(GLASSWARE);
        assertThat(classes.positive()).isEqualTo("quality = 1");
        assertThat(classes.other()).isEqualTo("quality ≠ 1");
        assertThat(classes.of(null, "not yet")).isEqualTo("not yet");
        assertThat(DataTexts.balance(new LabelBalance(3709, 4290, 0), classes))
                .isEqualTo("7,999 readings: 3,709 quality = 1, 4,290 quality ≠ 1 (53.6 % of labelled), 0 not labelled yet");
        assertThat(DataTexts.drill(new RowFilter("temp", 350.0, 351.0, null, null, 0), classes)).isEqualTo("temp in [350.00, 351.00), quality ≠ 1");
        assertThat(DataTexts.drill(RowFilter.timeRange(LocalDateTime.parse("2019-07-02T10:00:00.000001"), LocalDateTime.parse("2019-07-02T10:30:00")),
                classes)).isEqualTo("time from 2019-07-02 10:00 to 2019-07-02 10:30");
        assertThat(ClassNames.of(new EdaDataset("plain", "r", null, "id", "t", null, null, false, List.of()))).isEqualTo(ClassNames.UNNAMED);
    }

    static final EdaDataset WEATHER = new EdaDataset("weather", "weather_reading", "weather_label", "id", "date", "weather", "drizzle", true,
            List.of(new EdaDataset.Feature("temp_max", "°C", null, null)), List.of("drizzle", "fog", "rain", "sun", "snow"));

    @Test
    void aMultiClassBalanceNamesEveryClassAndCountsEveryReading() {
        ClassNames classes = ClassNames.of(WEATHER);
        assertThat(classes.multiClass()).isTrue();
        assertThat(classes.drawOrder()).containsExactly(0, 1, 2, 3, 4);
        LabelBalance b = new LabelBalance(new long[] {150, 210, 1280, 1120, 60}, 0);
        assertThat(DataTexts.balance(b, classes))
                .isEqualTo("2,820 readings: rain 1,280 · sun 1,120 · fog 210 · drizzle 150 · snow 60 (all labelled)");
        assertThat(DataTexts.balance(new LabelBalance(new long[] {1, 2, 3, 0, 0}, 7), classes))
                .isEqualTo("13 readings: rain 3 · fog 2 · drizzle 1 · sun 0 · snow 0, 7 not labelled yet");
        assertThat(DataTexts.drill(new RowFilter("temp_max", 1.0, 2.0, null, null, 3), classes)).isEqualTo("temp_max in [1.0000, 2.0000), sun");
        assertThat(classes.of(4, "not yet")).isEqualTo("snow");
        assertThat(classes.styleClass(0)).isNotEqualTo(classes.styleClass(4));
    }
}
