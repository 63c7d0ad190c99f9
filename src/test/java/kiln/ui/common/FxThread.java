package kiln.ui.common;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javafx.application.Platform;

/** Runs code on the FX thread and waits for it, for screenshot mains and tests outside TestFX's robot. */
public final class FxThread {

    private FxThread() {
    }

    /** Runs {@code r} on the FX thread and waits (30 s at most); rethrows what it threw. */
    public static void run(Runnable r) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        RuntimeException[] failure = new RuntimeException[1];
        Platform.runLater(() -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                failure[0] = e;
            } finally {
                done.countDown();
            }
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("FX thread did not answer");
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** Polls {@code condition} on the FX thread every {@code pollMillis} until it holds, or fails after {@code timeoutSeconds}. */
    public static void await(BooleanSupplier condition, long timeoutSeconds, long pollMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            boolean[] ok = new boolean[1];
            run(() -> ok[0] = condition.getAsBoolean());
            if (ok[0]) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeoutSeconds + " s");
            }
            Thread.sleep(pollMillis);
        }
    }
}
