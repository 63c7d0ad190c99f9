package kiln.ui.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import kiln.domain.Run;
import org.junit.jupiter.api.Test;

class RunRankingTest {

    static Run run(long id, String status, double accuracy, double logLoss) {
        return new Run(id, 1L, "cart", Map.of(), Map.of("accuracy", accuracy, "log_loss", logLoss), null, status, null, null, null,
                "glassware", null, null, List.of(), null, null, null, null, null, null, null, List.of(), null);
    }

    @Test
    void equalAccuracyGoesToTheLowerLogLossThenToTheOlderRun() {
        Run older = run(8, Run.FINISHED, 0.974, 0.0987);
        Run newer = run(12, Run.FINISHED, 0.974, 0.0886);
        Run twin = run(15, Run.FINISHED, 0.974, 0.0886);
        Run worse = run(3, Run.FINISHED, 0.951, 0.01);
        Run cancelled = run(20, Run.CANCELLED, 0.99, 0.01);

        assertThat(RunRanking.best(List.of(older, newer, twin, worse, cancelled), "accuracy")).contains(newer);
        assertThat(RunRanking.best(List.of(twin, newer), "accuracy")).contains(newer);
        assertThat(RunRanking.best(List.of(older, worse), "accuracy")).contains(older);
        // lower is better for log-loss itself
        assertThat(RunRanking.best(List.of(older, newer, worse), "log_loss")).contains(worse);
        assertThat(RunRanking.best(List.of(cancelled, run(21, Run.FINISHED, Double.NaN, 0.1)), "accuracy")).isEmpty();
    }
}
