package kiln.drift;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * An affine change of units, new = scale · old + offset, with the plain words used to report it; the
 * list of known ones lets the unit-change detector name the likely cause instead of printing numbers.
 */
public record UnitConversion(String description, double scale, double offset) {

    /** Conversions seen in plant and sensor pipelines; the inverse of each is listed too. */
    public static final List<UnitConversion> KNOWN = List.of(
            new UnitConversion("converted from °C to °F", 1.8, 32),
            new UnitConversion("converted from °F to °C", 5.0 / 9.0, -160.0 / 9.0),
            new UnitConversion("converted from °C to K", 1, 273.15),
            new UnitConversion("converted from K to °C", 1, -273.15),
            new UnitConversion("converted from km to miles", 1 / 1.609344, 0),
            new UnitConversion("converted from miles to km", 1.609344, 0),
            new UnitConversion("converted from metres to feet", 1 / 0.3048, 0),
            new UnitConversion("converted from feet to metres", 0.3048, 0),
            new UnitConversion("converted from inches to cm", 2.54, 0),
            new UnitConversion("converted from cm to inches", 1 / 2.54, 0),
            new UnitConversion("converted from kg to lb", 1 / 0.45359237, 0),
            new UnitConversion("converted from lb to kg", 0.45359237, 0),
            new UnitConversion("converted from bar to psi", 14.5037738, 0),
            new UnitConversion("converted from psi to bar", 1 / 14.5037738, 0),
            new UnitConversion("converted from m/s to km/h", 3.6, 0),
            new UnitConversion("converted from km/h to m/s", 1 / 3.6, 0),
            new UnitConversion("multiplied by 60 (e.g. minutes to seconds)", 60, 0),
            new UnitConversion("divided by 60 (e.g. seconds to minutes)", 1 / 60.0, 0),
            new UnitConversion("multiplied by 10 (e.g. cm to mm)", 10, 0),
            new UnitConversion("divided by 10 (e.g. mm to cm)", 0.1, 0),
            new UnitConversion("converted from a fraction to a percentage", 100, 0),
            new UnitConversion("converted from a percentage to a fraction", 0.01, 0),
            new UnitConversion("multiplied by 1000 (e.g. kg to g, m to mm)", 1000, 0),
            new UnitConversion("divided by 1000 (e.g. g to kg, mm to m)", 0.001, 0));

    /** The change as a formula, e.g. "×1.8 + 32" or "×0.5556 − 17.78" (4 significant digits). */
    public String formula() {
        String text = "×" + round(scale);
        if (offset > 0) {
            text += " + " + round(offset);
        } else if (offset < 0) {
            text += " − " + round(-offset);
        }
        return text;
    }

    /** Applies the conversion to a value in the old unit. */
    public double apply(double oldValue) {
        return scale * oldValue + offset;
    }

    private static String round(double v) {
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
