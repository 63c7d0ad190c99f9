package kiln.scoring;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import kiln.domain.DatasetSpec;
import org.duckdb.DuckDBAppender;

/**
 * The column order and types of a data set's prediction table, so the scorer's appender writes each
 * value where the catalogue says it goes: the predicted class as the data has it (its code for an
 * integer column, its name for a text one), its code, and NULL in the derived label columns.
 */
final class PredictionLayout {

    private enum Slot {
        ID, VERSION, SCOPE, TIME, PREDICTED, PREDICTED_CODE, PROBABILITY, SCORED_AT, EMPTY
    }

    /** The column a family's scoring adds: which member made the prediction (a group's key, or pooled). */
    static final String SCOPE_COLUMN = "model_scope";

    private final Slot[] slots;
    private final String[] types;
    private final List<String> classes;

    private PredictionLayout(Slot[] slots, String[] types, List<String> classes) {
        this.slots = slots;
        this.types = types;
        this.classes = classes;
    }

    static PredictionLayout of(Connection conn, DatasetSpec spec) throws SQLException {
        List<Slot> slots = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, spec.predictionTable());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    types.add(rs.getString(2));
                    slots.add(slotOf(name, spec));
                }
            }
        }
        return new PredictionLayout(slots.toArray(Slot[]::new), types.toArray(String[]::new), spec.classes());
    }

    private static Slot slotOf(String column, DatasetSpec spec) {
        if (column.equals(spec.idColumn())) {
            return Slot.ID;
        } else if (column.equals("model_version")) {
            return Slot.VERSION;
        } else if (column.equals(SCOPE_COLUMN)) {
            return Slot.SCOPE;
        } else if (column.equals(spec.timeColumn())) {
            return Slot.TIME;
        } else if (column.equals(spec.predictionColumn())) {
            return Slot.PREDICTED;
        } else if (column.equals(spec.predictionCodeColumn())) {
            return Slot.PREDICTED_CODE;
        } else if (column.equals("probability")) {
            return Slot.PROBABILITY;
        } else if (column.equals("scored_at")) {
            return Slot.SCORED_AT;
        }
        return Slot.EMPTY; // label_code and label_time are coded from the labels after the rows are stored
    }

    /** @param scope the family member's scope (null for a plain model, whose predictions have no scope) */
    void append(DuckDBAppender out, long id, int version, String scope, LocalDateTime time, int code, double probability,
            LocalDateTime scoredAt) throws SQLException {
        out.beginRow();
        for (int c = 0; c < slots.length; c++) {
            switch (slots[c]) {
                case ID -> out.append(id);
                case VERSION -> out.append(version);
                case SCOPE -> {
                    if (scope == null) {
                        out.appendNull();
                    } else {
                        out.append(scope);
                    }
                }
                case TIME -> out.append(time);
                case PREDICTED -> {
                    if (types[c].contains("INT")) {
                        appendCode(out, types[c], wholeClass(code));
                    } else {
                        out.append(code >= 0 && code < classes.size() ? classes.get(code) : String.valueOf(code));
                    }
                }
                case PREDICTED_CODE -> appendCode(out, types[c], code);
                case PROBABILITY -> out.append(probability);
                case SCORED_AT -> out.append(scoredAt);
                case EMPTY -> out.appendNull();
                default -> throw new IllegalStateException(slots[c].name());
            }
        }
        out.endRow();
    }

    /** An integer prediction column holds the class itself: its value when the class is a whole number, else its code. */
    private int wholeClass(int code) {
        if (code >= 0 && code < classes.size()) {
            try {
                return Integer.parseInt(classes.get(code).strip());
            } catch (NumberFormatException e) {
                return code;
            }
        }
        return code;
    }

    private static void appendCode(DuckDBAppender out, String type, int code) throws SQLException {
        switch (type) {
            case "TINYINT" -> out.append((byte) code);
            case "SMALLINT" -> out.append((short) code);
            case "BIGINT" -> out.append((long) code);
            default -> out.append(code);
        }
    }
}
