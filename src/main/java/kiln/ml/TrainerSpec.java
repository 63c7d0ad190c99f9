package kiln.ml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trainer described as data: its name, what it is, and its parameters with types, ranges and
 * defaults. {@link Trainers} turns a spec plus chosen values into a Tribuo trainer.
 *
 * @param name        stable identifier stored in {@code run.trainer} (e.g. {@code random-forest})
 * @param title       human name
 * @param description one sentence
 * @param params      the parameters, in display order
 * @param encoding    how binned features are presented to this trainer
 */
public record TrainerSpec(String name, String title, String description, List<ParamSpec> params,
        FeatureEncoding encoding) {

    public TrainerSpec {
        params = List.copyOf(params);
    }

    public ParamSpec param(String paramName) {
        for (ParamSpec p : params) {
            if (p.name().equals(paramName)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Trainer " + name + " has no parameter " + paramName
                + " (it has " + params.stream().map(ParamSpec::name).toList() + ")");
    }

    /**
     * The complete, checked parameter set: every parameter of this trainer, the given value or the
     * default, sorted by name so equal settings give equal JSON.
     */
    public Map<String, Object> resolve(Map<String, ?> given) {
        for (String key : given.keySet()) {
            param(key); // rejects unknown names
        }
        Map<String, Object> out = new TreeMap<>();
        for (ParamSpec p : params) {
            Object v = given.containsKey(p.name()) ? given.get(p.name()) : p.defaultValue();
            out.put(p.name(), p.coerce(v));
        }
        return new LinkedHashMap<>(out);
    }
}
