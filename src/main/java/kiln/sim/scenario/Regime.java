package kiln.sim.scenario;

import java.time.Instant;

/** The labelling rule from a product id on ({@code fromId}) or from a process time on ({@code from}). */
public record Regime(Long fromId, Instant from, Rule rule) {
}
