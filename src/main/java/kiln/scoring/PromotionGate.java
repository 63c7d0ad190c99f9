package kiln.scoring;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import kiln.domain.ModelVersion;
import kiln.ml.Metrics;
import kiln.ml.ScoringModel;
import kiln.registry.ModelRegistry;
import kiln.registry.RegistryException;
import kiln.store.DataAccessException;
import kiln.store.KilnStore;
import kiln.store.ingest.LabelCodes;

/**
 * A model's promotion gate: a candidate goes to production only if it beats the current production
 * version by the gate's margin on the gate's metric, both scored on the same newest labelled rows
 * (the last {@link #DEFAULT_WINDOW_ROWS} readings that have a label, by process time). Every
 * evaluation is recorded as a {@code gate} event; a forced promotion past a failed gate says so in
 * its note.
 */
public final class PromotionGate {

    public static final int DEFAULT_WINDOW_ROWS = 20_000;
    /** Metrics where smaller is better. */
    private static final Set<String> LOWER_IS_BETTER = Set.of("log_loss", "brier");

    private final KilnStore store;
    private final ModelRegistry registry;
    private final ModelCache models;
    private final int windowRows;

    public PromotionGate(KilnStore store, ModelRegistry registry) {
        this(store, registry, DEFAULT_WINDOW_ROWS);
    }

    public PromotionGate(KilnStore store, ModelRegistry registry, int windowRows) {
        this.store = store;
        this.registry = registry;
        this.models = new ModelCache(store, registry);
        this.windowRows = windowRows;
    }

    /** A gate evaluation; {@code productionVersion} null when there was no production version to beat. */
    public record Verdict(boolean passed, String metric, double margin, int candidateVersion, Integer productionVersion,
            double candidateValue, double productionValue, long rows, String text) {
    }

    /** The result of a promotion through the gate: the promoted version (empty when the gate held it back) and the verdict, if evaluated. */
    public record Outcome(Optional<ModelVersion> promoted, Optional<Verdict> verdict) {
    }

    /** Evaluates the gate for promoting {@code version} to production, without recording anything. */
    public Optional<Verdict> evaluate(String modelName, int version) {
        String name = registry.resolveName(modelName);
        Optional<ModelRegistry.Gate> gate = registry.gate(name);
        if (gate.isEmpty()) {
            return Optional.empty();
        }
        String metric = gate.get().metric();
        double margin = gate.get().margin();
        Optional<ModelVersion> production = registry.production(name);
        if (production.isEmpty()) {
            return Optional.of(new Verdict(true, metric, margin, version, null, Double.NaN, Double.NaN, 0,
                    "passed: no production version to beat"));
        }
        int prod = production.get().version();
        if (prod == version) {
            throw new RegistryException(name + " v" + version + " is already production.");
        }
        ScoringModel candidate = models.get(name, version);
        ScoringModel current = models.get(name, prod);
        LabelledWindow window = labelledWindow(name, union(candidate.features(), current.features()));
        if (window.rows() == 0) {
            return Optional.of(new Verdict(false, metric, margin, version, prod, Double.NaN, Double.NaN, 0,
                    "failed: no labelled readings to compare v" + version + " with v" + prod + " on"));
        }
        double c = metric(window, candidate, metric);
        double p = metric(window, current, metric);
        boolean lower = LOWER_IS_BETTER.contains(metric);
        boolean passed = lower ? c <= p - margin : c >= p + margin;
        String text = String.format(Locale.ROOT, "%s: %s v%d %.4f vs v%d %.4f (needs %s %.4f) on the newest %d labelled readings",
                passed ? "passed" : "failed", metric, version, c, prod, p, lower ? "<=" : ">=", lower ? p - margin : p + margin, window.rows());
        return Optional.of(new Verdict(passed, metric, margin, version, prod, c, p, window.rows(), text));
    }

    /**
     * Promotes {@code version} to production through the gate when one is set: the verdict is
     * recorded, and a failed gate stops the promotion unless {@code force} is set (the note then says
     * it was forced). Without a gate it is a plain promotion.
     */
    public Outcome promote(String modelName, int version, String note, String by, boolean force) {
        return promote(modelName, version, note, by, force, null);
    }

    /**
     * Like {@link #promote(String, int, String, String, boolean)}, with the time the promotion takes
     * effect ({@code at}; null for the registry clock's now): scoring follows the production timeline,
     * so a past time makes this version score the readings from then on.
     */
    public Outcome promote(String modelName, int version, String note, String by, boolean force, Instant at) {
        String name = registry.resolveName(modelName);
        Optional<Verdict> verdict = evaluate(name, version);
        String finalNote = note;
        if (verdict.isPresent()) {
            Verdict v = verdict.get();
            registry.recordGate(name, version, v.passed(), v.text(), by);
            if (!v.passed()) {
                if (!force) {
                    return new Outcome(Optional.empty(), verdict);
                }
                finalNote = (note == null || note.isBlank() ? "" : note + " ") + "[forced past the gate: " + v.text() + "]";
            }
        }
        return new Outcome(Optional.of(registry.promote(name, version, ModelVersion.PRODUCTION, finalNote, by, at)), verdict);
    }

    private static double metric(LabelledWindow window, ScoringModel model, String metric) {
        double[][] cols = new double[model.features().size()][];
        for (int f = 0; f < cols.length; f++) {
            int column = window.features().indexOf(model.features().get(f));
            cols[f] = model.categorical(f) ? model.categoryCodes(f, window.categories()[column], window.rows()) : window.columns()[column];
        }
        Metrics metrics;
        if (model.binary() && window.classes().size() <= 2) {
            double[] prob = new double[window.rows()];
            model.predict(cols, 0, window.rows(), prob, null);
            metrics = Metrics.of(window.labels(), prob);
        } else {
            // Classes seen after the model was trained get probability 0: the model cannot predict them.
            List<String> classes = window.classes().size() > model.classCount() ? window.classes() : model.classes();
            double[][] dist = new double[window.rows()][];
            double[][] own = new double[window.rows()][model.classCount()];
            model.predictDistribution(cols, 0, window.rows(), own);
            for (int i = 0; i < dist.length; i++) {
                dist[i] = Arrays.copyOf(own[i], classes.size());
            }
            metrics = Metrics.of(window.labels(), dist, classes);
        }
        Double value = metrics.scalars().get(metric);
        if (value == null) {
            throw new RegistryException("The gate's metric '" + metric + "' is not one of " + metrics.scalars().keySet() + ".");
        }
        return value;
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /**
     * The newest labelled readings as feature columns and class codes (binary: 1 = the data set's positive class):
     * numeric features in {@code columns}, categorical ones as text in {@code categories} (each null at the other kind).
     */
    private record LabelledWindow(List<String> features, double[][] columns, String[][] categories, byte[] labels, int rows,
            List<String> classes) {
    }

    private LabelledWindow labelledWindow(String name, List<String> features) {
        try {
            return store.read(conn -> {
                ScoringTarget t = ScoringTarget.of(conn, name);
                StringBuilder sql = new StringBuilder("SELECT ").append(LabelCodes.codeExpression("l." + t.label()));
                features.forEach(f -> sql.append(", r.").append(KilnStore.quoteIdentifier(f)));
                sql.append(" FROM ").append(t.readings()).append(" r JOIN ").append(t.labels())
                        .append(" l ON l.").append(t.id()).append(" = r.").append(t.id()).append(" WHERE l.")
                        .append(t.label()).append(" IS NOT NULL ORDER BY r.").append(t.time())
                        .append(" DESC, r.").append(t.id()).append(" DESC LIMIT ?");
                double[][] cols = new double[features.size()][];
                String[][] texts = new String[features.size()][];
                for (int f = 0; f < cols.length; f++) {
                    if (t.spec().feature(features.get(f)).numeric()) {
                        cols[f] = new double[windowRows];
                    } else {
                        texts[f] = new String[windowRows];
                    }
                }
                byte[] labels = new byte[windowRows];
                int n = 0;
                try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
                    LabelCodes.bindClasses(conn, ps, 1, t.spec().classes());
                    ps.setInt(2, windowRows);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            labels[n] = (byte) rs.getInt(1);
                            for (int f = 0; f < cols.length; f++) {
                                if (texts[f] != null) {
                                    texts[f][n] = rs.getString(2 + f);
                                } else {
                                    double v = rs.getDouble(2 + f);
                                    cols[f][n] = rs.wasNull() ? Double.NaN : v;
                                }
                            }
                            n++;
                        }
                    }
                }
                return new LabelledWindow(features, cols, texts, Arrays.copyOf(labels, n), n, t.spec().classes());
            });
        } catch (SQLException e) {
            throw new DataAccessException("Reading the gate's labelled window failed", e);
        }
    }
}
