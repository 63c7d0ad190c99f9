package kiln.ui.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import kiln.scoring.PromotionGate;
import kiln.ui.registry.RegistryServices.ReadingSpan;

/**
 * A promotion waiting for the user's confirmation, with what the confirmation needs to explain and
 * check the time it takes effect.
 *
 * @param verdict           the gate's verdict when the model has a gate
 * @param now               the registry clock's now (the default effective time)
 * @param productionSince   when the current production version became production (null when none is)
 * @param productionVersion the current production version (null when none is)
 * @param readings          the span of the model's readings, when there are any
 * @param trainedUntil      the end of the version's training window, when its run is known
 */
public record PendingPromotion(String modelName, int version, Optional<PromotionGate.Verdict> verdict, Instant now,
                               Instant productionSince, Integer productionVersion, Optional<ReadingSpan> readings,
                               Instant trainedUntil) {

    public boolean gateFailed() {
        return verdict.isPresent() && !verdict.get().passed();
    }

    public String describe() {
        return "Promote " + modelName + " v" + version + " to production? "
                + verdict.map(v -> "Gate " + v.text() + (v.passed() ? "." : ". Confirming forces it past the gate (recorded in the note)."))
                .orElse("No promotion gate is set.");
    }

    /**
     * Now to the minute, unless that is before the current production period began: a promotion
     * cannot take effect before the version it replaces went live.
     */
    public Instant defaultEffectiveTime() {
        Instant t = now.truncatedTo(ChronoUnit.MINUTES);
        if (productionSince != null && t.isBefore(productionSince)) {
            Instant since = productionSince.truncatedTo(ChronoUnit.MINUTES);
            t = since.equals(productionSince) ? since : since.plus(1, ChronoUnit.MINUTES);
        }
        return t;
    }

    /** Why {@code at} cannot be the effective time, or null when it can. */
    public String problemWith(Instant at) {
        if (productionSince != null && at.isBefore(productionSince)) {
            return "v" + productionVersion + " is production since " + EffectiveTime.format(productionSince)
                    + " UTC; the promotion cannot take effect before that.";
        }
        return null;
    }

    /** What promoting with effect from {@code at} does to scoring. */
    public String explain(Instant at) {
        String from = EffectiveTime.format(at);
        if (readings.isEmpty()) {
            return "The data set holds no readings yet: v" + version + " scores readings as they arrive from " + from + " UTC on.";
        }
        ReadingSpan r = readings.get();
        StringBuilder s = new StringBuilder("Readings run from ").append(EffectiveTime.format(r.first())).append(" to ")
                .append(EffectiveTime.format(r.last())).append(" UTC. ");
        if (at.isAfter(r.last())) {
            s.append("No reading is that recent yet: v").append(version).append(" scores readings as they arrive after ").append(from)
                    .append(", so the Monitor shows nothing of it until then.");
        } else {
            s.append("Past readings from ").append(from).append(" on that are not scored yet will be scored by v").append(version)
                    .append(" at once; readings already scored keep their predictions.");
        }
        if (trainedUntil != null && at.isBefore(trainedUntil)) {
            s.append(" Note: v").append(version).append(" was trained on readings up to ").append(EffectiveTime.format(trainedUntil))
                    .append(", so scores before that are not out-of-sample.");
        }
        return s.toString();
    }
}
