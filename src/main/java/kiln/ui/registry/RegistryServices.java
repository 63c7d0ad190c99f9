package kiln.ui.registry;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.domain.ProgressSink;
import kiln.domain.Run;

/**
 * What the Registry workspace reads and changes (decision 0010): the registered models, their
 * versions, history and production timeline, the finished runs they come from, the promotion gate,
 * the span of a model's readings; a family's members a page at a time, their actions, and the
 * per-group trainings a family is registered from. Every method but {@link #defaultMinRows()} may
 * block (on the database; the gate's verdict and the scoring after a promotion also run models), so
 * callers run them off the FX thread. Methods throw unchecked exceptions only; a refusal the user can act on
 * is a {@link kiln.domain.UserFacingException} with its reason.
 */
public interface RegistryServices {

    /** The time span of a data set's readings. */
    record ReadingSpan(Instant first, Instant last, long readings) {
    }

    /** A model's promotion gate: a candidate must beat production by {@code margin} on {@code metric}. */
    record Gate(String metric, double margin) {
    }

    /** The gate's verdict on a candidate, in words ({@code text}). */
    record GateVerdict(boolean passed, String text) {
    }

    /** One page of a family's members and how many match in all. */
    record MemberPage(List<ModelVersion> members, long total) {
        public MemberPage {
            members = List.copyOf(members);
        }
    }

    /** An experiment holding a per-group training: how many groups have finished runs, and when it last ran. */
    record PerGroupTraining(long experimentId, String name, String dataset, int groups, long runs, LocalDateTime lastRun) {
    }

    /** The members a family registration added (in version order) and how many groups it left to the pooled member. */
    record RegisteredFamily(List<ModelVersion> members, int groupsLeftToPooled) {
        public RegisteredFamily {
            members = List.copyOf(members);
        }
    }

    // --- models and versions

    /** Registered model names, families included. */
    List<String> modelNames();

    boolean isFamily(String model);

    /** The registry clock's now: the default time a promotion takes effect. */
    Instant now();

    /** The model's versions (a family's: its pooled member's). */
    List<ModelVersion> versions(String model);

    Optional<Gate> gate(String model);

    /** The model's events in the order they happened (a family's: its pooled member's). */
    List<ModelEvent> history(String model);

    /** The spans during which each version was production, oldest first (a family's: its pooled member's). */
    List<ProductionPeriod> productionTimeline(String model);

    /** The first and last reading time of the data set the model scores; empty while it holds none. */
    Optional<ReadingSpan> readingSpan(String model, ProgressSink sink);

    /** The span of a model's readings; a model whose data set cannot be read simply shows none. */
    default Optional<ReadingSpan> readingSpanOrNone(String model) {
        try {
            return readingSpan(model, ProgressSink.NONE);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    // --- runs

    /** The runs with these ids (in one query; ids of runs that are gone are left out). */
    List<Run> runsById(Collection<Long> ids);

    Optional<Run> run(long runId);

    /** The newest finished runs trained on every group, at most {@code limit}: what a plain version can be registered from. */
    List<Long> plainRunIds(int limit);

    // --- changing a plain model

    /** Registers the run as the next version of {@code model} (null: of the run's data set's model). */
    ModelVersion register(int runId, String model, String note, String by);

    /** The gate's verdict on promoting the version, without recording anything; empty when the model has no gate. */
    Optional<GateVerdict> evaluateGate(String model, int version);

    /**
     * Promotes the version to production from {@code at} through the gate, forced past a failed one
     * (the verdict is recorded, and the note says it was forced).
     */
    ModelVersion promote(String model, int version, String note, String by, Instant at);

    /** Makes the version the challenger (shadow scoring). */
    ModelVersion makeChallenger(String model, int version, String note, String by);

    ModelVersion demote(String model, int version, String note, String by);

    ModelVersion archive(String model, int version, String note, String by);

    /** Scores the readings the production timeline assigns to a version and that have no prediction yet; returns how many. */
    long scoreProduction(String model, ProgressSink sink);

    /** Writes the version as a model file; returns the file written. */
    Path exportVersion(String model, int version, Path file, String by);

    /** Registers a model file as a new version of the model it names. */
    ModelVersion importFile(Path file, String by);

    // --- families

    /** How many members the family has. */
    long familySize(String family);

    /**
     * A page of the family's members (by scope, newest first within one) whose group key contains
     * {@code groupContains} (null: any) and that hold {@code alias} (null: any).
     */
    MemberPage members(String family, String groupContains, String alias, int offset, int limit);

    /** When each of these members was last promoted to production; members never promoted are left out. */
    Map<Integer, Instant> promotedAt(String family, Collection<Integer> versions);

    /** Every event of the family's members, or of one scope's member (a group's key, or pooled). */
    List<ModelEvent> memberHistory(String family, String scope);

    /** Each scope's production timeline, oldest first; {@code onlyScope} non-null reads that scope's only. */
    Map<String, List<ProductionPeriod>> memberTimelines(String family, String onlyScope);

    /** The members of the family's latest training, pooled member first. */
    List<ModelVersion> latestTraining(String family);

    /** Promotes a member to production from {@code at}, replacing only its scope's member. */
    ModelVersion promoteMember(String family, String scope, int version, String note, String by, Instant at);

    /** Puts the scope's previous production member back from {@code at}; returns it. */
    ModelVersion rollbackMember(String family, String scope, String note, String by, Instant at);

    /** Promotes these members to production from {@code at}, each replacing its own scope's; returns how many changed. */
    int promoteFamily(String family, Collection<Integer> versions, String note, String by, Instant at);

    /** The experiments with finished per-group runs, newest first: what a family can be registered from. */
    List<PerGroupTraining> perGroupTrainings();

    /** Labelled rows a group's run needs, unless the user types another minimum, for the group to get a member of its own. */
    long defaultMinRows();

    /**
     * Registers the experiment's best run per group (groups whose run saw fewer than {@code minRows}
     * labelled rows left to the pooled member) and its best pooled run as members of {@code family}.
     */
    RegisteredFamily registerFamily(String family, long experimentId, long minRows, String note, String by);
}
