package kiln.ui.registry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.domain.ProgressSink;
import kiln.domain.Run;
import kiln.domain.UserFacingException;
import kiln.ui.common.TaskRunner;

/**
 * The actions on a model family's members: promote one member, roll a group back to its previous
 * member, promote the latest training. Each first gathers what the confirmation shows (the member
 * it replaces, since when, the readings) and is carried out only once confirmed, with who and a note;
 * then the readings the change now owns are scored, as after a plain promotion.
 */
final class MemberActions {

    private final RegistryServices services;
    private final TaskRunner runner;
    private final Consumer<String> error;

    MemberActions(RegistryServices services, TaskRunner runner, Consumer<String> error) {
        this.services = services;
        this.runner = runner;
        this.error = error;
    }

    /** Asks to promote {@code row} to production, replacing only its group's member. */
    void requestPromotion(MemberRow row, Consumer<PendingPromotion> open) {
        if (row == null) {
            return;
        }
        String name = row.member().modelName();
        submit("Preparing the promotion of " + name + " " + row.label(), () -> {
            Optional<ProductionPeriod> live = live(name, row.group());
            return new PendingPromotion(name, row.member().version(), Optional.empty(), services.now(),
                    live.map(ProductionPeriod::start).orElse(null), live.map(ProductionPeriod::version).orElse(null), services.readingSpanOrNone(
                            name),
                    trainedUntil(row.run()), PendingPromotion.Action.MEMBER, row.group(), List.of());
        }, open, "Preparing the promotion failed");
    }

    /** Asks to roll {@code row}'s group back to the member that was production before its current one. */
    void requestRollback(MemberRow row, Consumer<PendingPromotion> open) {
        if (row == null) {
            return;
        }
        String name = row.member().modelName();
        String scope = row.group();
        submit("Preparing the rollback of " + scope, () -> {
            List<ProductionPeriod> timeline = services.memberTimelines(name, scope).getOrDefault(scope, List.of());
            ProductionPeriod live = timeline.isEmpty() || timeline.get(timeline.size() - 1).end() != null ? null
                    : timeline.get(timeline.size() - 1);
            if (live == null) {
                throw new UserFacingException(name + " has no production member for " + scope + " to roll back.");
            }
            int previous = timeline.stream().map(ProductionPeriod::version).filter(v -> v != live.version())
                    .reduce((a, b) -> b).orElseThrow(() -> new UserFacingException(name + " has no earlier production member for "
                            + scope + " than v" + live.version() + " to roll back to."));
            return new PendingPromotion(name, previous, Optional.empty(), services.now(), live.start(), live.version(),
                    services.readingSpanOrNone(name), null, PendingPromotion.Action.ROLLBACK, scope, List.of());
        }, open, "Preparing the rollback failed");
    }

    /** Asks to promote every member of the family's latest training. */
    void requestFamilyPromotion(String name, Consumer<PendingPromotion> open) {
        if (name == null) {
            return;
        }
        submit("Preparing the promotion of " + name, () -> {
            List<ModelVersion> training = services.latestTraining(name);
            if (training.isEmpty()) {
                throw new UserFacingException(name + " has no members to promote.");
            }
            // the promotion cannot take effect before any member it replaces went live
            Instant since = services.memberTimelines(name, null).values().stream()
                    .map(t -> t.get(t.size() - 1)).filter(p -> p.end() == null).map(ProductionPeriod::start)
                    .max(Comparator.naturalOrder()).orElse(null);
            ModelVersion pooled = training.get(0);
            Instant trainedUntil = pooled.runId() == null ? null : services.run(pooled.runId()).map(MemberActions::trainedUntil).orElse(null);
            return new PendingPromotion(name, pooled.version(), Optional.empty(), services.now(), since, null, services.readingSpanOrNone(
                    name),
                    trainedUntil, PendingPromotion.Action.FAMILY, null, training.stream().map(ModelVersion::version).toList());
        }, open, "Preparing the family promotion failed");
    }

    /** Carries out a confirmed member promotion, rollback or family promotion, then scores what it now owns; reports what it did. */
    void confirm(PendingPromotion p, Instant at, String note, String user, Consumer<String> done) {
        submit(switch (p.action()) {
            case ROLLBACK -> "Rolling back " + p.scope();
            case FAMILY -> "Promoting " + p.modelName();
            default -> "Promoting " + p.modelName() + " v" + p.version();
        }, () -> {
            String what = switch (p.action()) {
                case MEMBER -> {
                    ModelVersion v = services.promoteMember(p.modelName(), p.scope(), p.version(), note, user, at);
                    yield "Promoted " + v.modelName() + " v" + v.version() + " (" + v.scope() + ") to production";
                }
                case ROLLBACK -> {
                    ModelVersion v = services.rollbackMember(p.modelName(), p.scope(), note, user, at);
                    yield "Rolled " + p.scope() + " back: " + v.modelName() + " v" + v.version() + " is its production member again";
                }
                case FAMILY -> String.format(Locale.ROOT, "Promoted %,d of %s's latest %,d members to production",
                        services.promoteFamily(p.modelName(), p.members(), note, user, at), p.modelName(), p.members().size());
                case VERSION -> throw new IllegalArgumentException("a plain version is promoted by the registry view model");
            };
            String scoring;
            try {
                long scored = services.scoreProduction(p.modelName(), ProgressSink.NONE);
                scoring = scored == 0 ? "no reading from then on was waiting to be scored." : String.format(Locale.ROOT,
                        "scored %,d readings from then on.", scored);
            } catch (RuntimeException e) {
                scoring = "scoring failed: " + RegistryViewModel.message(e);
            }
            return what + " from " + EffectiveTime.format(at) + " UTC; " + scoring;
        }, done, "Promoting failed");
    }

    private Optional<ProductionPeriod> live(String name, String scope) {
        List<ProductionPeriod> t = services.memberTimelines(name, scope).getOrDefault(scope, List.of());
        return t.isEmpty() || t.get(t.size() - 1).end() != null ? Optional.empty() : Optional.of(t.get(t.size() - 1));
    }

    private static Instant trainedUntil(Run run) {
        return run == null || run.windowEnd() == null ? null : run.windowEnd().toInstant(ZoneOffset.UTC);
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private <T> void submit(String title, Call<T> call, Consumer<T> onSuccess, String failure) {
        error.accept("");
        runner.submit(title, p -> call.call(), onSuccess, e -> error.accept(failure + ": " + RegistryViewModel.message(e)));
    }
}
