package kiln.app.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import kiln.app.Workbench;
import kiln.domain.ProgressSink;
import kiln.ml.DataWindow;
import kiln.ml.sweep.SweepListener;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.sweep.SweepRunner;
import kiln.ml.sweep.SweepSpec;
import kiln.ops.LiveOps;
import kiln.store.KilnStore;
import kiln.ui.common.FxTaskRunner;
import kiln.ui.common.Theme;
import kiln.ui.common.Workspace;
import kiln.ui.welcome.WelcomeViewModel;

/**
 * The pulse half of {@code kiln bench monitor} (pulse_p99_ms), run in its own JVM because it needs a
 * display and its own database: the real Monitor workspace (built as the application builds it)
 * in a window on a fresh database, the glassware simulator at max speed with live scoring and
 * monitoring, and a seed sweep training in the background once labelled data exists. After a
 * {@value #WARMUP_SECONDS} s warm-up (JIT), an {@link AnimationTimer} records the time between
 * consecutive pulses for {@code --seconds} (first, as the
 * floor, a few seconds with the Monitor open and nothing running: pulse_idle_p99_ms); a watchdog
 * prints the FX thread's top frames whenever a pulse is more than {@value #STALL_MILLIS} ms late, which
 * names whatever blocks it. Prints one line {@code kiln-pulse {json}} (or {@code kiln-pulse-error msg}).
 */
public final class MonitorPulseBench {
    static final String RESULT_PREFIX = "kiln-pulse ";
    static final String ERROR_PREFIX = "kiln-pulse-error ";
    private static final long STALL_MILLIS = 100;
    private static final int WARMUP_SECONDS = 5;

    private MonitorPulseBench() {}

    public static void main(String[] args) {
        int seconds = 25;
        boolean sweep = true;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length) {
                seconds = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--no-sweep")) {
                sweep = false; // diagnosis: how much of the p99 the training costs
            }
        }
        int code;
        try {
            System.out.println(RESULT_PREFIX + measure(seconds, sweep));
            code = 0;
        } catch (Throwable e) {
            System.out.println(ERROR_PREFIX + (e.getMessage() == null ? e.toString() : e.getMessage()).replace('\n', ' '));
            code = 2;
        }
        System.out.flush();
        // FX and the runner's threads must not keep the measuring JVM alive.
        System.exit(code);
    }

    private static String measure(int seconds, boolean withSweep) throws Exception {
        Path dir = Files.createTempDirectory("kiln-bench-pulse");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown); // throws without a display
        started.await();
        Platform.setImplicitExit(false);
        try (KilnStore store = KilnStore.open(dir.resolve("pulse.duckdb"))) {
            FxTaskRunner runner = new FxTaskRunner(Math.max(2, Runtime.getRuntime().availableProcessors()));
            AtomicReference<List<Workspace>> workspaces = new AtomicReference<>();
            onFx(() -> {
                List<Workspace> all = Workbench.createWorkspaces(store, runner, NO_WELCOME_ACTIONS,
                        FXCollections.observableArrayList(), id -> {});
                workspaces.set(all);
                Workspace monitor = all.stream().filter(w -> w.id().equals("monitor")).findFirst().orElseThrow();
                Scene scene = new Scene(new StackPane(monitor.view()), 1400, 900);
                Theme.LIGHT.applyTo(scene);
                Stage stage = new Stage();
                stage.setTitle("Kiln monitor pulse bench");
                stage.setScene(scene);
                stage.show();
                monitor.setActive(true);
                return null;
            });
            Thread.sleep(1500); // first layout and the first reads settle
            // The floor, measured in the same run: the Monitor open and nothing running (the machine's own noise).
            int idleSeconds = Math.max(2, Math.min(5, seconds / 4));
            PulseRecorder idle = onFx(() -> {
                PulseRecorder r = new PulseRecorder();
                r.start();
                return r;
            });
            Thread.sleep(idleSeconds * 1000L);
            long[] idleGaps = onFx(idle::stopAndGaps);
            Arrays.sort(idleGaps);
            onFx(() -> {
                Node root = workspaces.get().stream().filter(w -> w.id().equals("monitor")).findFirst().orElseThrow().view();
                ((ButtonBase) root.lookup("#speed-max")).fire();
                ((ButtonBase) root.lookup("#play-button")).fire();
                return null;
            });
            SweepInBackground sweep = new SweepInBackground(store);
            if (withSweep) {
                sweep.start();
            }
            // Warm-up: the first seconds of a fresh JVM compile the hot paths (C2 threads take a core).
            Thread.sleep(WARMUP_SECONDS * 1000L);
            PulseRecorder pulses = onFx(() -> {
                PulseRecorder r = new PulseRecorder();
                r.start();
                return r;
            });
            Thread fxThread = findThread("JavaFX Application Thread");
            Watchdog watchdog = new Watchdog(pulses, fxThread);
            watchdog.start();
            Thread.sleep(seconds * 1000L);
            long[] gaps = onFx(pulses::stopAndGaps);
            watchdog.interrupt();
            sweep.cancel();
            String simStatus = onFx(() -> {
                Node root = workspaces.get().stream().filter(w -> w.id().equals("monitor")).findFirst().orElseThrow().view();
                String clock = ((Label) root.lookup("#sim-clock")).getText();
                ((ButtonBase) root.lookup("#pause-button")).fire();
                return clock;
            });
            sweep.join(10_000);
            long readings = count(store, "SELECT count(*) FROM sensor_reading");
            long predictions = count(store, "SELECT count(*) FROM predicted_quality");
            Arrays.sort(gaps);
            return String.format(Locale.ROOT, "{\"pulse_idle_p99_ms\":%.1f,\"pulse_idle_max_ms\":%.1f,\"pulse_seconds\":%d,"
                    + "\"pulses\":%d,\"pulse_p50_ms\":%.1f,\"pulse_p99_ms\":%.1f,\"pulse_max_ms\":%.1f,\"pulse_stalls_over_100ms\":%d,\"pulse_sim_clock\":\"%s\",\"pulse_readings\":%d,"
                    + "\"pulse_predictions\":%d,\"pulse_sweep_started_s\":%.1f,\"pulse_sweeps_finished\":%d}",
                    quantile(idleGaps, 0.99), quantile(idleGaps, 1.0), seconds,
                    gaps.length, quantile(gaps, 0.5), quantile(gaps, 0.99), quantile(gaps, 1.0), watchdog.stalls,
                    simStatus == null ? "" : simStatus.replace("\"", "'"), readings, predictions, sweep.startedSeconds, sweep.sweeps);
        } finally {
            deleteTree(dir);
        }
    }

    static double quantile(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int i = Math.min(sortedNanos.length - 1, Math.max(0, (int) Math.ceil(sortedNanos.length * q) - 1));
        return sortedNanos[i] / 1e6;
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                result.set(work.call());
            } catch (Throwable e) {
                error.set(e);
            } finally {
                done.countDown();
            }
        });
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the FX thread did not answer within 60 s");
        }
        if (error.get() != null) {
            throw new IllegalStateException(error.get().toString(), error.get());
        }
        return result.get();
    }

    private static Thread findThread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst().orElse(null);
    }

    private static long count(KilnStore store, String sql) throws Exception {
        return store.read(conn -> {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Records the time between consecutive pulses (an AnimationTimer runs once per pulse). */
    private static final class PulseRecorder extends AnimationTimer {
        private final List<Long> gaps = new ArrayList<>();
        private long previous;
        volatile long lastPulseNanos = System.nanoTime();

        @Override
        public void handle(long now) {
            long t = System.nanoTime();
            if (previous != 0) {
                gaps.add(t - previous);
            }
            previous = t;
            lastPulseNanos = t;
        }

        long[] stopAndGaps() {
            stop();
            return gaps.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /** Samples the FX thread's stack when a pulse is late, once per stall, and prints the top frames. */
    private static final class Watchdog extends Thread {
        private final PulseRecorder pulses;
        private final Thread fxThread;
        volatile int stalls;

        Watchdog(PulseRecorder pulses, Thread fxThread) {
            super("pulse-watchdog");
            setDaemon(true);
            this.pulses = pulses;
            this.fxThread = fxThread;
        }

        @Override
        public void run() {
            long sampledFor = 0;
            try {
                while (!isInterrupted()) {
                    Thread.sleep(20);
                    long last = pulses.lastPulseNanos;
                    long lateMillis = (System.nanoTime() - last) / 1_000_000;
                    if (lateMillis > STALL_MILLIS && last != sampledFor) {
                        sampledFor = last;
                        stalls++;
                        report(lateMillis);
                    }
                }
            } catch (InterruptedException e) {
                // measurement over
            }
        }

        private void report(long lateMillis) {
            if (fxThread == null) {
                return;
            }
            ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(new long[] {fxThread.getId()}, false, false)[0];
            StringBuilder sb = new StringBuilder("kiln-pulse-stall: FX thread ").append(lateMillis).append(" ms without a pulse, ")
                    .append(info == null ? "?" : info.getThreadState()).append('\n');
            StackTraceElement[] frames = fxThread.getStackTrace();
            int shown = 0;
            for (StackTraceElement f : frames) {
                sb.append("    at ").append(f).append('\n');
                if (++shown == 60) {
                    break;
                }
            }
            System.err.print(sb);
        }
    }

    /** The seed sweep on the labelled data simulated so far, started once there is some; cancelled at the end. */
    private static final class SweepInBackground extends Thread {
        private final KilnStore store;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final long born = System.nanoTime();
        volatile double startedSeconds = Double.NaN;
        volatile int runsInSweep;
        volatile int sweeps;

        SweepInBackground(KilnStore store) {
            super("pulse-bench-sweep");
            setDaemon(true);
            this.store = store;
        }

        void cancel() {
            cancelled.set(true);
        }

        @Override
        public void run() {
            try {
                LocalDateTime[] window = null;
                while (!cancelled.get() && window == null) {
                    Thread.sleep(250);
                    window = labelledWindow();
                }
                if (window == null) {
                    return;
                }
                startedSeconds = (System.nanoTime() - born) / 1e9;
                ProgressSink sink = new ProgressSink() {
                    @Override
                    public void progress(long done, long total, String message) {
                        runsInSweep = (int) done;
                    }

                    @Override
                    public boolean isCancelled() {
                        return cancelled.get();
                    }
                };
                // Sweep after sweep on the data labelled so far, so that training overlaps the whole measurement.
                while (!cancelled.get()) {
                    new SweepRunner(store).run(new SweepRequest(SweepSpec.resolve(LiveOps.DEFAULT_SWEEP), "glassware",
                            new DataWindow(window[0], window[1]), List.of(), 1), sink, SweepListener.NONE);
                    sweeps++;
                    LocalDateTime[] grown = labelledWindow();
                    window = grown == null ? window : grown;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (!cancelled.get()) {
                    System.err.println("kiln-pulse: the background sweep failed: " + e);
                }
            }
        }

        /** [first, newest labelled reading] once at least 1,000 products are labelled. */
        private LocalDateTime[] labelledWindow() {
            try {
                return store.read(conn -> {
                    try (Statement st = conn.createStatement();
                            ResultSet rs = st.executeQuery("SELECT count(*), min(r.process_time), "
                                    + "max(r.process_time) FROM sensor_reading r JOIN product_quality l ON l.pid = r.pid")) {
                        rs.next();
                        return rs.getLong(1) < 1000 ? null : new LocalDateTime[] {rs.getObject(2, LocalDateTime.class),
                                rs.getObject(3, LocalDateTime.class).plusSeconds(1)};
                    }
                });
            } catch (Exception e) {
                return null; // the tables appear with the first simulated batch
            }
        }
    }

    private static final WelcomeViewModel.Actions NO_WELCOME_ACTIONS = new WelcomeViewModel.Actions() {
        @Override
        public void openDemo() {}

        @Override
        public void openDatabase() {}

        @Override
        public void newDatabase() {}

        @Override
        public void importFile() {}

        @Override
        public void openRecent(String path) {}
    };
}
