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
 * dialog), no error dialog opened, and the heap the workbench holds after a full GC stays below a
 * bound. Made before the application starts (to measure the heap without it), told about the FX
 * thread once it runs; {@link #close()} puts the previous handlers back.
 */
final class AppHealth implements AutoCloseable {

    /**
     * The heap the workbench may hold after a full GC with the whole story loaded (the tests run with
     * -Xmx2g): the heap in use less what the JVM held before the application started, since the other
     * tests of the suite's JVM leave theirs behind (ScreenLeakTest, run earlier, leaves about 400 MB).
     */
    static final long HEAP_LIMIT_BYTES = 1L << 30;

    private final List<String> uncaught = Collections.synchronizedList(new ArrayList<>());
    private final Thread.UncaughtExceptionHandler recorder = (thread, error) -> {
        uncaught.add(thread.getName() + ": " + error);
        error.printStackTrace();
    };
    private final Thread.UncaughtExceptionHandler previousDefault;
    private Thread.UncaughtExceptionHandler previousFx;
    private Thread fxThread;
    private final long heapBefore;
    private long maxHeapSeen;

    private AppHealth() {
        previousDefault = Thread.getDefaultUncaughtExceptionHandler();
        heapBefore = heapAfterGc();
    }

    /** Measures the heap without the application and starts watching every thread's uncaught exceptions. */
    static AppHealth beforeStart() {
        AppHealth health = new AppHealth();
        Thread.setDefaultUncaughtExceptionHandler(health.recorder);
        return health;
    }

    /** Also watches the FX thread, whose own handler the application set when it started. */
    void watchFxThread() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            fxThread = Thread.currentThread();
            previousFx = fxThread.getUncaughtExceptionHandler();
            fxThread.setUncaughtExceptionHandler(recorder);
        }).get(10, TimeUnit.SECONDS);
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

    /** The heap the workbench holds after a full GC, checked against {@link #HEAP_LIMIT_BYTES}; returns it. */
    long assertHeapBelowLimit(String after) {
        long used = heapAfterGc();
        long workbench = used - heapBefore;
        maxHeapSeen = Math.max(maxHeapSeen, workbench);
        if (workbench >= HEAP_LIMIT_BYTES) {
            throw new AssertionError("after " + after + ": the workbench holds " + (workbench >> 20) + " MB after GC (heap " + (used >> 20)
                    + " MB less " + (heapBefore >> 20) + " MB before it started), limit " + (HEAP_LIMIT_BYTES >> 20) + " MB");
        }
        return workbench;
    }

    /** The most the workbench held after a GC so far. */
    long maxHeapSeen() {
        return maxHeapSeen;
    }

    /** The heap in use before the application started. */
    long heapBefore() {
        return heapBefore;
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
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
