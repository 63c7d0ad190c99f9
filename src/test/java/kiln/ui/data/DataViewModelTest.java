package kiln.ui.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import kiln.app.DataPort;
import kiln.domain.ProgressSink;
import kiln.domain.eda.EdaResults.DataRow;
import kiln.domain.eda.EdaResults.Histogram;
import kiln.domain.eda.TimeWindow;
import kiln.store.KilnStore;
import kiln.store.eda.GlasswareSql;
import kiln.ui.common.ImmediateTaskRunner;
import kiln.ui.common.TaskRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataViewModelTest {

    static final int ROWS = 8_400; // 200 a day over 42 days
    @TempDir
    static Path dir;
    static KilnStore store;
    DataViewModel model;

    @BeforeAll
    static void load() throws Exception {
        store = KilnStore.open(dir.resolve("vm.duckdb"));
        GlasswareSql.insert(store, ROWS);
        store.write(conn -> {
            try (Statement st = conn.createStatement()) {
                st.execute("INSERT INTO run (trainer, status, dataset, window_start, window_end) VALUES "
                        + "('tree', 'finished', 'glassware', TIMESTAMP '2019-07-01', TIMESTAMP '2019-07-11')");
            }
            return null;
        });
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @BeforeEach
    void start() {
        model = new DataViewModel(new DataPort(store), new ImmediateTaskRunner());
        model.start();
    }

    @Test
    void startsOnTheFirstDataSetWithEveryViewFilled() {
        assertThat(model.datasetProperty().get()).isEqualTo("glassware");
        assertThat(model.windowProperty().get()).isEqualTo(TimeWindow.ALL);
        assertThat(model.profile()).hasSize(3);
        assertThat(model.profile().get(0).count()).isEqualTo(ROWS);
        assertThat(model.labelBalanceProperty().get().total()).isEqualTo(ROWS);
        assertThat(model.readingsPerDayProperty().get()).hasSize(42);
        assertThat(model.histogramsProperty().get()).containsOnlyKeys("temp", "pressure", "duration");
        assertThat(model.featureProperty().get()).isEqualTo("temp");
        assertThat(model.envelopeProperty().get().rows()).isEqualTo(ROWS);
        assertThat(model.dailyBoxesProperty().get()).hasSize(42);
        assertThat(model.scatterProperty().get().size()).isEqualTo(DataViewModel.SCATTER_SAMPLE);
        assertThat(model.correlationProperty().get().features()).hasSize(3);
        assertThat(model.busyProperty().get()).isFalse();
        assertThat(model.errorProperty().get()).isEmpty();
    }

    @Test
    void lastDayAndLastWeekCountBackFromTheNewestReading() {
        LocalDateTime newest = model.boundsProperty().get().last();
        model.presetProperty().set(WindowPreset.LAST_DAY);
        assertThat(model.windowProperty().get().to()).isAfter(newest);
        assertThat(model.windowProperty().get().from()).isAfter(newest.minusDays(1).minusSeconds(1));
        assertThat(model.profile().get(0).count()).isBetween(190L, 210L);
        model.presetProperty().set(WindowPreset.LAST_7_DAYS);
        assertThat(model.profile().get(0).count()).isBetween(7 * 190L, 7 * 210L);
        assertThat(model.labelBalanceProperty().get().unlabelled()).isGreaterThan(0);
    }

    @Test
    void runAndCustomWindows() {
        assertThat(model.runs()).hasSize(1);
        model.presetProperty().set(WindowPreset.RUN);
        assertThat(model.windowProperty().get()).isEqualTo(TimeWindow.ALL); // no run chosen yet
        model.runProperty().set(model.runs().get(0));
        assertThat(model.windowProperty().get()).isEqualTo(new TimeWindow(LocalDateTime.of(2019, 7, 1, 0, 0), LocalDateTime.of(2019, 7, 11, 0, 0)));
        assertThat(model.readingsPerDayProperty().get()).hasSize(10);
        model.presetProperty().set(WindowPreset.CUSTOM);
        model.customFromProperty().set(LocalDate.of(2019, 7, 5));
        model.customToProperty().set(LocalDate.of(2019, 7, 6));
        assertThat(model.readingsPerDayProperty().get()).extracting(d -> d.day())
                .containsExactly(LocalDate.of(2019, 7, 5), LocalDate.of(2019, 7, 6));
        model.customToProperty().set(LocalDate.of(2019, 7, 1));
        assertThat(model.errorProperty().get()).contains("ends");
    }

    @Test
    void drillingIntoABarPagesThroughItsRows() {
        Histogram temp = model.histogramsProperty().get().get("temp");
        double low = temp.edges()[0];
        double high = temp.edges()[1];
        model.drillIntoBin("temp", (low + high) / 2, null);
        long expected = temp.good()[0] + temp.bad()[0] + temp.unlabelled()[0];
        assertThat(model.drillTotalProperty().get()).isEqualTo(expected);
        assertThat(model.drillRows()).hasSize((int) Math.min(expected, DataViewModel.PAGE_SIZE))
                .allMatch(r -> r.values().get("temp") >= low && r.values().get("temp") < high);
        if (expected > DataViewModel.PAGE_SIZE) {
            List<Long> firstIds = model.drillRows().stream().map(DataRow::id).toList();
            model.nextPage();
            assertThat(model.drillOffsetProperty().get()).isEqualTo(DataViewModel.PAGE_SIZE);
            assertThat(model.drillRows()).extracting(DataRow::id).doesNotContainAnyElementsOf(firstIds);
            model.previousPage();
            assertThat(model.drillRows()).extracting(DataRow::id).containsExactlyElementsOf(firstIds);
        }
        // a new window clears the drill-down
        model.presetProperty().set(WindowPreset.LAST_DAY);
        assertThat(model.drillFilterProperty().get()).isNull();
        assertThat(model.drillRows()).isEmpty();
    }

    @Test
    void drillingIntoATimeRange() {
        LocalDateTime from = LocalDateTime.of(2019, 7, 10, 6, 0);
        model.drillIntoTime(from, from.plusHours(6));
        assertThat(model.drillTotalProperty().get()).isBetween(40L, 60L);
        assertThat(model.drillRows()).allMatch(r -> !r.time().isBefore(from) && r.time().isBefore(from.plusHours(6)));
    }

    @Test
    void aNewSelectionCancelsTheQueriesOfTheOldOne() throws Exception {
        RecordingRunner runner = new RecordingRunner();
        DataViewModel deferred = new DataViewModel(new DataPort(store), runner);
        deferred.start();
        runner.runAll(); // data-set list
        runner.runAll(); // catalog, bounds, runs
        List<RecordingRunner.Pending<?>> firstWave = List.copyOf(runner.pending);
        assertThat(firstWave).hasSizeGreaterThanOrEqualTo(8);
        deferred.presetProperty().set(WindowPreset.LAST_DAY);
        assertThat(firstWave).allMatch(p -> p.cancelled);
        assertThat(deferred.busyProperty().get()).isTrue();
        runner.runAll();
        assertThat(deferred.busyProperty().get()).isFalse();
        assertThat(deferred.profile().get(0).count()).isBetween(190L, 210L);
        deferred.dispose();
    }

    /** Holds jobs until told to run them, so a test can change the selection while they "run". */
    static final class RecordingRunner implements TaskRunner {
        final List<Pending<?>> pending = new ArrayList<>();

        static final class Pending<T> implements Handle {
            final Job<T> job;
            final Consumer<? super T> onSuccess;
            boolean cancelled;
            boolean done;

            Pending(Job<T> job, Consumer<? super T> onSuccess) {
                this.job = job;
                this.onSuccess = onSuccess;
            }

            void run() throws Exception {
                done = true;
                if (!cancelled) {
                    onSuccess.accept(job.run(ProgressSink.NONE));
                }
            }

            @Override
            public void cancel() {
                cancelled = true;
            }

            @Override
            public boolean isDone() {
                return done || cancelled;
            }
        }

        @Override
        public <T> Handle submit(String title, Job<T> job, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            Pending<T> p = new Pending<>(job, onSuccess);
            pending.add(p);
            return p;
        }

        void runAll() throws Exception {
            List<Pending<?>> now = List.copyOf(pending);
            pending.clear();
            for (Pending<?> p : now) {
                p.run();
            }
        }
    }
}
