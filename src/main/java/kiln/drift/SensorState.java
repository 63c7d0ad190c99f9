package kiln.drift;

/**
 * Health of a feature's signal in one window; dead and stuck sensors need different fixes (wiring or
 * pipeline versus a frozen instrument), so they are told apart.
 */
public enum SensorState {
    /** No rows at all in the window: nothing to judge. */
    NO_DATA,
    /** Rows arrived but every value is missing: the feature is dead upstream. */
    DEAD,
    /** Values arrive but do not vary, although the reference does: a frozen sensor or a filled default. */
    STUCK,
    /** Values arrive and vary. */
    LIVE
}
