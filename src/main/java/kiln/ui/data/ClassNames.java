package kiln.ui.data;

import java.util.List;
import java.util.stream.IntStream;

import kiln.domain.eda.EdaDataset;
import kiln.ui.chart.ChartStyles;

/**
 * The names the Data workspace gives a data set's label classes, from its own catalogue entry. A
 * binary label has two: the label column with the positive label ("quality = 1", code 1) and
 * everything else ("quality ≠ 1", code 0). A multi-class label ({@code names} not empty) names each
 * code by its class value from the catalogue ("rain", "sun", ...).
 */
public record ClassNames(String positive, String other, List<String> names) {

    /** For data sets whose catalogue entry has no label column. */
    public static final ClassNames UNNAMED = new ClassNames("positive class", "other classes");
    /** Palette classes (data.css) for the classes of a multi-class label, repeating after this many. */
    static final int PALETTE_SIZE = 10;

    public ClassNames {
        names = names == null ? List.of() : List.copyOf(names);
    }

    /** A binary label's two names. */
    public ClassNames(String positive, String other) {
        this(positive, other, List.of());
    }

    public static ClassNames of(EdaDataset ds) {
        if (ds != null && ds.multiClass()) {
            String column = ds.labelColumn() == null ? "label" : ds.labelColumn();
            return new ClassNames(column, column, ds.classes());
        }
        if (ds == null || ds.labelColumn() == null) {
            return UNNAMED;
        }
        if (ds.positiveLabel() == null) {
            if (ds.classes().size() == 2) {
                return new ClassNames(ds.labelColumn() + " = " + ds.classes().get(1), ds.labelColumn() + " = " + ds.classes().get(0));
            }
            return UNNAMED;
        }
        return new ClassNames(ds.labelColumn() + " = " + ds.positiveLabel(), ds.labelColumn() + " ≠ " + ds.positiveLabel());
    }

    /** True when the label has more than two classes: there is no "positive" and "other". */
    public boolean multiClass() {
        return !names.isEmpty();
    }

    /** How many classes the charts draw apart. */
    public int count() {
        return multiClass() ? names.size() : 2;
    }

    /** The name of a label code (binary: 1 positive, 0 other); a code the catalogue does not list reads as such. */
    public String name(int code) {
        if (multiClass()) {
            return code >= 0 && code < names.size() ? names.get(code) : "unlisted class (code " + code + ")";
        }
        return code == 1 ? positive : other;
    }

    /** The name of a label code; {@code unlabelled} for none. */
    public String of(Integer code, String unlabelled) {
        return code == null ? unlabelled : name(code);
    }

    /** The style class that colours a code's series and swatch: good and bad for a binary label, a palette place otherwise. */
    public String styleClass(int code) {
        if (multiClass()) {
            return "data-class-" + Math.floorMod(code, PALETTE_SIZE);
        }
        return code == 1 ? ChartStyles.GOOD : ChartStyles.BAD;
    }

    /** The codes in the order their bars and swatches go: binary the positive class first (as always), multi-class by code. */
    public List<Integer> drawOrder() {
        return multiClass() ? IntStream.range(0, names.size()).boxed().toList() : List.of(1, 0);
    }
}
