package kiln.drift;

/** Output of a sequential detector after each observation, the same three levels for all detectors. */
public enum DetectorState {
    STABLE, WARNING, DRIFT
}
