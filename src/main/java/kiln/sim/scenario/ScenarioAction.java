package kiln.sim.scenario;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A step of the storyline the scenario asks for at a simulated time (train on a window, promote
 * the best run, ...). The engine hands it to a {@link kiln.sim.ScenarioActionHandler} when
 * simulated time reaches {@code at}.
 *
 * @param params the entry's other fields as text (e.g. window, sweep, which), in file order
 */
public record ScenarioAction(Instant at, String action, Map<String, String> params, int line) {

    /** The actions a scenario may name; their parameters are checked when the file is read. */
    public static final List<String> KNOWN = List.of("train", "promote", "rescore", "note");

    /** True for the steps that create or promote model versions (a user may play a scenario without them). */
    public boolean changesModels() {
        return "train".equals(action) || "promote".equals(action);
    }
}
