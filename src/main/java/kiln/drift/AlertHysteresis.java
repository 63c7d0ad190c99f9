package kiln.drift;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import kiln.domain.AlertState;

/**
 * Pure state machine for one alert rule on one metric, pending → firing → acknowledged → resolved, so
 * a noisy metric neither floods the alert list nor flaps: it fires only after {@code forWindows}
 * consecutive breaching windows, and resolves only once the value is back past a separate, stricter
 * resolve threshold for {@code resolveForWindows} windows. It does no I/O: the caller writes each
 * returned {@link Transition}'s episode to the alert table (nothing is ever deleted).
 *
 * <ul>
 *   <li>No open episode and a breach: a new episode starts PENDING.</li>
 *   <li>PENDING: another breach counts towards {@code forWindows}; reaching it fires, unless silenced,
 *       in which case the episode stays pending and fires on the first breaching window after the
 *       silence ends. A non-breaching window ends the episode as RESOLVED without it ever firing.</li>
 *   <li>FIRING or ACKNOWLEDGED: {@code resolveForWindows} consecutive windows past the resolve threshold
 *       resolve it; values between the two thresholds keep it open (the hysteresis band).</li>
 *   <li>Only a FIRING episode can be acknowledged. NaN values (no data in a window) change nothing.</li>
 * </ul>
 */
public final class AlertHysteresis {

    /** Which side of the threshold is bad: drift scores breach ABOVE, KPIs such as accuracy BELOW. */
    public enum Direction {
        ABOVE, BELOW
    }

    /**
     * @param direction         which side is bad
     * @param fireThreshold     a value past this (strictly) is a breach
     * @param resolveThreshold  a value past this on the good side (inclusive) counts towards resolving;
     *                          must not be on the bad side of the fire threshold
     * @param forWindows        consecutive breaching windows before firing (>= 1)
     * @param resolveForWindows consecutive clear windows before resolving (>= 1)
     */
    public record Rule(Direction direction, double fireThreshold, double resolveThreshold, int forWindows,
            int resolveForWindows) {
        public Rule {
            Objects.requireNonNull(direction, "direction");
            if (forWindows < 1 || resolveForWindows < 1) {
                throw new IllegalArgumentException("window counts must be at least 1");
            }
            boolean ordered = direction == Direction.ABOVE ? resolveThreshold <= fireThreshold
                    : resolveThreshold >= fireThreshold;
            if (!ordered) {
                throw new IllegalArgumentException("the resolve threshold " + resolveThreshold
                        + " must be on the good side of the fire threshold " + fireThreshold);
            }
        }

        public boolean breaches(double value) {
            return direction == Direction.ABOVE ? value > fireThreshold : value < fireThreshold;
        }

        boolean clears(double value) {
            return direction == Direction.ABOVE ? value <= resolveThreshold : value >= resolveThreshold;
        }
    }

    /** Snapshot of the current episode: what the alert row should hold. Timestamps are null until reached. */
    public record Episode(AlertState state, Instant firstBreachAt, Instant firedAt, Instant acknowledgedAt,
            String acknowledgedBy, String note, Instant resolvedAt, double lastValue, double worstValue) {
    }

    /** One state change; {@code from} is null when the change opened a new episode. */
    public record Transition(AlertState from, AlertState to, Instant at, Episode episode) {
    }

    private final Rule rule;
    private Instant silencedUntil;
    private AlertState state;
    private int breachRun;
    private int clearRun;
    private Instant firstBreachAt;
    private Instant firedAt;
    private Instant acknowledgedAt;
    private String acknowledgedBy;
    private String note;
    private Instant resolvedAt;
    private double lastValue = Double.NaN;
    private double worstValue = Double.NaN;

    public AlertHysteresis(Rule rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** Feeds one window's value, stamped with the window's time; returns the transitions it caused. */
    public List<Transition> observe(Instant at, double value) {
        return observe(at, value, value);
    }

    /**
     * Feeds one window whose breach is judged on {@code evidence} (e.g. a confidence bound of the value)
     * while clearing and the recorded worst value use {@code value} itself. A NaN in either changes nothing.
     */
    public List<Transition> observe(Instant at, double value, double evidence) {
        List<Transition> transitions = new ArrayList<>();
        if (Double.isNaN(value) || Double.isNaN(evidence)) {
            return transitions;
        }
        boolean open = state != null && state != AlertState.RESOLVED;
        if (!open) {
            if (!rule.breaches(evidence)) {
                return transitions;
            }
            startEpisode(at, value, evidence);
            transitions.add(move(null, AlertState.PENDING, at));
        } else {
            record(value, evidence);
        }
        switch (state) {
            case PENDING -> {
                if (!rule.breaches(evidence)) {
                    resolvedAt = at;
                    transitions.add(move(AlertState.PENDING, AlertState.RESOLVED, at));
                } else if (breachRun >= rule.forWindows() && !silenced(at)) {
                    firedAt = at;
                    transitions.add(move(AlertState.PENDING, AlertState.FIRING, at));
                }
            }
            case FIRING, ACKNOWLEDGED -> {
                clearRun = rule.clears(value) ? clearRun + 1 : 0;
                if (clearRun >= rule.resolveForWindows()) {
                    resolvedAt = at;
                    transitions.add(move(state, AlertState.RESOLVED, at));
                }
            }
            default -> throw new IllegalStateException("unexpected state " + state);
        }
        return transitions;
    }

    /** A person acknowledges the firing alert, optionally with a note. */
    public Transition acknowledge(Instant at, String by, String note) {
        if (state != AlertState.FIRING) {
            throw new IllegalStateException("only a firing alert can be acknowledged; this one is "
                    + (state == null ? "not open" : state.stored()));
        }
        acknowledgedAt = at;
        acknowledgedBy = by;
        this.note = note;
        return move(AlertState.FIRING, AlertState.ACKNOWLEDGED, at);
    }

    /** Holds back firing for windows stamped before {@code until} (null lifts the silence). */
    public void silenceUntil(Instant until) {
        silencedUntil = until;
    }

    /** The current or last episode, if any window ever breached. */
    public Optional<Episode> episode() {
        return state == null ? Optional.empty() : Optional.of(snapshot());
    }

    private boolean silenced(Instant at) {
        return silencedUntil != null && at.isBefore(silencedUntil);
    }

    private void startEpisode(Instant at, double value, double evidence) {
        firstBreachAt = at;
        firedAt = null;
        acknowledgedAt = null;
        acknowledgedBy = null;
        note = null;
        resolvedAt = null;
        breachRun = 0;
        clearRun = 0;
        worstValue = value;
        record(value, evidence);
    }

    private void record(double value, double evidence) {
        lastValue = value;
        breachRun = rule.breaches(evidence) ? breachRun + 1 : 0;
        boolean worse = rule.direction() == Direction.ABOVE ? value > worstValue : value < worstValue;
        if (worse) {
            worstValue = value;
        }
    }

    private Transition move(AlertState from, AlertState to, Instant at) {
        state = to;
        return new Transition(from, to, at, snapshot());
    }

    private Episode snapshot() {
        return new Episode(state, firstBreachAt, firedAt, acknowledgedAt, acknowledgedBy, note, resolvedAt, lastValue,
                worstValue);
    }
}
