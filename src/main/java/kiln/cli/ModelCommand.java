package kiln.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import kiln.domain.ModelEvent;
import kiln.domain.ModelVersion;
import kiln.ml.ScoringModel;
import kiln.registry.ModelFamilies;
import kiln.registry.ModelFiles;
import kiln.registry.ModelRegistry;
import kiln.registry.RegistryException;
import kiln.scoring.PromotionGate;
import kiln.store.KilnStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiln model …}: the model registry from the command line. */
@Command(name = "model", description = "Register, promote, export and import model versions.",
        subcommands = {ModelCommand.ListVersions.class, ModelCommand.Register.class, ModelCommand.Promote.class,
                ModelCommand.Demote.class, ModelCommand.Archive.class, ModelCommand.History.class, ModelCommand.Export.class,
                ModelCommand.Import.class, ModelCommand.Gate.class, FamilyCommands.RegisterFamily.class, FamilyCommands.Rollback.class,
                FamilyCommands.Members.class})
public final class ModelCommand {

    @Mixin
    StoreOptions store;

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Shared parts of the subcommands. */
    abstract static class Sub implements Callable<Integer> {
        @Mixin
        StoreOptions store;
        @Spec
        CommandSpec spec;
        @Option(names = "--name", paramLabel = "NAME", description = "Model name (may be left out while one model is registered).")
        String name;
        @Option(names = "--by", paramLabel = "USER", description = "Who does it (default: the OS user).")
        String by;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        String user() {
            return by != null ? by : ModelRegistry.currentUser();
        }

        @Override
        public Integer call() throws Exception {
            try (KilnStore db = store.open()) {
                run(db, new ModelRegistry(db, Instant::now));
            }
            out().flush();
            return 0;
        }

        abstract void run(KilnStore db, ModelRegistry registry) throws Exception;
    }

    static String describe(ModelVersion v) {
        return String.format("%s v%d%s  %-10s run %-5s %s by %s%s", v.modelName(), v.version(), v.scope() == null ? "" : " [" + v.scope() + "]", v
                .alias() == null ? "-" : v.alias(),
                v.runId() == null ? "-" : v.runId(), TIME.format(v.createdAt()), v.createdBy(), v.note() == null ? "" : "  (" + v.note() + ")");
    }

    @Command(name = "list", description = "List registered versions.")
    static final class ListVersions extends Sub {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        void run(KilnStore db, ModelRegistry registry) throws Exception {
            List<ModelVersion> versions = name == null ? registry.allVersions() : registry.versions(name);
            if (json) {
                out().println(JSON.writeValueAsString(versions));
            } else if (versions.isEmpty()) {
                out().println("No model is registered yet. Register a finished run with: kiln model register --run RUN_ID");
            } else {
                versions.forEach(v -> out().println(describe(v)));
                // A family lists its pooled member above; its group members are counted here and paged by 'members'.
                versions.stream().map(ModelVersion::modelName).distinct().filter(registry::isFamily).forEach(family -> {
                    long members = registry.families().members(family, ModelFamilies.MemberFilter.ALL, 0, 1).total();
                    long ownMember = registry.families().productionMembers(family).keySet().stream()
                            .filter(scope -> !ModelVersion.POOLED.equals(scope)).count();
                    out().printf(Locale.ROOT, "%s is a family of %,d members; %,d groups are served by their own member in production, "
                            + "the others by the pooled one (kiln model members --name %s)%n", family, members, ownMember, family);
                });
            }
        }
    }

    @Command(name = "register", description = "Register a finished run as a new version.")
    static final class Register extends Sub {
        @Option(names = "--run", required = true, paramLabel = "RUN_ID", description = "The run to register.")
        int runId;
        @Option(names = "--note", description = "A note kept with the version.")
        String note;

        @Override
        void run(KilnStore db, ModelRegistry registry) {
            out().println("Registered " + describe(registry.register(runId, name, note, user())));
        }
    }

    @Command(name = "promote", description = {"Promote a version to production (or challenger).",
            "When the model has a promotion gate, the version must beat production on the newest labelled readings;",
            "the verdict is recorded, and --force promotes past a failed gate (the note says so).",
            "For a model family: --family promotes every member of its newest training; --group G --version N one group's member",
            "(the pooled member's group is 'pooled'). Members replace only their own group's member; gates apply to plain models."})
    static final class Promote extends Sub {
        @Option(names = "--version", paramLabel = "N", description = "The version (required unless --family).")
        Integer version;
        @Option(names = "--family", description = "Promote every member of the family's newest training.")
        boolean family;
        @Option(names = "--group", paramLabel = "G", description = "The family member's group (its scope; 'pooled' for the pooled member).")
        String group;
        @Option(names = "--alias", defaultValue = ModelVersion.PRODUCTION, description = "production or challenger (default: ${DEFAULT-VALUE}).")
        String alias;
        @Option(names = "--note", description = "Why; kept in the history.")
        String note;
        @Option(names = "--force", description = "Promote even if the promotion gate fails (recorded in the note).")
        boolean force;
        @Option(names = "--at", paramLabel = "T", converter = ScoreCommand.TimeConverter.class,
                description = "When the promotion takes effect (UTC; default now). Scoring follows the production timeline, "
                        + "so promoting at a past time decides which version scores readings from then on.")
        Instant at;

        @Override
        void run(KilnStore db, ModelRegistry registry) {
            if (family || group != null || registry.isFamily(name)) {
                FamilyCommands.promote(this, registry);
                return;
            }
            if (version == null) {
                throw new RegistryException("Name the version to promote with --version N.");
            }
            ModelRegistry effective = at == null ? registry : new ModelRegistry(db, () -> at);
            if (!ModelVersion.PRODUCTION.equals(alias)) {
                out().println("Promoted " + describe(effective.promote(name, version, alias, note, user())));
                return;
            }
            PromotionGate.Outcome outcome = new PromotionGate(db, effective).promote(name, version, note, user(), force);
            outcome.verdict().ifPresent(v -> out().println("Gate " + v.text()));
            ModelVersion promoted = outcome.promoted().orElseThrow(() -> new RegistryException(
                    "The promotion gate held " + effective.resolveName(name) + " v" + version + " back ("
                            + outcome.verdict().map(PromotionGate.Verdict::text).orElse("") + "); use --force to promote anyway."));
            out().println("Promoted " + describe(promoted));
        }
    }

    /** A change to one version's standing, with an optional note for its event. */
    abstract static class VersionChange extends Sub {
        @Option(names = "--version", required = true, paramLabel = "N")
        int version;
        @Option(names = "--note")
        String note;
    }

    @Command(name = "demote", description = "Remove a version's alias (production or challenger).")
    static final class Demote extends VersionChange {
        @Override
        void run(KilnStore db, ModelRegistry registry) {
            out().println("Demoted " + describe(registry.demote(name, version, note, user())));
        }
    }

    @Command(name = "archive", description = "Archive a version (nothing is deleted).")
    static final class Archive extends VersionChange {
        @Override
        void run(KilnStore db, ModelRegistry registry) {
            out().println("Archived " + describe(registry.archive(name, version, note, user())));
        }
    }

    @Command(name = "history", description = {"Show every registry event and the production timeline.",
            "Events of a family's members show their group in braces; --group G shows that group's events and timeline only."})
    static final class History extends Sub {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;
        @Option(names = "--group", paramLabel = "G", description = "A family's group (or 'pooled'): its member's events and timeline.")
        String group;

        @Override
        void run(KilnStore db, ModelRegistry registry) throws Exception {
            boolean family = (name != null || registry.modelNames().size() == 1) && registry.isFamily(name);
            if (group != null && !family) {
                throw new RegistryException("--group is for model families; " + registry.resolveName(name) + " is a plain model.");
            }
            List<ModelEvent> events = family ? registry.families().history(name, group) : registry.history(name);
            if (json) {
                out().println(JSON.writeValueAsString(events));
                return;
            }
            if (events.isEmpty()) {
                out().println("No registry events yet.");
                return;
            }
            for (ModelEvent e : events) {
                out().println(String.format("%s  %-8s %s v%s%s%s by %s%s", TIME.format(e.at()), e.action(), e.modelName(), e.version(),
                        e.scope() == null ? "" : " {" + e.scope() + "}",
                        e.alias() == null ? "" : " [" + e.alias() + "]", e.by(), e.note() == null ? "" : "  — " + e.note()));
            }
            if (group != null) {
                FamilyCommands.printTimeline(out(), registry, registry.resolveName(name), group);
                return;
            }
            for (String model : name == null ? registry.modelNames() : List.of(registry.resolveName(name))) {
                out().println();
                out().println("Production timeline of " + model + (registry.isFamily(model) ? " (its pooled member; --group G for a group's)" : "")
                        + ":");
                registry.productionTimeline(model).forEach(p -> out().println(String.format("  v%d  %s .. %s", p.version(),
                        TIME.format(p.start()), p.end() == null ? "now" : TIME.format(p.end()))));
            }
        }
    }

    @Command(name = "export", description = "Write a version to one model file (zip with checksum).")
    static final class Export extends Sub {
        @Option(names = "--version", required = true, paramLabel = "N")
        int version;
        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;

        @Override
        void run(KilnStore db, ModelRegistry registry) {
            Path written = new ModelFiles(db, registry, bytes -> ScoringModel.load(bytes).features()).export(name, version, out, user());
            out().println("Exported " + registry.resolveName(name) + " v" + version + " to " + written);
        }
    }

    @Command(name = "import", description = "Import a model file as a new version (checksum, format and features are checked).")
    static final class Import extends Sub {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        void run(KilnStore db, ModelRegistry registry) {
            ModelVersion v = new ModelFiles(db, registry, bytes -> ScoringModel.load(bytes).features()).importFile(file, name, user());
            out().println("Imported " + describe(v));
        }
    }

    @Command(name = "gate", description = "Set the promotion gate: a challenger must beat production by MARGIN on METRIC.")
    static final class Gate extends Sub {
        @Option(names = "--metric", defaultValue = "accuracy")
        String metric;
        @Option(names = "--margin", required = true, description = "e.g. 0.01 for one percentage point; negative to clear.")
        double margin;

        @Override
        void run(KilnStore db, ModelRegistry registry) {
            if (margin < 0) {
                registry.setGate(name, null, null);
                out().println("Cleared the promotion gate of " + registry.resolveName(name));
            } else {
                registry.setGate(name, metric, margin);
                out().println("Promotion gate of " + registry.resolveName(name) + ": beat production by " + margin + " on " + metric);
            }
        }
    }
}
