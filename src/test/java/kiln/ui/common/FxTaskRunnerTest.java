package kiln.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javafx.application.Platform;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The status bar's job list never keeps a job that has ended, however submit and cancel interleave across threads. */
class FxTaskRunnerTest {

    private final FxTaskRunner runner = new FxTaskRunner(1);

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void stop() {
        runner.shutdown();
    }

    @Test
    void aJobSubmittedOffTheFxThreadAndCancelledBeforeItsEntryIsListedIsNeverListed() throws Exception {
        CountDownLatch submitted = new CountDownLatch(1);
        AtomicReference<TaskRunner.Handle> handle = new AtomicReference<>();
        CountDownLatch cancelled = new CountDownLatch(1);
        // The FX thread is busy while the job is submitted from this thread (its entry's add is queued behind),
        // then cancels it at once: the cancel is handled before the queued add runs.
        Platform.runLater(() -> {
            try {
                submitted.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handle.get().cancel();
            cancelled.countDown();
        });
        handle.set(runner.submit("Time series of x", sink -> {
            Thread.sleep(200);
            return 1;
        }, r -> {}, e -> {}));
        submitted.countDown();
        assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(400);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(runner.runningJobs()).as("jobs listed after the job ended").isEmpty();
    }

    @Test
    void aRunningJobIsListedUntilItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        runner.submit("Long", sink -> {
            release.await(10, TimeUnit.SECONDS);
            return 1;
        }, r -> {}, e -> {});
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(runner.runningJobs()).extracting(RunningJob::title).containsExactly("Long");
        release.countDown();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> runner.runningJobs().isEmpty());
    }

    @Test
    void aCancelThatLandsAsTheJobReturnsStillEndsTheJobOnce() throws Exception {
        // The cancel hook holds the canceller until the job has returned: the request is made, the job ends
        // normally, and only then could the Task itself be cancelled. The job must still end (listed no more)
        // and report one outcome, never none.
        CountDownLatch requested = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        AtomicInteger outcomes = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        TaskRunner.Handle handle = runner.submit("Time series of y", sink -> {
            sink.onCancel(() -> {
                requested.countDown();
                try {
                    returned.await(10, TimeUnit.SECONDS);
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            started.countDown();
            requested.await(10, TimeUnit.SECONDS);
            returned.countDown();
            return 1;
        }, r -> outcomes.incrementAndGet(), e -> outcomes.incrementAndGet());
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        handle.cancel();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> runner.runningJobs().isEmpty());
        Thread.sleep(200);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(handle.isDone()).isTrue();
        assertThat(outcomes.get()).as("outcomes reported").isLessThanOrEqualTo(1);
        assertThat(runner.runningJobs()).isEmpty();
    }
}
