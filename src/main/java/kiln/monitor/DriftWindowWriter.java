package kiln.monitor;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import kiln.domain.DriftLevel;
import kiln.drift.DriftReference;
import kiln.drift.DriftThresholds;
import kiln.drift.FeatureDrift;
import kiln.drift.GridCounts;
import kiln.store.Timestamps;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes drift_window rows: each window's summaries with its verdict against its reference, judged at
 * the false-alarm level of its length ({@link DriftThresholds#alpha}). Bulk insert through DuckDB's
 * appender (a large VALUES statement binds far slower).
 */
final class DriftWindowWriter {
    private final String modelName;
    private final DriftThresholds thresholds;

    DriftWindowWriter(String modelName, DriftThresholds thresholds) {
        this.modelName = modelName;
        this.thresholds = thresholds;
    }

    /** Appends the hours and days; {@code refsByKey} holds the references they name. */
    void insert(Connection conn, List<WindowRow> hours, List<WindowRow> days, Map<String, Map<String, RefStats>> refsByKey)
            throws SQLException {
        try (DuckDBAppender appender = conn.unwrap(DuckDBConnection.class)
                .createAppender("main", "drift_window")) {
            for (WindowRow w : hours) {
                append(appender, KpiMaterializer.HOUR, w, refsByKey.get(w.refKey()));
            }
            for (WindowRow w : days) {
                append(appender, KpiMaterializer.DAY, w, refsByKey.get(w.refKey()));
            }
        }
    }

    private void append(DuckDBAppender appender, String granularity, WindowRow w, Map<String, RefStats> refs)
            throws SQLException {
        Duration length = KpiMaterializer.HOUR.equals(granularity) ? Duration.ofHours(1) : Duration.ofDays(1);
        FeatureDrift drift = judge(w, refs == null ? null : refs.get(w.feature()), length);
        appender.beginRow().append(modelName).append(granularity).append(w.feature())
                .append(Timestamps.toDb(w.start())).append(Timestamps.toDb(w.end())).append(w.refKey())
                .append(w.rows()).append(w.missing()).append(w.outside());
        appendNumber(appender, w.min());
        appendNumber(appender, w.max());
        appendNumber(appender, w.variance());
        appendNumber(appender, w.mean());
        appender.append(w.counts());
        if (w.quantiles() == null) {
            appender.appendNull();
        } else {
            appender.append(w.quantiles());
        }
        appendNumber(appender, drift == null ? Double.NaN : drift.psi());
        appendNumber(appender, drift == null ? Double.NaN : drift.ks().statistic());
        appendNumber(appender, drift == null ? Double.NaN : drift.ks().pValue());
        appendNumber(appender, drift == null ? Double.NaN : drift.wasserstein());
        appender.append(level(drift).stored());
        if (w.fine() == null) {
            appender.appendNull();
        } else {
            appender.append(FineBins.encode(w.fine()[0], w.fine()[1]));
        }
        appender.endRow();
    }

    /**
     * The verdict on a window against its reference (null when there is nothing to compare: no
     * reference grid, no values, or a day counted on two references' grids). The prediction's
     * reference judges only once it holds {@link ReferenceStore#PREDICTION_REFERENCE_ROWS} predictions.
     */
    FeatureDrift judge(WindowRow w, RefStats ref, Duration length) {
        DriftReference reference = ref == null ? null : ref.drift();
        if (reference == null || w.fine() == null || w.present() == 0) {
            return null;
        }
        if (DriftMaterializer.PREDICTION.equals(w.feature()) && ref.n() < ReferenceStore.PREDICTION_REFERENCE_ROWS) {
            reference = new DriftReference(reference.width(), reference.counts(), reference.psiLines(), reference.std(), null);
        }
        return reference.judge(w.feature(), new GridCounts(w.fine()[0], w.fine()[1]), thresholds.alpha(length), thresholds);
    }

    /** The stored level: a verdict's traffic light, or "too few rows to judge" when there is none. */
    static DriftLevel level(FeatureDrift drift) {
        return drift == null || !drift.judged() ? DriftLevel.TOO_FEW : drift.level();
    }

    private static void appendNumber(DuckDBAppender appender, double v) throws SQLException {
        if (Double.isFinite(v)) {
            appender.append(v);
        } else {
            appender.appendNull();
        }
    }
}
