package kiln.store.eda;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import kiln.domain.eda.EdaDataset;
import kiln.domain.eda.TimeWindow;
import kiln.store.KilnStore;

/**
 * SQL fragments for one data set: quoted identifiers from the catalog, the window predicate and the
 * label expression. Values are rendered from typed Java values (never user text), so inlining them
 * is safe and lets DuckDB see constants when it plans.
 */
final class EdaSql {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    final EdaDataset ds;
    final String readings;
    final String labels;
    final String id;
    final String time;
    final String label;

    EdaSql(EdaDataset ds) {
        this.ds = ds;
        this.readings = KilnStore.quoteIdentifier(ds.readingTable());
        this.labels = KilnStore.quoteIdentifier(ds.labelTable());
        this.id = KilnStore.quoteIdentifier(ds.idColumn());
        this.time = KilnStore.quoteIdentifier(ds.timeColumn());
        this.label = KilnStore.quoteIdentifier(ds.labelColumn());
    }

    static String q(String identifier) {
        return KilnStore.quoteIdentifier(identifier);
    }

    static String ts(LocalDateTime t) {
        return "TIMESTAMP '" + TS.format(t) + "'";
    }

    static String num(double v) {
        return Double.toString(v);
    }

    static String str(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * The value a feature's sums are shifted by (its expected minimum, else 0): sums of shifted
     * values stay well conditioned, so one multiply-add per row is as exact as Welford's update.
     */
    static double shift(EdaDataset.Feature f) {
        return f.expectedMin() != null ? f.expectedMin() : 0.0;
    }

    /** The window predicate on alias r (always a valid boolean expression). */
    String window(TimeWindow w, String alias) {
        String col = alias + "." + time;
        StringBuilder sb = new StringBuilder(col).append(" IS NOT NULL");
        if (w.from() != null) {
            sb.append(" AND ").append(col).append(" >= ").append(ts(w.from()));
        }
        if (w.to() != null) {
            sb.append(" AND ").append(col).append(" < ").append(ts(w.to()));
        }
        return sb.toString();
    }

    /**
     * Readings r with their labels: the reading table alone when it carries the label code, else
     * joined to the label table l (older imported data sets).
     */
    String joined() {
        return ds.labelCoded() ? readings + " r" : readings + " r LEFT JOIN " + labels + " l ON r." + id + " = l." + id;
    }

    /**
     * The label's code (binary: 1 positive, 0 other; multi-class: the class's position in the catalogue),
     * -1 not labelled (yet); valid over {@link #joined()}. A multi-class value the catalogue does not list
     * gets code K, past the listed classes, so it is counted rather than dropped.
     */
    String labelCode() {
        if (ds.labelCoded()) {
            return "coalesce(r.label_code, -1)";
        }
        if (ds.multiClass()) {
            StringBuilder sb = new StringBuilder("CASE WHEN l." + label + " IS NULL THEN -1");
            for (int c = 0; c < ds.classes().size(); c++) {
                sb.append(" WHEN CAST(l.").append(label).append(" AS VARCHAR) = ").append(str(ds.classes().get(c))).append(" THEN ").append(c);
            }
            return sb.append(" ELSE ").append(ds.classes().size()).append(" END").toString();
        }
        return "CASE WHEN l." + label + " IS NULL THEN -1 WHEN CAST(l." + label + " AS VARCHAR) = " + str(ds.positiveLabel())
                + " THEN 1 ELSE 0 END";
    }

    /** The label as a grouping key: like {@link #labelCode()}, but NULL for unlabelled when coded (cheapest to group by). */
    String labelGroup() {
        return ds.labelCoded() ? "r.label_code" : labelCode();
    }

    /** True where the reading's label has landed; valid over {@link #joined()}. */
    String labelled() {
        return ds.labelCoded() ? "r.label_code IS NOT NULL" : "l." + label + " IS NOT NULL";
    }

    /** r.feature as a DOUBLE. */
    String feature(String name) {
        return "CAST(r." + q(name) + " AS DOUBLE)";
    }
}
