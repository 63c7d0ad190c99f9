package kiln.ui.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import kiln.domain.UserFacingException;
import kiln.ml.ParamSpec;

/**
 * What the sweep form says about one trainer parameter: empty (use the default), a list of values
 * ({@code 3, 5, 10}) or, for random search, a range ({@code 1..20}). Built from a {@link ParamSpec},
 * so no trainer needs its own form code.
 */
public final class ParamField {

    /** The parsed entry: either values (grid axis or random choices) or a [min, max] range. */
    public record Entry(List<Object> values, double[] range) {
        public boolean isRange() {
            return range != null;
        }
    }

    private final ParamSpec spec;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");

    public ParamField(ParamSpec spec) {
        this.spec = spec;
    }

    public ParamSpec spec() {
        return spec;
    }

    public StringProperty textProperty() {
        return text;
    }

    /** A hint for the empty field: the default and the allowed range. */
    public String prompt() {
        return "default " + spec.defaultValue() + (spec.type() == ParamSpec.Type.BOOLEAN ? "; true, false"
                : "; e.g. " + example() + " or " + format(spec.min()) + ".." + format(Math.min(spec.max(), spec.min() + 100)));
    }

    private String example() {
        return spec.type() == ParamSpec.Type.INT ? "3, 5, 10" : "0.5, 1";
    }

    /**
     * @param trainerTitle names the trainer in error messages
     * @return null when the field is empty (the parameter keeps its default)
     * @throws UserFacingException naming the trainer, the parameter and what is wrong
     */
    public Entry parse(String trainerTitle, boolean randomSearch) {
        String t = text.get() == null ? "" : text.get().trim();
        if (t.isEmpty()) {
            return null;
        }
        int dots = t.indexOf("..");
        if (dots >= 0) {
            if (!randomSearch) {
                throw error(trainerTitle, "a range (" + t + ") needs random search; for a grid list the values, e.g. " + example());
            }
            if (spec.type() == ParamSpec.Type.BOOLEAN) {
                throw error(trainerTitle, "is true or false, not a range");
            }
            try {
                double lo = ((Number) spec.coerce(t.substring(0, dots).trim())).doubleValue();
                double hi = ((Number) spec.coerce(t.substring(dots + 2).trim())).doubleValue();
                if (hi < lo) {
                    throw error(trainerTitle, "the range " + t + " ends below its start");
                }
                return new Entry(null, new double[] {lo, hi});
            } catch (IllegalArgumentException e) {
                throw error(trainerTitle, e.getMessage());
            }
        }
        List<Object> values = new ArrayList<>();
        for (String part : t.split("[,;\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                Object v = spec.coerce(part);
                if (!values.contains(v)) {
                    values.add(v);
                }
            } catch (IllegalArgumentException e) {
                throw error(trainerTitle, e.getMessage());
            }
        }
        return values.isEmpty() ? null : new Entry(List.copyOf(values), null);
    }

    /** Shows values loaded from a sweep file. */
    public void showValues(List<?> values) {
        text.set(values.stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }

    public void showRange(double[] range) {
        text.set(format(range[0]) + ".." + format(range[1]));
    }

    private UserFacingException error(String trainerTitle, String reason) {
        return new UserFacingException(trainerTitle + ", parameter " + spec.name() + ": " + reason);
    }

    static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
