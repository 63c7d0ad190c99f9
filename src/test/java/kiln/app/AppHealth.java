package kiln.app;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import javafx.stage.Window;

import org.testfx.util.WaitForAsyncUtils;

/**
 * What an end-to-end test checks after each step besides the step's own effect: no exception escaped
 * any thread (a default handler, and the FX thread's own, which the application sets to an error
 * dialog), no error dialog opened, and the heap after a full GC stays below a bound. Installed after
 * the application has started; {@link #close()} puts the previous handlers back.
 */
final class AppHealth implements AutoCloseable {

    /** The heap the workbench may hold after a GC with the whole story loaded (the tests run with -Xmx2g). */
    static final long HEAP_LIMIT_BYTES = 1L << 30;

    private final List<String> uncaught = Collections.synchronizedList(new ArrayList<>());
    private final Thread.UncaughtExceptionHandler recorder = (thread, error) -> {
        uncaught.add(thread.getName() + ": " + error);
        error.printStackTrace();
    };
    private final Thread.UncaughtExceptionHandler previousDefault;
    private Thread.UncaughtExceptionHandler previousFx;
    private Thread fxThread;
    private long maxHeapSeen;

    private AppHealth() {
        previousDefault = Thread.getDefaultUncaughtExceptionHandler();
    }

    static AppHealth install() throws Exception {
        AppHealth health = new AppHealth();
        Thread.setDefaultUncaughtExceptionHandler(health.recorder);
        WaitForAsyncUtils.asyncFx(() -> {
            health.fxThread = Thread.currentThread();
            health.previousFx = health.fxThread.getUncaughtExceptionHandler();
            health.fxThread.setUncaughtExceptionHandler(health.recorder);
        }).get(10, TimeUnit.SECONDS);
        return health;
    }

    /** Fails when an exception escaped a thread, or a window other than the main one (an error dialog) is open. */
    void assertHealthy(String after, Stage main) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        if (!uncaught.isEmpty()) {
            throw new AssertionError("after " + after + ": uncaught exceptions " + uncaught);
        }
        List<String> others = WaitForAsyncUtils.asyncFx(() -> Window.getWindows().stream()
                .filter(w -> w != main && w instanceof Stage && w.isShowing())
                .map(w -> ((Stage) w).getTitle() + (w.getScene().getRoot() instanceof DialogPane pane
                        ? ": " + pane.getHeaderText() + " / " + pane.getContentText() : ""))
                .toList()).get(10, TimeUnit.SECONDS);
        if (!others.isEmpty()) {
            throw new AssertionError("after " + after + ": a dialog is open: " + others);
        }
    }

    /** The heap in use after a full GC, checked against {@link #HEAP_LIMIT_BYTES}; returns it. */
    long assertHeapBelowLimit(String after) {
        System.gc();
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        maxHeapSeen = Math.max(maxHeapSeen, used);
        if (used >= HEAP_LIMIT_BYTES) {
            throw new AssertionError("after " + after + ": heap after GC " + (used >> 20) + " MB, limit " + (HEAP_LIMIT_BYTES >> 20) + " MB");
        }
        return used;
    }

    long maxHeapSeen() {
        return maxHeapSeen;
    }

    @Override
    public void close() {
        Thread.setDefaultUncaughtExceptionHandler(previousDefault);
        if (fxThread != null) {
            Thread fx = fxThread;
            Thread.UncaughtExceptionHandler restore = previousFx;
            Platform.runLater(() -> fx.setUncaughtExceptionHandler(restore));
        }
    }
}
