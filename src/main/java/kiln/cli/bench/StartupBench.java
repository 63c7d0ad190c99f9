package kiln.cli.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import kiln.domain.UserFacingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln bench startup}: time from process start until Kiln's first window is shown, as a ratio
 * against {@code java -version} started the same way in the same run (medians over several runs).
 * Needs a display: on a headless Linux machine run it under {@code xvfb-run -a}.
 */
@Command(name = "startup", description = {
        "Time from process start until the first window is shown, against `java -version` in the same run.",
        "Needs a display (headless Linux: xvfb-run -a kiln bench startup)."})
public final class StartupBench implements Callable<Integer> {

    /** The target for the first window: shown within this many milliseconds of the launch. */
    static final double TARGET_MILLIS = 2000;

    @Option(names = "--launch", defaultValue = "jar", completionCandidates = LaunchKinds.class,
            description = "What to start: jar (java -jar kiln.jar with the running JDK) or app-image (the jpackage launcher). Default: ${DEFAULT-VALUE}.")
    String launchKind;

    @Option(names = "--jar", defaultValue = "target/kiln.jar", paramLabel = "FILE",
            description = "Kiln's jar for --launch jar. Default: ${DEFAULT-VALUE}.")
    Path jar;

    @Option(names = "--app-image", paramLabel = "DIR",
            description = "The app-image for --launch app-image. Default: target/dist/kiln (target/dist/kiln.app on macOS).")
    Path appImage;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs of each (after one untimed warm-up). Default: ${DEFAULT-VALUE}.")
    int runs;

    @Mixin
    BenchRun bench;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new UserFacingException("--runs must be at least 1, was " + runs);
        }
        StartupTiming.Launch launch = switch (launchKind) {
            case "jar" -> StartupTiming.Launch.jar(Path.of(System.getProperty("java.home"), "bin", "java"), jar);
            case "app-image" -> StartupTiming.Launch.appImage(appImage != null ? appImage : defaultAppImage());
            default -> throw new UserFacingException("--launch must be jar or app-image, was '" + launchKind + "'");
        };
        requireDisplay();

        // Warm-up: fills the OS file cache and JavaFX's per-user native cache; not timed.
        StartupTiming.timeBaseline(launch);
        StartupTiming.timeKiln(launch);

        List<Double> baseline = new ArrayList<>();
        List<Double> window = new ArrayList<>();
        List<Double> uptime = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            // Interleaved so a burst of load on the shared machine hits both sides alike.
            baseline.add(StartupTiming.timeBaseline(launch));
            StartupTiming.KilnStart start = StartupTiming.timeKiln(launch);
            window.add(start.wallMillis());
            uptime.add((double) start.reportedUptimeMillis());
            if (start.cpuMillis() >= 0) {
                cpu.add((double) start.cpuMillis());
            }
        }
        double baselineMedian = StartupTiming.median(baseline);
        double windowMedian = StartupTiming.median(window);
        bench.print(new BenchReport()
                .put("bench", "startup")
                .put("launch", launch.name())
                .put("command", String.join(" ", launch.kiln()))
                .put("runs", runs)
                .put("java_version_median_ms", baselineMedian)
                .put("first_window_median_ms", windowMedian)
                .put("first_window_jvm_uptime_median_ms", StartupTiming.median(uptime))
                .put("first_window_cpu_median_ms", cpu.isEmpty() ? null : StartupTiming.median(cpu))
                .put("ratio_to_java_version", windowMedian / baselineMedian)
                .put("target_ms", TARGET_MILLIS)
                .put("within_target", windowMedian <= TARGET_MILLIS)
                .put("first_window_ms", window.stream().map(StartupBench::round).toList())
                .put("java_version_ms", baseline.stream().map(StartupBench::round).toList()));
        return 0;
    }

    /** The values --launch accepts. */
    static final class LaunchKinds extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        LaunchKinds() {
            super(List.of("jar", "app-image"));
        }
    }

    private static void requireDisplay() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        boolean x11 = !os.startsWith("windows") && !os.startsWith("mac");
        String display = System.getenv("DISPLAY");
        if (x11 && (display == null || display.isBlank()) && System.getenv("WAYLAND_DISPLAY") == null) {
            throw new UserFacingException("kiln bench startup opens real windows and there is no display (DISPLAY is not set). "
                    + "On a headless machine run it under Xvfb: xvfb-run -a kiln bench startup");
        }
    }

    private static Path defaultAppImage() {
        boolean mac = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac");
        return Path.of("target", "dist", mac ? "kiln.app" : "kiln");
    }

    private static double round(double millis) {
        return Math.round(millis * 10) / 10.0;
    }
}
