package kiln.ui.common;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javafx.application.Platform;

/** For screenshot mains outside TestFX: run on the FX thread and wait, or poll a condition there. */
public final class FxThread {

    private FxThread() {}

    /** Runs {@code r} on the FX thread and waits for it; an exception it throws is rethrown here. */
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

    /** Polls {@code condition} on the FX thread until it holds, or fails after {@code seconds}. */
    public static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            boolean[] ok = new boolean[1];
            run(() -> ok[0] = condition.getAsBoolean());
            if (ok[0]) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + seconds + " s waiting for the workspace");
            }
            Thread.sleep(100);
        }
    }
}
