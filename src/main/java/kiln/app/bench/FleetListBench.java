package kiln.app.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import kiln.app.FleetPort;
import kiln.domain.ProgressSink;
import kiln.domain.fleet.FleetResults.FleetGroup;
import kiln.store.KilnStore;
import kiln.ui.common.TaskRunner;
import kiln.ui.fleet.FleetViewModel;

/**
 * The group-list half of {@code kiln bench fleet} (list_filter_ms), run in a child JVM because it
 * uses the Fleet view's view-model (the CLI layer does not link to the screens): N groups (10,000 by
 * default) put into a real {@link FleetViewModel}, listed worst first as the view lists them, then a
 * search typed one key at a time ("1", "12", "123", "1234", back to "12", cleared) and the
 * open-alerts box toggled; each step's time is that of setting the property and reading the list's
 * size, which is when the filtered list has applied the new predicate. Three rounds warm the JIT,
 * five are measured. No display is needed (javafx.base only). Prints one line
 * {@code kiln-fleet-list {json}} (or {@code kiln-fleet-list-error msg}).
 */
public final class FleetListBench {
    static final String RESULT_PREFIX = "kiln-fleet-list ";
    static final String ERROR_PREFIX = "kiln-fleet-list-error ";
    private static final String[] TYPED = {"1", "12", "123", "1234", "123", "12", ""};

    private FleetListBench() {}

    public static void main(String[] args) {
        int groups = 10_000;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--groups")) {
                groups = Integer.parseInt(args[i + 1]);
            }
        }
        int code;
        try {
            System.out.println(RESULT_PREFIX + new ObjectMapper().writeValueAsString(measure(groups)));
            code = 0;
        } catch (Exception e) {
            System.out.println(ERROR_PREFIX + (e.getMessage() == null ? e.toString() : e.getMessage()).replace('\n', ' '));
            code = 1;
        }
        System.exit(code);
    }

    static Map<String, Object> measure(int groupCount) throws Exception {
        Path dir = Files.createTempDirectory("kiln-bench-fleet-list");
        try (KilnStore store = KilnStore.open(dir.resolve("list.duckdb"))) {
            FleetViewModel vm = new FleetViewModel(new FleetPort(store), new ImmediateRunner());
            List<FleetGroup> groups = groups(groupCount);
            long t0 = System.nanoTime();
            vm.allGroups().setAll(groups);
            int listed = vm.shownGroups().size();
            double setAllMs = (System.nanoTime() - t0) / 1e6;
            List<Double> steps = new ArrayList<>();
            int[] shown = new int[TYPED.length + 2];
            for (int round = 0; round < 8; round++) {
                int k = 0;
                for (String text : TYPED) {
                    double ms = step(() -> vm.searchProperty().set(text), vm);
                    shown[k++] = vm.shownGroups().size();
                    if (round >= 3) {
                        steps.add(ms);
                    }
                }
                for (boolean on : new boolean[] {true, false}) {
                    double ms = step(() -> vm.onlyWithAlertsProperty().set(on), vm);
                    shown[k++] = vm.shownGroups().size();
                    if (round >= 3) {
                        steps.add(ms);
                    }
                }
            }
            vm.dispose();
            double[] sorted = steps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("list_groups", groupCount);
            out.put("list_listed", listed);
            out.put("list_load_ms", round(setAllMs));
            out.put("list_filter_ms", round(sorted[sorted.length / 2]));
            out.put("list_filter_max_ms", round(sorted[sorted.length - 1]));
            out.put("list_filter_steps", sorted.length);
            out.put("list_shown_per_step", Arrays.toString(shown));
            return out;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double step(Runnable change, FleetViewModel vm) {
        long t0 = System.nanoTime();
        change.run();
        vm.shownGroups().size();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Groups "1".."N" with seeded accuracies, baselines, alerts and members, as the fleet queries return them. */
    private static List<FleetGroup> groups(int n) {
        SplittableRandom rng = new SplittableRandom(15);
        Instant latest = Instant.parse("2024-01-15T00:00:00Z");
        List<FleetGroup> out = new ArrayList<>(n);
        for (int g = 1; g <= n; g++) {
            boolean labelled = rng.nextInt(20) > 0;
            double baseline = 0.8 + 0.15 * rng.nextDouble();
            out.add(new FleetGroup(String.valueOf(g), 2_000 + rng.nextInt(500), labelled ? 1_500 : 0, 48, latest,
                    labelled ? baseline - 0.2 * rng.nextDouble() : null, labelled ? baseline : null, rng.nextInt(25) == 0 ? 1 + rng.nextInt(3) : 0,
                    "v" + (1 + rng.nextInt(n))));
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Runs jobs on the caller's thread (the benchmark never starts a load: the groups are set directly). */
    private static final class ImmediateRunner implements TaskRunner {
        @Override
        public <T> Handle submit(String title, Job<T> job, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            try {
                onSuccess.accept(job.run(ProgressSink.NONE));
            } catch (Exception e) {
                onFailure.accept(e);
            }
            return new Handle() {
                @Override
                public void cancel() {}

                @Override
                public boolean isDone() {
                    return true;
                }
            };
        }
    }
}
