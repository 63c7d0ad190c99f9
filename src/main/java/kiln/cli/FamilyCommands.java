package kiln.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kiln.domain.ModelVersion;
import kiln.domain.ProductionPeriod;
import kiln.ml.sweep.SweepSpec;
import kiln.registry.FamilyRuns;
import kiln.registry.ModelFamilies;
import kiln.registry.ModelRegistry;
import kiln.registry.RegistryException;
import kiln.store.KilnStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kiln model register-family | rollback | members}, and the family side of {@code kiln model
 * promote}: a model family's members from the command line (decision 0013).
 */
final class FamilyCommands {

    private FamilyCommands() {}

    @Command(name = "register-family", description = {"Register a per-group training as a model family:",
            "each group's best run of the experiment by --metric becomes its member, the best pooled run (no group) the pooled member.",
            "Groups whose run saw fewer than --min-rows labelled rows get no member: the pooled member serves them."})
    static final class RegisterFamily extends ModelCommand.Sub {
        @Option(names = "--experiment", required = true, paramLabel = "E", description = "The per-group training's experiment (id or name).")
        String experiment;
        @Option(names = "--metric", defaultValue = FamilyRuns.DEFAULT_METRIC,
                description = "Which run is best (default ${DEFAULT-VALUE}; log_loss and brier: lower is better).")
        String metric;
        @Option(names = "--min-rows", defaultValue = "" + FamilyRuns.DEFAULT_MIN_ROWS, paramLabel = "N",
                description = "Labelled training rows a group needs for a member of its own (default ${DEFAULT-VALUE}).")
        long minRows;
        @Option(names = "--note", description = "A note kept with the members.")
        String note;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        void run(KilnStore db, ModelRegistry registry) throws Exception {
            if (name == null) {
                throw new RegistryException("Name the family with --name.");
            }
            FamilyRuns.Plan plan = new FamilyRuns(db).plan(experiment, metric, !SweepSpec.LOWER_IS_BETTER.contains(metric), minRows);
            List<ModelVersion> members = registry.families().registerFamily(name, plan.runs(), note, user());
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("model", name);
                result.put("experiment", plan.experimentId());
                result.put("members", members.size());
                result.put("first_version", members.get(0).version());
                result.put("last_version", members.get(members.size() - 1).version());
                result.put("without_member", plan.skipped());
                out().println(ModelCommand.JSON.writeValueAsString(result));
                return;
            }
            out().printf("Registered family %s from experiment %d: %d members (v%d..v%d), pooled v%d%n", name, plan.experimentId(),
                    members.size(), members.get(0).version(), members.get(members.size() - 1).version(), members.get(0).version());
            if (!plan.skipped().isEmpty()) {
                out().printf("%d groups have fewer than %d labelled rows and no member (pooled serves them): %s%n", plan.skipped().size(), minRows,
                        String.join(", ", plan.skipped().stream().limit(20).map(s -> s.group() + " (" + s.labelledRows() + ")").toList())
                                + (plan.skipped().size() > 20 ? ", …" : ""));
            }
        }
    }

    /** {@code kiln model promote} for a family: the whole newest training, or one group's member. */
    static void promote(ModelCommand.Promote p, ModelRegistry registry) {
        ModelFamilies families = registry.families();
        PrintWriter out = p.out();
        String name = registry.resolveName(p.name);
        if (!registry.isFamily(name)) {
            throw new RegistryException("'" + name + "' is a plain model; --family and --group are for model families.");
        }
        if (p.family) {
            if (p.group != null || p.version != null) {
                throw new RegistryException("--family promotes the newest training's members; leave out --group and --version.");
            }
            if (!ModelVersion.PRODUCTION.equals(p.alias)) {
                throw new RegistryException("--family promotes to production; make single members challengers with --group G --version N.");
            }
            List<ModelVersion> training = families.latestTraining(name);
            int promoted = families.promoteFamily(name, training.stream().map(ModelVersion::version).toList(), p.note, p.user(), p.at);
            out.printf("Promoted family %s: %d of its newest training's %d members (v%d..v%d) to production%s%n", name, promoted, training.size(),
                    training.get(0).version(), training.get(training.size() - 1).version(),
                    p.at == null ? "" : " from " + ModelCommand.TIME.format(p.at));
            return;
        }
        if (p.version == null) {
            throw new RegistryException(name + " is a model family: promote --family, or one member with --group G --version N.");
        }
        String scope = p.group != null ? p.group : registry.version(name, p.version).scope();
        ModelVersion v = families.promoteMember(name, scope, p.version, p.alias, p.note, p.user(), p.at);
        out.println("Promoted " + ModelCommand.describe(v) + (p.at == null ? "" : " from " + ModelCommand.TIME.format(p.at)));
    }

    @Command(name = "rollback", description = "Re-promote a family group's previous production member (its current one is replaced).")
    static final class Rollback extends ModelCommand.Sub {
        @Option(names = "--group", required = true, paramLabel = "G", description = "The group (or 'pooled').")
        String group;
        @Option(names = "--note", description = "Why; kept in the history.")
        String note;
        @Option(names = "--at", paramLabel = "T", converter = ScoreCommand.TimeConverter.class,
                description = "When the rollback takes effect (UTC; default now).")
        Instant at;

        @Override
        void run(KilnStore db, ModelRegistry registry) {
            ModelVersion v = registry.families().rollbackMember(registry.resolveName(name), group, note, user(), at);
            out().println("Rolled back " + group + ": " + ModelCommand.describe(v) + " is production again");
        }
    }

    @Command(name = "members", description = "List a family's members a page at a time (pooled first, then by group).")
    static final class Members extends ModelCommand.Sub {
        @Option(names = "--group", paramLabel = "G", description = "Only this group's members (or 'pooled').")
        String group;
        @Option(names = "--search", paramLabel = "TEXT", description = "Only groups whose key contains TEXT.")
        String search;
        @Option(names = "--alias", paramLabel = "A", description = "Only members with this alias (production, challenger, archived).")
        String alias;
        @Option(names = "--offset", defaultValue = "0", paramLabel = "N")
        int offset;
        @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "Members per page (default ${DEFAULT-VALUE}).")
        int limit;
        @Option(names = "--json", description = "Print JSON: {\"total\": n, \"members\": [...]}.")
        boolean json;

        @Override
        void run(KilnStore db, ModelRegistry registry) throws Exception {
            ModelFamilies.MemberPage page = registry.families().members(name, new ModelFamilies.MemberFilter(group, search, alias), offset, limit);
            if (json) {
                out().println(ModelCommand.JSON.writeValueAsString(Map.of("total", page.total(), "offset", offset, "members", page.members())));
                return;
            }
            if (page.members().isEmpty()) {
                out().println(page.total() == 0 ? "No member matches." : "No members past " + offset + " (" + page.total() + " match).");
                return;
            }
            page.members().forEach(v -> out().println(ModelCommand.describe(v)));
            out().printf("Members %d..%d of %d%n", offset + 1, offset + page.members().size(), page.total());
        }
    }

    /** Prints one scope's production timeline. */
    static void printTimeline(PrintWriter out, ModelRegistry registry, String name, String scope) {
        List<ProductionPeriod> periods = registry.families().productionTimelines(name, scope).getOrDefault(scope, List.of());
        out.println();
        out.println("Production timeline of " + name + " for " + scope + ":");
        if (periods.isEmpty()) {
            out.println("  (no member of its own has been production" + (ModelVersion.POOLED.equals(scope) ? ")" : "; the pooled member serves it)"));
        }
        periods.forEach(p -> out.println(String.format("  v%d  %s .. %s", p.version(), ModelCommand.TIME.format(p.start()),
                p.end() == null ? "now" : ModelCommand.TIME.format(p.end()))));
    }
}
