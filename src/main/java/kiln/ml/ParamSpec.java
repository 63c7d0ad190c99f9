package kiln.ml;

import java.util.Locale;

/**
 * One hyperparameter of a trainer, described as data so that the UI and the sweep engine need no
 * per-trainer code.
 *
 * @param name         the key used in params JSON, sweep files and filters (e.g. {@code maxDepth})
 * @param type         how values are parsed and checked
 * @param min          smallest allowed value (inclusive)
 * @param max          largest allowed value (inclusive)
 * @param defaultValue the value used when a run does not set it
 * @param logScale     true when the parameter is best explored (and plotted) on a log scale
 * @param description  one line for tooltips and {@code --help}
 */
public record ParamSpec(String name, Type type, double min, double max, Object defaultValue, boolean logScale,
        String description) {

    /** Value types a trainer parameter can have. */
    public enum Type {
        INT, DOUBLE, BOOLEAN
    }

    public static ParamSpec integer(String name, int min, int max, int def, boolean log, String description) {
        return new ParamSpec(name, Type.INT, min, max, def, log, description);
    }

    public static ParamSpec real(String name, double min, double max, double def, String description) {
        return new ParamSpec(name, Type.DOUBLE, min, max, def, false, description);
    }

    public static ParamSpec flag(String name, boolean def, String description) {
        return new ParamSpec(name, Type.BOOLEAN, 0, 1, def, false, description);
    }

    /**
     * Converts a value from JSON/YAML (number, boolean or string) to this parameter's type, checking
     * its range.
     *
     * @throws IllegalArgumentException with a message naming the parameter and the allowed range
     */
    public Object coerce(Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " has no value");
        }
        switch (type) {
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    return b;
                }
                String s = value.toString().trim().toLowerCase(Locale.ROOT);
                if (s.equals("true") || s.equals("false")) {
                    return Boolean.parseBoolean(s);
                }
                throw new IllegalArgumentException(name + " must be true or false, not " + value);
            }
            case INT -> {
                double d = number(value);
                if (d != Math.rint(d)) {
                    throw new IllegalArgumentException(name + " must be a whole number, not " + value);
                }
                checkRange(d, value);
                return (int) d;
            }
            default -> {
                double d = number(value);
                checkRange(d, value);
                return d;
            }
        }
    }

    private double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not " + value);
        }
    }

    private void checkRange(double d, Object original) {
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException(name + " must be between " + format(min) + " and " + format(max) + ", not " + original);
        }
    }

    static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
