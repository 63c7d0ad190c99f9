package kiln.ui.data;

import kiln.store.eda.EdaDataset;

/**
 * The names the Data workspace gives a data set's two label classes, from its own catalogue entry:
 * the label column with the positive label ("quality = 1") and everything else ("quality ≠ 1").
 * The reading table codes them as 1 and 0. The catalogue names only the positive class; when it
 * lists every class, the other name can come from there.
 */
public record LabelClasses(String positive, String other) {

    /** For data sets whose catalogue entry has no label column. */
    public static final LabelClasses UNNAMED = new LabelClasses("positive class", "other classes");

    public static LabelClasses of(EdaDataset ds) {
        if (ds == null || ds.labelColumn() == null || ds.positiveLabel() == null) {
            return UNNAMED;
        }
        return new LabelClasses(ds.labelColumn() + " = " + ds.positiveLabel(), ds.labelColumn() + " ≠ " + ds.positiveLabel());
    }

    /** The name of a label code (1 positive, 0 other); {@code unlabelled} for none. */
    public String of(Integer code, String unlabelled) {
        return code == null ? unlabelled : code == 1 ? positive : other;
    }
}
