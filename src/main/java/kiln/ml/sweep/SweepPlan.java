package kiln.ml.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import kiln.ml.ParamSpec;
import kiln.ml.TrainerSpec;
import kiln.ml.Trainers;

/** Expands a sweep into the runs it asks for, in a fixed order; the same spec and seed give the same plan. */
public final class SweepPlan {

    /** One configuration to train: a trainer and its complete (resolved) parameters. */
    public record PlannedRun(int index, String trainer, Map<String, Object> params) {
    }

    private SweepPlan() {}

    public static List<PlannedRun> expand(SweepSpec spec) {
        SplittableRandom rng = new SplittableRandom(spec.seed());
        Set<String> seen = new LinkedHashSet<>();
        List<PlannedRun> out = new ArrayList<>();
        for (SweepSpec.TrainerSweep ts : spec.trainers()) {
            TrainerSpec trainer = Trainers.spec(ts.trainer());
            List<Map<String, Object>> configs = new ArrayList<>();
            if (ts.random()) {
                for (int s = 0; s < ts.samples(); s++) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    ts.grid().forEach((k, v) -> p.put(k, v.get(rng.nextInt(v.size()))));
                    ts.choices().forEach((k, v) -> p.put(k, v.get(rng.nextInt(v.size()))));
                    ts.ranges().forEach((k, r) -> p.put(k, draw(trainer.param(k), r[0], r[1], rng)));
                    configs.add(p);
                }
            } else {
                configs.add(new LinkedHashMap<>());
                for (Map.Entry<String, List<Object>> axis : ts.grid().entrySet()) {
                    List<Map<String, Object>> next = new ArrayList<>();
                    for (Map<String, Object> c : configs) {
                        for (Object v : axis.getValue()) {
                            Map<String, Object> copy = new LinkedHashMap<>(c);
                            copy.put(axis.getKey(), v);
                            next.add(copy);
                        }
                    }
                    configs = next;
                }
            }
            for (Map<String, Object> c : configs) {
                Map<String, Object> resolved = trainer.resolve(c);
                if (seen.add(trainer.name() + resolved)) {
                    out.add(new PlannedRun(out.size(), trainer.name(), resolved));
                }
            }
        }
        return List.copyOf(out);
    }

    private static Object draw(ParamSpec p, double lo, double hi, SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = p.logScale() && lo > 0 ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))) : lo + u * (hi - lo);
        return switch (p.type()) {
            case INT -> (int) Math.min(hi, Math.max(lo, Math.round(v)));
            case BOOLEAN -> u < 0.5;
            default -> v;
        };
    }
}
