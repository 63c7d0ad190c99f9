package kiln.ui.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import kiln.domain.ProgressSink;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepListener.RunState;
import org.junit.jupiter.api.Test;

class SweepEtaTest {

    static final long SECOND = 1_000_000_000L;
    final AtomicLong now = new AtomicLong();

    @Test
    void unknownUntilARunIsTrainedThenFromTheMeanDurationAndTheWorkers() {
        SweepEta eta = new SweepEta(2, now::get);
        eta.runChanged(0, RunState.REUSED); // reused runs take no time and set no pace
        eta.runChanged(1, RunState.RUNNING);
        eta.runChanged(2, RunState.RUNNING);
        now.set(SECOND);
        assertThat(eta.remainingMillis(13)).isEmpty();

        now.set(2 * SECOND);
        eta.runChanged(1, RunState.FINISHED);
        eta.runChanged(2, RunState.FINISHED);
        // 13 queued runs of 2 s on 2 workers: 7 rounds
        assertThat(eta.remainingMillis(13)).hasValue(14_000);

        eta.runChanged(3, RunState.RUNNING);
        eta.runChanged(4, RunState.RUNNING);
        now.set(3 * SECOND);
        // two in flight, half done; 11 queued after them: 1 s + 6 rounds of 2 s
        assertThat(eta.inFlight()).isEqualTo(2);
        assertThat(eta.remainingMillis(11)).hasValue(13_000);
        assertThat(new SweepEta(1, now::get).remainingMillis(0)).isEmpty();
    }

    @Test
    void theBoardSaysEstimatingUntilTheFirstRunIsTrained() {
        ExperimentsViewModelTest.QueuedUiThread ui = new ExperimentsViewModelTest.QueuedUiThread();
        SweepBoard board = new SweepBoard(ui, now::get);
        board.reset("Loading", 2);
        for (int i = 0; i < 4; i++) {
            board.runUpdated(new SweepListener.RunProgress(i, "cart", Map.of(), RunState.QUEUED, null, 0, "Queued"));
        }
        board.runUpdated(new SweepListener.RunProgress(0, "cart", Map.of(), RunState.RUNNING, 1L, 0, "Training"));
        board.runUpdated(new SweepListener.RunProgress(1, "cart", Map.of(), RunState.RUNNING, 2L, 0, "Training"));
        board.sweepUpdated(new SweepListener.SweepProgress(0, 4, 0, -1));
        now.set(3 * SECOND);
        ui.drain();
        assertThat(board.summaryProperty().get()).isEqualTo("0 of 4 runs · 3 s elapsed · estimating…");

        now.set(4 * SECOND);
        board.runUpdated(new SweepListener.RunProgress(0, "cart", Map.of(), RunState.FINISHED, 1L, 1, "done"));
        board.sweepUpdated(new SweepListener.SweepProgress(1, 4, 4_000, 400));
        ui.drain();
        // run 1 took 4 s; run 2 has 0 s left of that, runs 3 and 4 take 4 s each on the 2 workers
        assertThat(board.summaryProperty().get()).isEqualTo("1 of 4 runs · 4 s elapsed · about 4 s left");

        // the status bar gets the same time left, not the runner's elapsed-per-run guess
        List<String> status = new ArrayList<>();
        ProgressSink bar = board.timingStatus(new ProgressSink() {
            @Override
            public void progress(long done, long total, String message) {
                status.add(message);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        });
        bar.progress(0, 4, "Reading glassware");
        bar.progress(1, 4, "1 of 4 runs, about 1 s left");
        assertThat(status).containsExactly("Reading glassware", "1 of 4 runs, about 4 s left");
    }
}
