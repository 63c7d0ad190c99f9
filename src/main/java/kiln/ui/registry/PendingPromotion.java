package kiln.ui.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import kiln.domain.ModelVersion;
import kiln.ui.registry.RegistryServices.GateVerdict;
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
 * @param action            what confirming does: promote a plain version, a family's member, roll a group back, or promote a training
 * @param scope             the member's group (or pooled) for a member's promotion or rollback; null otherwise
 * @param members           the versions a family promotion promotes (empty otherwise)
 */
public record PendingPromotion(String modelName, int version, Optional<GateVerdict> verdict, Instant now,
        Instant productionSince, Integer productionVersion, Optional<ReadingSpan> readings,
        Instant trainedUntil, Action action, String scope, List<Integer> members) {

    /** What a confirmation carries out. */
    public enum Action {
        VERSION, MEMBER, ROLLBACK, FAMILY
    }

    public PendingPromotion {
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** A plain version's promotion. */
    public PendingPromotion(String modelName, int version, Optional<GateVerdict> verdict, Instant now,
            Instant productionSince, Integer productionVersion, Optional<ReadingSpan> readings, Instant trainedUntil) {
        this(modelName, version, verdict, now, productionSince, productionVersion, readings, trainedUntil, Action.VERSION, null, List.of());
    }

    public boolean gateFailed() {
        return verdict.isPresent() && !verdict.get().passed();
    }

    public String describe() {
        String replaced = productionVersion == null ? "" : " (replacing v" + productionVersion + ")";
        return switch (action) {
            case VERSION -> "Promote " + modelName + " v" + version + " to production? "
                    + verdict.map(v -> "Gate " + v.text() + (v.passed() ? "." : ". Confirming forces it past the gate (recorded in the note)."))
                            .orElse("No promotion gate is set.");
            case MEMBER -> "Promote " + modelName + " v" + version + ", the member for " + group() + ", to production" + replaced
                    + "? Only " + group() + "'s member changes.";
            case ROLLBACK -> "Roll " + group() + " of " + modelName + " back from v" + productionVersion + " to v" + version
                    + ", its previous production member? Only " + group() + "'s member changes.";
            case FAMILY -> String.format(Locale.ROOT, "Promote the latest training of %s, %,d members (v%d..v%d), to production? "
                    + "Each replaces its own group's member; groups without a member in it are served by its pooled member.",
                    modelName, members.size(), members.get(0), members.get(members.size() - 1));
        };
    }

    /** "group 17", or "the pooled scope". */
    private String group() {
        return ModelVersion.POOLED.equals(scope) ? "the pooled scope" : "group " + scope;
    }

    /** What takes over from the effective time, as the hint names it. */
    private String subject() {
        return action == Action.FAMILY ? "the training's members" : "v" + version;
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
            return (action == Action.FAMILY ? "A member" : "v" + productionVersion) + " is production since "
                    + EffectiveTime.format(productionSince) + " UTC; the promotion cannot take effect before that.";
        }
        return null;
    }

    /** What promoting with effect from {@code at} does to scoring. */
    public String explain(Instant at) {
        String from = EffectiveTime.format(at);
        if (readings.isEmpty()) {
            return "The data set holds no readings yet: " + subject() + " score" + (action == Action.FAMILY ? "" : "s")
                    + " readings as they arrive from " + from + " UTC on.";
        }
        ReadingSpan r = readings.get();
        StringBuilder s = new StringBuilder("Readings run from ").append(EffectiveTime.format(r.first())).append(" to ")
                .append(EffectiveTime.format(r.last())).append(" UTC. ");
        if (at.isAfter(r.last())) {
            s.append("No reading is that recent yet: ").append(subject()).append(action == Action.FAMILY ? " score" : " scores").append(
                    " readings as they arrive after ").append(from)
                    .append(", so the Monitor shows nothing of it until then.");
        } else {
            s.append("Past readings from ").append(from).append(" on that are not scored yet will be scored by ").append(subject())
                    .append(" at once; readings already scored keep their predictions.");
        }
        if (trainedUntil != null && at.isBefore(trainedUntil)) {
            s.append(" Note: ").append(subject()).append(action == Action.FAMILY ? " were" : " was").append(" trained on readings up to ").append(
                    EffectiveTime.format(trainedUntil))
                    .append(", so scores before that are not out-of-sample.");
        }
        return s.toString();
    }
}
