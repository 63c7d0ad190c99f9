package kiln.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import kiln.domain.DatasetSpec;
import kiln.store.KilnStore;
import kiln.store.catalog.Catalog;

/**
 * Where one monitored model's data lives, from the data-set catalogue. The monitor's SQL reads every
 * data set through the same column aliases ({@link #ID}, {@link #TIME}, {@link #PREDICTED}, {@link #LABEL_TIME}):
 * {@link #readings()}, {@link #predictions()} and {@link #labels()} map the catalogue's own column names
 * onto them, so no statement depends on a particular data set. The model is a registered model of the
 * data set, or the data set's own name while predictions exist without a registered model.
 */
public record MonitorSetup(String modelName, DatasetSpec spec, List<Feature> features) {

    /** The monitor's name for a row's id (numeric, arrival order). */
    public static final String ID = "row_id";
    /** The monitor's name for a reading's (and its prediction's) time. */
    public static final String TIME = "event_time";
    /** The monitor's name for the predicted class code. */
    public static final String PREDICTED = "predicted_code";
    /** The monitor's name for the time a label became known. */
    public static final String LABEL_TIME = "labelled_at";

    /** A feature column, quoted for SQL ({@link #features()} are the numeric ones). */
    public record Feature(String name) {
        public String column() {
            return KilnStore.quoteIdentifier(name);
        }
    }

    /** The monitored model {@code modelName}: a registered model, or a data set monitored under its own name. */
    public static MonitorSetup load(Connection conn, String modelName) throws SQLException {
        if (modelName == null) {
            return loadDefault(conn);
        }
        Optional<String> dataset = Catalog.datasetOfModel(conn, modelName);
        DatasetSpec spec = Catalog.find(conn, dataset.orElse(modelName)).orElseThrow(() -> new IllegalStateException(
                "Model " + modelName + " has no data set in the catalogue"));
        return of(modelName, spec);
    }

    /** The first registered model, else the first data set (the only one in a fresh database). */
    static MonitorSetup loadDefault(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT m.model_name FROM registered_model m JOIN dataset d ON d.name = m.dataset "
                + "ORDER BY m.created_at, m.model_name LIMIT 1"); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return load(conn, rs.getString(1));
            }
        }
        List<String> names = Catalog.names(conn);
        if (names.isEmpty()) {
            throw new IllegalStateException("The catalogue lists no data set");
        }
        return of(names.get(0), Catalog.require(conn, names.get(0)));
    }

    static MonitorSetup of(String modelName, DatasetSpec spec) {
        return new MonitorSetup(modelName, spec, spec.numericFeatureNames().stream().map(Feature::new).toList());
    }

    /** The categorical (text) features; their drift and quality are {@link CategoryDriftMaterializer}'s and {@link UnseenCategories}'. */
    public List<Feature> categoricalFeatures() {
        return spec.features().stream().filter(f -> !f.numeric()).map(f -> new Feature(f.name())).toList();
    }

    public String dataset() {
        return spec.name();
    }

    /** The positive class's code for a binary label; -1 (no prediction has it) for a multi-class one. */
    public int positiveLabel() {
        return spec.positiveCode();
    }

    public boolean binary() {
        return spec.binary();
    }

    public boolean predictionsCoded() {
        return spec.predictionsCoded();
    }

    public boolean readingsCoded() {
        return spec.labelCoded();
    }

    /** The readings with {@link #ID}, {@link #TIME}, the features and label_code. */
    public String readings() {
        return view(spec.readingTable(), alias(spec.idColumn(), ID) + ", " + alias(spec.timeColumn(), TIME) + ", * EXCLUDE ("
                + q(spec.idColumn()) + ", " + q(spec.timeColumn()) + ")", spec.idColumn().equals(ID) && spec.timeColumn().equals(TIME));
    }

    /** The production predictions with {@link #ID}, {@link #TIME}, model_version, {@link #PREDICTED}, probability, label_code, label_time. */
    public String predictions() {
        boolean same = spec.idColumn().equals(ID) && spec.timeColumn().equals(TIME) && PREDICTED.equals(spec.predictionCodeColumn());
        return view(spec.predictionTable(), alias(spec.idColumn(), ID) + ", " + alias(spec.timeColumn(), TIME) + ", model_version, "
                + alias(spec.predictionCodeColumn(), PREDICTED) + ", probability"
                + (spec.predictionsCoded() ? ", label_code, label_time" : ""), same);
    }

    /** The labels with {@link #ID} and {@link #LABEL_TIME} (the value itself is coded on readings and predictions). */
    public String labels() {
        boolean same = spec.idColumn().equals(ID) && LABEL_TIME.equals(spec.labelTimeColumn());
        return view(spec.labelTable(), alias(spec.idColumn(), ID) + ", " + alias(spec.labelTimeColumn(), LABEL_TIME) + ", "
                + q(spec.labelColumn()) + " AS label_value", same && "label_value".equals(spec.labelColumn()));
    }

    /** A subquery over {@code table} (or the bare table when its names already are the monitor's). */
    private static String view(String table, String columns, boolean bare) {
        return bare ? q(table) : "(SELECT " + columns + " FROM " + q(table) + ")";
    }

    private static String alias(String column, String as) {
        return column.equals(as) ? q(column) : q(column) + " AS " + as;
    }

    private static String q(String identifier) {
        return KilnStore.quoteIdentifier(identifier);
    }
}
