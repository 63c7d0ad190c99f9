package kiln.scoring;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import kiln.ml.ScoringModel;
import kiln.store.ingest.LabelCodes;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * One batch's predictions by family members (by batch row; version -1: left unscored) and the
 * challenger members' shadow predictions, gathered for the batch's one write.
 */
final class MemberPredictions {
    private final long[] ids;
    private final long[] times;
    private final int[] versions;
    private final String[] scopes;
    private final byte[] labels;
    private final double[] probs;
    private final int size;
    private final List<long[]> shadowIds = new ArrayList<>();
    private final List<Integer> shadowVersions = new ArrayList<>();
    private final List<byte[]> shadowLabels = new ArrayList<>();
    private final List<double[]> shadowProbs = new ArrayList<>();

    /** Copies the batch's ids and times: the batch's buffer is refilled while this write waits. */
    MemberPredictions(ReadingBatch batch) {
        size = batch.size;
        ids = Arrays.copyOf(batch.ids, size);
        times = Arrays.copyOf(batch.timeMicros, size);
        versions = new int[size];
        Arrays.fill(versions, -1);
        scopes = new String[size];
        labels = new byte[size];
        probs = new double[size];
    }

    void predict(ScoringModel model, List<String> features, ReadingBatch batch, int[] rows, int version, String scope) {
        double[] p = new double[rows.length];
        byte[] l = new byte[rows.length];
        predictRows(model, features, batch, rows, p, l);
        for (int j = 0; j < rows.length; j++) {
            int r = rows[j];
            probs[r] = p[j];
            labels[r] = l[j];
            versions[r] = version;
            scopes[r] = scope;
        }
    }

    void shadow(ScoringModel model, List<String> features, ReadingBatch batch, int[] rows, int version) {
        double[] p = new double[rows.length];
        byte[] l = new byte[rows.length];
        predictRows(model, features, batch, rows, p, l);
        long[] sid = new long[rows.length];
        for (int j = 0; j < rows.length; j++) {
            sid[j] = batch.ids[rows[j]];
        }
        shadowIds.add(sid);
        shadowVersions.add(version);
        shadowLabels.add(l);
        shadowProbs.add(p);
    }

    void store(Connection conn, String name, ScoringTarget target, PredictionLayout layout, LocalDateTime scoredAt) throws SQLException {
        DuckDBConnection duck = conn.unwrap(DuckDBConnection.class);
        try (DuckDBAppender app = duck.createAppender("main", target.predictionTable())) {
            for (int i = 0; i < size; i++) {
                if (versions[i] >= 0) {
                    layout.append(app, ids[i], versions[i], scopes[i], ReadingBatch.toTime(times[i]), labels[i], probs[i], scoredAt);
                }
            }
        }
        if (!shadowIds.isEmpty()) {
            try (DuckDBAppender app = duck.createAppender("main", "shadow_prediction")) {
                for (int s = 0; s < shadowIds.size(); s++) {
                    long[] sid = shadowIds.get(s);
                    for (int i = 0; i < sid.length; i++) {
                        app.beginRow().append(name).append(sid[i]).append((int) shadowVersions.get(s)).append((int) shadowLabels.get(s)[i])
                                .append(shadowProbs.get(s)[i]).append(scoredAt).endRow();
                    }
                }
            }
        }
    }

    /** Codes the labels already known into this batch's stored predictions (the range of its ids), as the plain scorer does per batch. */
    void syncLabelCodes(Connection conn, ScoringTarget target) throws SQLException {
        Optional<LabelCodes.Target> codes = LabelCodes.of(conn, target.dataset()).filter(LabelCodes.Target::codesPredictions);
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            if (versions[i] >= 0) {
                lo = Math.min(lo, ids[i]);
                hi = Math.max(hi, ids[i]);
            }
        }
        if (codes.isPresent() && lo <= hi) {
            LabelCodes.syncPredictionRange(conn, codes.get(), lo, hi);
        }
    }

    /**
     * Predicts {@code rows} of the batch with {@code model}: straight from the batch's columns when
     * the rows are one contiguous range, else from the rows gathered into columns of their own.
     */
    static void predictRows(ScoringModel model, List<String> features, ReadingBatch batch, int[] rows, double[] prob, byte[] label) {
        int k = rows.length;
        if (rows[k - 1] - rows[0] == k - 1) {
            model.predict(Scorer.columnsFor(model, features, batch), rows[0], rows[0] + k, prob, label);
            return;
        }
        List<String> own = model.features();
        double[][] cols = new double[own.size()][];
        for (int f = 0; f < cols.length; f++) {
            int column = features.indexOf(own.get(f));
            if (model.categorical(f)) {
                String[] values = new String[k];
                for (int j = 0; j < k; j++) {
                    values[j] = batch.categories[column][rows[j]];
                }
                cols[f] = model.categoryCodes(f, values, k);
            } else {
                double[] values = new double[k];
                double[] source = batch.columns[column];
                for (int j = 0; j < k; j++) {
                    values[j] = source[rows[j]];
                }
                cols[f] = values;
            }
        }
        model.predict(cols, 0, k, prob, label);
    }

    /** A growable list of row numbers. */
    static final class RowList {
        private int[] rows = new int[8];
        private int size;

        void add(int row) {
            if (size == rows.length) {
                rows = Arrays.copyOf(rows, size * 2);
            }
            rows[size++] = row;
        }

        int[] toArray() {
            return Arrays.copyOf(rows, size);
        }
    }
}
