package kiln.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import kiln.domain.JobCancelledException;
import kiln.domain.ProgressSink;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains and evaluates one trainer configuration on loaded data, for any number of classes: Tribuo's
 * labels are the class codes ("0".."K-1", see {@link ClassCodes}). Tribuo's {@code train} cannot be
 * interrupted, so cancellation is honoured between stages (folds, final fit, evaluation).
 */
public final class RunTrainer {

    static final String POSITIVE = ClassCodes.POSITIVE_LABEL;
    private static final LabelFactory LABELS = new LabelFactory();
    private static final ObjectMapper PROVENANCE_JSON = new ObjectMapper();

    private RunTrainer() {}

    public static RunResult train(TrainingData data, String trainerName, Map<String, Object> params, SplitSpec split, long seed,
            ProgressSink sink) {
        return fit(data, trainerName, params, split, seed, sink).packed();
    }

    /**
     * A trained and evaluated model not yet packed into an artifact: packing (Tribuo's serialisation) costs
     * about as much as training a small forest, so runs whose model will not be kept are never packed.
     */
    public record Fitted(RunResult unpacked, Model<Label> model, ModelArtifact.Header header) {

        /** The run with its model artifact and provenance. */
        public RunResult packed() {
            return new RunResult(unpacked.trainer(), unpacked.params(), unpacked.metrics(), ModelArtifact.create(model, header),
                    provenanceJson(model), unpacked.rowsTrain(), unpacked.rowsTest(), unpacked.trainMillis());
        }
    }

    /** Trains and evaluates as {@link #train} does; the result's artifact and provenance are null until {@link Fitted#packed()}. */
    public static Fitted fit(TrainingData data, String trainerName, Map<String, Object> params, SplitSpec split, long seed,
            ProgressSink sink) {
        TrainerSpec spec = Trainers.spec(trainerName);
        Map<String, Object> resolved = spec.resolve(params);
        Trainer<Label> trainer = Trainers.create(trainerName, resolved, seed);
        FeatureEncoding encoding = data.binned() ? spec.encoding() : FeatureEncoding.BIN;
        List<SplitSpec.Fold> folds = split.folds(data.rows(), seed);
        int stages = folds.size() + (folds.size() > 1 ? 1 : 0);
        long trainMillis = 0;
        List<Metrics> evaluations = new ArrayList<>();
        Model<Label> model = null;
        long rowsTrain = 0;
        long rowsTest = 0;
        for (int k = 0; k < folds.size(); k++) {
            JobCancelledException.throwIfCancelled(sink, "Training " + trainerName);
            sink.progress(k, stages, folds.size() > 1 ? "Fold " + (k + 1) + " of " + folds.size() : "Training");
            SplitSpec.Fold fold = folds.get(k);
            long t0 = System.nanoTime();
            model = trainer.train(dataset(data, fold.train(), encoding));
            trainMillis += (System.nanoTime() - t0) / 1_000_000;
            JobCancelledException.throwIfCancelled(sink, "Training " + trainerName);
            ScoringModel scorer = ScoringModel.of(model, data.features(), data.bins(), encoding, data.classes(), data.categories());
            byte[] y = new byte[fold.test().length];
            for (int i = 0; i < y.length; i++) {
                y[i] = data.labels()[fold.test()[i]];
            }
            evaluations.add(data.binary() ? Metrics.of(y, scorer.predictCoded(data.columns(), fold.test()), data.classes())
                    : Metrics.of(y, scorer.predictCodedDistribution(data.columns(), fold.test()), data.classes()));
            rowsTrain = fold.train().length;
            rowsTest += fold.test().length;
        }
        if (folds.size() > 1) {
            // The k-fold estimate describes a model trained on every row; that is the one kept.
            JobCancelledException.throwIfCancelled(sink, "Training " + trainerName);
            sink.progress(folds.size(), stages, "Final fit on all rows");
            int[] all = new int[data.rows()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            long t0 = System.nanoTime();
            model = trainer.train(dataset(data, all, encoding));
            trainMillis += (System.nanoTime() - t0) / 1_000_000;
            rowsTrain = all.length;
        }
        sink.progress(stages, stages, "Evaluated");
        ModelArtifact.Header header = new ModelArtifact.Header(trainerName, resolved, data.features(),
                data.binned() ? edges(data.bins()) : null, encoding, data.binary() ? POSITIVE : null, data.classes(),
                ModelArtifact.Header.stored(data.categories()));
        return new Fitted(new RunResult(trainerName, resolved, Metrics.pool(evaluations), null, null, rowsTrain, rowsTest, trainMillis),
                model, header);
    }

    private static double[][] edges(FeatureBins bins) {
        double[][] e = new double[bins.featureCount()][];
        for (int f = 0; f < e.length; f++) {
            e[f] = bins.edges(f);
        }
        return e;
    }

    /** A Tribuo data set of the given rows, features encoded for the learner, labelled by class code. */
    public static MutableDataset<Label> dataset(TrainingData data, int[] rows, FeatureEncoding encoding) {
        Label[] labels = new Label[data.classCount()];
        for (int k = 0; k < labels.length; k++) {
            labels[k] = new Label(ClassCodes.labelName(k));
        }
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance(
                "kiln:" + data.dataset() + "@" + data.window() + "#" + data.fingerprint(), LABELS), LABELS);
        String[] names = data.features().toArray(String[]::new);
        double[][] columns = data.columns();
        int nf = names.length;
        FeatureBins bins = data.bins();
        double[] x = new double[nf];
        for (int r : rows) {
            for (int f = 0; f < nf; f++) {
                x[f] = bins == null ? columns[f][r] : encoding.encode((int) columns[f][r], bins.binCount(f));
            }
            ds.add(new ArrayExample<>(labels[data.labels()[r]], names, x));
        }
        return ds;
    }

    static String provenanceJson(Model<Label> model) {
        try {
            return PROVENANCE_JSON.writeValueAsString(ProvenanceUtil.convertToMap(model.getProvenance()));
        } catch (RuntimeException | JsonProcessingException e) {
            // Provenance is documentation; a model without it is still usable.
            return "{\"error\":" + TextNode.valueOf(String.valueOf(e.getMessage())) + "}";
        }
    }
}
