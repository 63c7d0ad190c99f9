package kiln.ml;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import kiln.store.KilnStore;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A generated labelled data set written into a store and catalogued the way an import catalogues one
 * (rows in {@code dataset}, {@code dataset_feature} and {@code dataset_class}). Class {@code c} of
 * {@code K} centres features x and z on a circle (radius {@code radius}, unit normal noise), so
 * neighbouring classes overlap and no model is perfect; {@code w} is pure noise and {@code station}
 * a categorical feature that carries no signal either. Readings come one a minute from {@link #START}.
 *
 * @param classes     the catalogue's class values in code order
 * @param labelByRow  the label value of each generated row (null when the row has no label), in time order
 * @param window      a window holding every row
 */
public record MulticlassRows(String dataset, List<String> classes, String[] labelByRow, DataWindow window) {

    public static final LocalDateTime START = LocalDateTime.of(2021, 3, 1, 0, 0);

    /**
     * A description of the data to generate.
     *
     * @param labelType    SQL type of the label column (VARCHAR or INTEGER)
     * @param values       the class values, class {@code c} being {@code values.get(c)}
     * @param priors       each class's share of the rows
     * @param catalogue    the class values in the order the catalogue codes them
     * @param unknownLabel a label value the catalogue does not list, given to {@code unknownRows} rows
     */
    public record Spec(String dataset, String labelType, List<String> values, double[] priors, List<String> catalogue, double radius,
            int rows, int unknownRows, String unknownLabel, int unlabelledRows, long seed) {
    }

    public static MulticlassRows write(KilnStore store, Spec spec) throws SQLException {
        Random rng = new Random(spec.seed());
        int total = spec.rows() + spec.unknownRows() + spec.unlabelledRows();
        // Which rows are unknown or unlabelled: spread through the window by a seeded shuffle.
        List<Integer> kinds = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            kinds.add(i < spec.rows() ? 0 : i < spec.rows() + spec.unknownRows() ? 1 : 2);
        }
        Collections.shuffle(kinds, rng);
        String[] labels = new String[total];
        double[][] features = new double[total][3];
        int k = spec.values().size();
        for (int i = 0; i < total; i++) {
            int c = draw(spec.priors(), rng);
            double angle = 2 * Math.PI * c / k;
            features[i][0] = spec.radius() * Math.cos(angle) + rng.nextGaussian();
            features[i][1] = spec.radius() * Math.sin(angle) + rng.nextGaussian();
            features[i][2] = rng.nextDouble();
            labels[i] = switch (kinds.get(i)) {
                case 0 -> spec.values().get(c);
                case 1 -> spec.unknownLabel();
                default -> null;
            };
        }
        String name = spec.dataset();
        store.write(conn -> {
            try (Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE " + name + "_reading (id BIGINT PRIMARY KEY, t TIMESTAMP, x DOUBLE, station VARCHAR, z DOUBLE, w DOUBLE)");
                st.execute("CREATE TABLE " + name + "_label (id BIGINT PRIMARY KEY, label_time TIMESTAMP, outcome " + spec.labelType() + ")");
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO dataset (name, reading_table, label_table, prediction_table, "
                    + "id_column, time_column, label_column, source) VALUES (?, ?, ?, ?, 'id', 't', 'outcome', 'test fixture')")) {
                ps.setString(1, name);
                ps.setString(2, name + "_reading");
                ps.setString(3, name + "_label");
                ps.setString(4, name + "_prediction");
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO dataset_feature (dataset, name, position, kind) VALUES (?, ?, ?, ?)")) {
                String[][] catalogued = {{"x", "numeric"}, {"station", "categorical"}, {"z", "numeric"}, {"w", "numeric"}};
                for (int f = 0; f < catalogued.length; f++) {
                    ps.setString(1, name);
                    ps.setString(2, catalogued[f][0]);
                    ps.setInt(3, f + 1);
                    ps.setString(4, catalogued[f][1]);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO dataset_class (dataset, code, value) VALUES (?, ?, ?)")) {
                for (int code = 0; code < spec.catalogue().size(); code++) {
                    ps.setString(1, name);
                    ps.setInt(2, code);
                    ps.setString(3, spec.catalogue().get(code));
                    ps.executeUpdate();
                }
            }
            DuckDBConnection duck = conn.unwrap(DuckDBConnection.class);
            try (DuckDBAppender readings = duck.createAppender("main", name + "_reading");
                    DuckDBAppender labelRows = duck.createAppender("main", name + "_label")) {
                for (int i = 0; i < total; i++) {
                    LocalDateTime t = START.plusMinutes(i);
                    readings.beginRow().append((long) i).append(t).append(features[i][0]).append("station-" + (i % 3))
                            .append(features[i][1]).append(features[i][2]).endRow();
                    if (labels[i] != null) {
                        labelRows.beginRow().append((long) i).append(t.plusHours(1));
                        if (spec.labelType().equals("INTEGER")) {
                            labelRows.append(Integer.parseInt(labels[i]));
                        } else {
                            labelRows.append(labels[i]);
                        }
                        labelRows.endRow();
                    }
                }
            }
            return null;
        });
        return new MulticlassRows(name, List.copyOf(spec.catalogue()), labels, new DataWindow(START, START.plusMinutes(total)));
    }

    /** The class codes the loader should read, in time order: rows whose label the catalogue lists. */
    public byte[] expectedCodes() {
        return expectedCodes(labelByRow.length);
    }

    /** As {@link #expectedCodes()}, for the first {@code rowsInWindow} generated rows. */
    public byte[] expectedCodes(int rowsInWindow) {
        List<Byte> codes = new ArrayList<>();
        for (int i = 0; i < rowsInWindow; i++) {
            int code = labelByRow[i] == null ? -1 : classes.indexOf(labelByRow[i]);
            if (code >= 0) {
                codes.add((byte) code);
            }
        }
        byte[] out = new byte[codes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = codes.get(i);
        }
        return out;
    }

    private static int draw(double[] priors, Random rng) {
        double u = rng.nextDouble();
        double sum = 0;
        for (int c = 0; c < priors.length; c++) {
            sum += priors[c];
            if (u < sum) {
                return c;
            }
        }
        return priors.length - 1;
    }
}
