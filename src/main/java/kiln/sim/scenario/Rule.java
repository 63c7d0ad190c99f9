package kiln.sim.scenario;

import java.util.List;

/** A labelling rule: good (1) iff every listed feature's raw value lies in its inclusive range. */
public record Rule(List<String> features, List<Range> ranges) {

    /** @param raw raw values in the scenario's feature order; {@code index[i]} maps rule entry i to it */
    public boolean good(double[] raw, int[] index) {
        for (int i = 0; i < ranges.size(); i++) {
            if (!ranges.get(i).contains(raw[index[i]])) {
                return false;
            }
        }
        return true;
    }
}
