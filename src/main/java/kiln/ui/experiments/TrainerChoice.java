package kiln.ui.experiments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

import kiln.ml.TrainerSpec;
import kiln.ml.sweep.SweepSpec;

/** One trainer in the sweep form: whether it takes part and an entry per parameter. */
public final class TrainerChoice {

    private final TrainerSpec spec;
    private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled", false);
    private final List<ParamField> params;

    public TrainerChoice(TrainerSpec spec) {
        this.spec = spec;
        this.params = spec.params().stream().map(ParamField::new).toList();
    }

    public TrainerSpec spec() {
        return spec;
    }

    public BooleanProperty enabledProperty() {
        return enabled;
    }

    public List<ParamField> params() {
        return params;
    }

    public ParamField param(String name) {
        for (ParamField p : params) {
            if (p.spec().name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(spec.name() + " has no parameter " + name);
    }

    /** This trainer's part of a sweep; random search draws {@code samples} settings. */
    SweepSpec.TrainerSweep toSweep(boolean random, int samples) {
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        Map<String, double[]> ranges = new LinkedHashMap<>();
        Map<String, List<Object>> choices = new LinkedHashMap<>();
        for (ParamField p : params) {
            ParamField.Entry e = p.parse(spec.title(), random);
            if (e == null) {
                continue;
            }
            if (e.isRange()) {
                ranges.put(p.spec().name(), e.range());
            } else if (random) {
                choices.put(p.spec().name(), e.values());
            } else {
                grid.put(p.spec().name(), e.values());
            }
        }
        return new SweepSpec.TrainerSweep(spec.name(), grid, random ? samples : 0, ranges, choices);
    }

    /** Shows a trainer's part of a loaded sweep file. */
    void show(SweepSpec.TrainerSweep sweep) {
        enabled.set(true);
        for (ParamField p : params) {
            String name = p.spec().name();
            if (sweep.grid().containsKey(name)) {
                p.showValues(sweep.grid().get(name));
            } else if (sweep.choices() != null && sweep.choices().containsKey(name)) {
                p.showValues(sweep.choices().get(name));
            } else if (sweep.ranges() != null && sweep.ranges().containsKey(name)) {
                p.showRange(sweep.ranges().get(name));
            } else {
                p.textProperty().set("");
            }
        }
    }

    void clear() {
        enabled.set(false);
        params.forEach(p -> p.textProperty().set(""));
    }
}
