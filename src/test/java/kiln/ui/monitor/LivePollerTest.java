package kiln.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LivePollerTest {

    final ManualTicker ticker = new ManualTicker();
    /** The FX thread's queue, run by hand. */
    final Queue<Runnable> fx = new ArrayDeque<>();
    final AtomicInteger loads = new AtomicInteger();
    final List<Integer> applied = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();
    Integer next;

    final LivePoller<Integer> poller = new LivePoller<>(() -> {
        loads.incrementAndGet();
        Integer result = next;
        next = null;
        return result;
    }, applied::add, errors::add, fx::add, 250, 0, ticker);

    @Test
    void pollsOnlyWhileStartedAndAppliesOnTheFxExecutor() {
        assertThat(ticker.isTicking()).isFalse();
        poller.start();
        poller.start();
        assertThat(ticker.starts()).isEqualTo(1);

        ticker.tick(); // nothing moved
        assertThat(loads.get()).isEqualTo(1);
        assertThat(fx).isEmpty();

        next = 7;
        ticker.tick();
        assertThat(applied).isEmpty(); // handed over, not yet run by the FX thread
        fx.poll().run();
        assertThat(applied).containsExactly(7);

        poller.stop();
        assertThat(ticker.isTicking()).isFalse();
        assertThat(poller.isRunning()).isFalse();
    }

    @Test
    void resultsWaitingForTheFxThreadCollapseIntoTheNewest() {
        poller.start();
        next = 1;
        ticker.tick();
        next = 2;
        ticker.tick();
        next = 3;
        ticker.tick();
        assertThat(fx).hasSize(1); // one hand-over queued, however many polls found something
        fx.poll().run();
        assertThat(applied).containsExactly(3);
    }

    @Test
    void aPollUnderWayWhenStoppedAppliesNothing() {
        poller.start();
        next = 5;
        ticker.tick();
        poller.stop();
        fx.poll().run(); // the hand-over queued before the stop
        next = 6;
        ticker.tickLate(); // a poll that was already running when the stop came
        fx.forEach(Runnable::run);
        assertThat(applied).isEmpty();
    }

    @Test
    void aFailedLoadIsReportedOnTheFxExecutor() {
        LivePoller<Integer> failing = new LivePoller<>(() -> {
            throw new IllegalStateException("database gone");
        }, applied::add, errors::add, fx::add, 250, 0, ticker);
        failing.start();
        ticker.tick();
        assertThat(errors).isEmpty();
        fx.poll().run();
        assertThat(errors).singleElement().extracting(Throwable::getMessage).isEqualTo("database gone");
    }
}
