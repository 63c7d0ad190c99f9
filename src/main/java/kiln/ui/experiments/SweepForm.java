package kiln.ui.experiments;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import kiln.domain.UserFacingException;
import kiln.ml.DataWindow;
import kiln.ml.SplitSpec;
import kiln.ml.Trainers;
import kiln.ml.sweep.SweepRequest;
import kiln.ml.sweep.SweepSpec;

/**
 * The sweep definition as the form edits it: data set, window, features, trainers with their
 * parameter entries, grid or random search, split and workers. {@link #toRequest()} turns it into
 * what {@link kiln.ml.sweep.SweepRunner} runs; {@link #show(SweepSpec)} fills it from a sweep file.
 */
public final class SweepForm {

    /** Metrics a sweep can be judged by (the names stored in run.metrics). */
    public static final List<String> METRICS = List.of("accuracy", "precision", "recall", "f1", "roc_auc", "log_loss", "brier");

    /** How many days a fresh window spans from the first reading (the seed trained on ten days). */
    public static final int DEFAULT_WINDOW_DAYS = 10;

    public enum Search {
        GRID("Grid: every combination"), RANDOM("Random: n seeded draws");

        private final String label;

        Search(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** A feature of the data set and whether the sweep trains on it. */
    public static final class FeatureChoice {
        private final String name;
        private final BooleanProperty selected = new SimpleBooleanProperty(this, "selected", true);

        FeatureChoice(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public BooleanProperty selectedProperty() {
            return selected;
        }
    }

    private final StringProperty name = new SimpleStringProperty(this, "name", "sweep");
    private final ObjectProperty<String> dataset = new SimpleObjectProperty<>(this, "dataset");
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>(this, "from");
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>(this, "to");
    private final ObservableList<FeatureChoice> features = FXCollections.observableArrayList();
    private final List<TrainerChoice> trainers = Trainers.all().stream().map(TrainerChoice::new).toList();
    private final ObjectProperty<Search> search = new SimpleObjectProperty<>(this, "search", Search.GRID);
    private final ObjectProperty<Integer> samples = new SimpleObjectProperty<>(this, "samples", 10);
    private final StringProperty seed = new SimpleStringProperty(this, "seed", "42");
    private final ObjectProperty<SplitSpec.Kind> split = new SimpleObjectProperty<>(this, "split", SplitSpec.Kind.RANDOM);
    private final ObjectProperty<Integer> testPercent = new SimpleObjectProperty<>(this, "testPercent", 20);
    private final ObjectProperty<Integer> folds = new SimpleObjectProperty<>(this, "folds", 5);
    private final ObjectProperty<Integer> workers = new SimpleObjectProperty<>(this, "workers", Runtime.getRuntime().availableProcessors());
    private final ObjectProperty<String> metric = new SimpleObjectProperty<>(this, "metric", "accuracy");
    private String description;

    public SweepForm() {
        // A small useful default: one decision tree per depth.
        TrainerChoice cart = trainer(Trainers.CART);
        cart.enabledProperty().set(true);
        cart.param("maxDepth").textProperty().set("3, 5, 10");
    }

    public StringProperty nameProperty() {
        return name;
    }

    public ObjectProperty<String> datasetProperty() {
        return dataset;
    }

    public ObjectProperty<LocalDate> fromProperty() {
        return from;
    }

    /** The last day of the window (inclusive). */
    public ObjectProperty<LocalDate> toProperty() {
        return to;
    }

    public ObservableList<FeatureChoice> features() {
        return features;
    }

    public List<TrainerChoice> trainers() {
        return trainers;
    }

    public TrainerChoice trainer(String trainerName) {
        return trainers.stream().filter(t -> t.spec().name().equals(trainerName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No trainer " + trainerName));
    }

    public ObjectProperty<Search> searchProperty() {
        return search;
    }

    public ObjectProperty<Integer> samplesProperty() {
        return samples;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    public ObjectProperty<SplitSpec.Kind> splitProperty() {
        return split;
    }

    public ObjectProperty<Integer> testPercentProperty() {
        return testPercent;
    }

    public ObjectProperty<Integer> foldsProperty() {
        return folds;
    }

    public ObjectProperty<Integer> workersProperty() {
        return workers;
    }

    public ObjectProperty<String> metricProperty() {
        return metric;
    }

    /** Offers the data set's features, all selected, keeping earlier choices for names seen before. */
    void setFeatures(List<String> names) {
        List<String> deselected = features.stream().filter(f -> !f.selectedProperty().get()).map(FeatureChoice::name).toList();
        List<FeatureChoice> next = new ArrayList<>();
        for (String n : names) {
            FeatureChoice c = new FeatureChoice(n);
            c.selectedProperty().set(!deselected.contains(n));
            next.add(c);
        }
        features.setAll(next);
    }

    /** Sets the window to the first {@link #DEFAULT_WINDOW_DAYS} days from {@code firstReading}, capped at {@code lastReading}. */
    void defaultWindow(LocalDateTime firstReading, LocalDateTime lastReading) {
        LocalDate start = firstReading.toLocalDate();
        LocalDate end = start.plusDays(DEFAULT_WINDOW_DAYS - 1L);
        LocalDate last = lastReading.toLocalDate();
        from.set(start);
        to.set(end.isAfter(last) ? last : end);
    }

    /** @throws UserFacingException naming the field that is missing or wrong */
    public SweepSpec toSpec() {
        if (dataset.get() == null) {
            throw new UserFacingException("Choose a data set");
        }
        DataWindow window = window();
        List<String> chosen = features.stream().filter(f -> f.selectedProperty().get()).map(FeatureChoice::name).toList();
        if (!features.isEmpty() && chosen.isEmpty()) {
            throw new UserFacingException("Features: choose at least one feature to train on");
        }
        return new SweepSpec(sweepName(), description, seed(), splitSpec(), metric.get(), dataset.get(), window,
                chosen.size() == features.size() ? List.of() : chosen, trainerSweeps());
    }

    /** The trainers and search part alone (no data set or window needed): enough to count the planned runs. */
    SweepSpec toSearchSpec() {
        return new SweepSpec(sweepName(), description, seed(), SplitSpec.DEFAULT, metric.get(), null, null, List.of(), trainerSweeps());
    }

    private String sweepName() {
        return name.get() == null || name.get().isBlank() ? "sweep" : name.get().trim();
    }

    private List<SweepSpec.TrainerSweep> trainerSweeps() {
        boolean random = search.get() == Search.RANDOM;
        int n = samples.get() == null ? 0 : samples.get();
        if (random && (n < 1 || n > 10_000)) {
            throw new UserFacingException("Random search: the number of samples must be 1..10000, not " + n);
        }
        List<SweepSpec.TrainerSweep> sweeps = new ArrayList<>();
        for (TrainerChoice t : trainers) {
            if (t.enabledProperty().get()) {
                sweeps.add(t.toSweep(random, n));
            }
        }
        if (sweeps.isEmpty()) {
            throw new UserFacingException("Trainers: tick at least one trainer");
        }
        return sweeps;
    }

    /** The spec plus the data and worker count it runs with. */
    public SweepRequest toRequest() {
        SweepSpec spec = toSpec();
        int w = workers.get() == null ? 0 : workers.get();
        if (w < 1 || w > 64) {
            throw new UserFacingException("Workers: choose 1..64 parallel trainings, not " + w);
        }
        return new SweepRequest(spec, spec.dataset(), spec.window(), spec.features(), w);
    }

    private DataWindow window() {
        if (from.get() == null || to.get() == null) {
            throw new UserFacingException("Window: choose the first and last day");
        }
        if (to.get().isBefore(from.get())) {
            throw new UserFacingException("Window: the last day (" + to.get() + ") is before the first (" + from.get() + ")");
        }
        return new DataWindow(from.get().atStartOfDay(), to.get().plusDays(1).atStartOfDay());
    }

    private long seed() {
        try {
            return Long.parseLong(seed.get().trim());
        } catch (RuntimeException e) {
            throw new UserFacingException("Seed: a whole number, not '" + seed.get() + "'");
        }
    }

    private SplitSpec splitSpec() {
        try {
            return switch (split.get()) {
                case KFOLD -> new SplitSpec(SplitSpec.Kind.KFOLD, 0, folds.get() == null ? 0 : folds.get());
                case TIME, RANDOM -> new SplitSpec(split.get(), (testPercent.get() == null ? 0 : testPercent.get()) / 100.0, 1);
            };
        } catch (IllegalArgumentException e) {
            throw new UserFacingException("Split: " + e.getMessage());
        }
    }

    /** Fills the form from a sweep file; the file's data set and window apply when it names them. */
    public void show(SweepSpec spec) {
        name.set(spec.name());
        description = spec.description();
        seed.set(Long.toString(spec.seed()));
        metric.set(spec.metric());
        split.set(spec.split().kind());
        if (spec.split().kind() == SplitSpec.Kind.KFOLD) {
            folds.set(spec.split().folds());
        } else {
            testPercent.set((int) Math.round(spec.split().testFraction() * 100));
        }
        boolean random = spec.trainers().stream().anyMatch(SweepSpec.TrainerSweep::random);
        search.set(random ? Search.RANDOM : Search.GRID);
        if (random) {
            samples.set(spec.trainers().stream().mapToInt(SweepSpec.TrainerSweep::samples).max().orElse(10));
        }
        trainers.forEach(TrainerChoice::clear);
        for (SweepSpec.TrainerSweep ts : spec.trainers()) {
            trainer(ts.trainer()).show(ts);
        }
        if (spec.dataset() != null) {
            dataset.set(spec.dataset());
        }
        if (spec.window() != null) {
            from.set(spec.window().start().toLocalDate());
            LocalDateTime end = spec.window().end();
            to.set(end.toLocalTime().equals(LocalTime.MIDNIGHT) ? end.toLocalDate().minusDays(1) : end.toLocalDate());
        }
        if (!spec.features().isEmpty()) {
            features.forEach(f -> f.selectedProperty().set(spec.features().contains(f.name())));
        }
    }

    /** A one-line summary: how many runs the current form would plan, or what is wrong. */
    static String describe(int runs, String metricName) {
        return runs + (runs == 1 ? " run" : " runs") + ", best by " + metricName.toLowerCase(Locale.ROOT);
    }
}
