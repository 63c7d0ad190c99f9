package kiln.ui.monitor;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A poll ticker the test cranks by hand: {@link #tick()} runs one poll now, so a test counts polls
 * instead of sleeping through poll periods.
 */
final class ManualTicker implements LivePoller.Ticker {

    private volatile Runnable poll;
    private volatile Runnable lastPoll;
    private final AtomicInteger starts = new AtomicInteger();

    @Override
    public Runnable every(long periodMillis, Runnable tick) {
        starts.incrementAndGet();
        poll = tick;
        lastPoll = tick;
        return () -> poll = null;
    }

    /** Whether the poller has started the ticker and not stopped it. */
    boolean isTicking() {
        return poll != null;
    }

    int starts() {
        return starts.get();
    }

    /** Runs one poll as the real ticker would; fails if the poller stopped ticking. */
    void tick() {
        Runnable p = poll;
        if (p == null) {
            throw new IllegalStateException("the poller is not ticking");
        }
        p.run();
    }

    /** Runs the last poll once more after a stop: a poll already under way when the poller stopped. */
    void tickLate() {
        lastPoll.run();
    }
}
