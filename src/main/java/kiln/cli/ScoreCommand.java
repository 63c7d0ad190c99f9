package kiln.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import kiln.domain.ProgressSink;
import kiln.registry.ModelRegistry;
import kiln.scoring.Scorer;
import kiln.store.KilnStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code kiln score}: catches the production scorer (and challengers' shadow scoring) up, or with
 * {@code --version} rescores a window counterfactually into {@code rescored_prediction}.
 */
@Command(name = "score", description = {
        "Score every reading that had a production version at its process time and has no prediction yet;",
        "challengers shadow-score the same readings. With --version N, rescore readings in [--from, --to) with",
        "version N into rescored_prediction (what if that version had been live?)."})
public final class ScoreCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;
    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name (may be left out while one model is registered).")
    String name;
    @Option(names = "--version", paramLabel = "N", description = "Rescore with this version instead of catching production up.")
    Integer version;
    @Option(names = "--from", paramLabel = "T", converter = TimeConverter.class,
            description = "Rescore readings from this process time (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], UTC).")
    Instant from;
    @Option(names = "--to", paramLabel = "T", converter = TimeConverter.class, description = "… up to this process time (exclusive).")
    Instant to;
    @Option(names = "--json", description = "Print one JSON line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (version == null && (from != null || to != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--from and --to go with --version N (a rescore).");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (KilnStore db = store.open()) {
            ModelRegistry registry = new ModelRegistry(db, Instant::now);
            Scorer scorer = new Scorer(db, registry, name, Instant::now);
            Map<String, Object> result = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            if (version == null) {
                Scorer.CatchUp c = scorer.catchUp(ProgressSink.NONE);
                result.put("model", c.modelName());
                result.put("scored", c.scored());
                result.put("scored_by_version", c.scoredByVersion());
                result.put("shadow_scored", c.shadowScored());
                result.put("watermark", c.watermark() == null ? null : c.watermark().toString());
                result.put("full_scan", c.fullScan());
                if (c.family() != null) {
                    result.put("scored_by_members", c.family().byMembers());
                    result.put("scored_by_pooled", c.family().byPooled());
                    result.put("uncovered", c.family().uncovered());
                    result.put("members_loaded", c.family().membersLoaded());
                }
            } else {
                Scorer.Rescore r = scorer.rescore(version, from, to, ProgressSink.NONE);
                result.put("model", r.modelName());
                result.put("version", r.version());
                result.put("rescored", r.scored());
                result.put("already_rescored", r.alreadyScored());
                if (r.skipped() != null) {
                    result.put("skipped", r.skipped());
                }
            }
            result.put("seconds", Math.round((System.nanoTime() - t0) / 1e6) / 1e3);
            if (json) {
                out.println(ModelCommand.JSON.writeValueAsString(result));
            } else if (version == null && result.containsKey("scored_by_members")) {
                out.println("Scored " + result.get("scored") + " readings with family " + result.get("model") + ": "
                        + result.get("scored_by_members") + " by group members, " + result.get("scored_by_pooled") + " by the pooled member ("
                        + result.get("members_loaded") + " members loaded), " + result.get("shadow_scored") + " shadow predictions; watermark "
                        + result.get("watermark") + " (" + result.get("seconds") + " s)");
            } else if (version == null) {
                out.println(result.get("model") == null ? "No model is registered yet; nothing to score."
                        : "Scored " + result.get("scored") + " readings with " + result.get("model") + " " + result.get("scored_by_version")
                                + ", " + result.get("shadow_scored") + " shadow predictions; watermark " + result.get("watermark")
                                + " (" + result.get("seconds") + " s)");
            } else if (result.containsKey("skipped")) {
                out.println("Nothing rescored: " + result.get("skipped"));
            } else {
                out.println("Rescored " + result.get("rescored") + " readings with " + result.get("model") + " v" + version
                        + " into rescored_prediction (" + result.get("already_rescored") + " already there, " + result.get("seconds") + " s)");
            }
            out.flush();
        }
        return 0;
    }

    /** A UTC date or date-time. */
    static final class TimeConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String s) {
            try {
                if (s.length() <= 10) {
                    return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
                }
                if (s.endsWith("Z")) {
                    return Instant.parse(s);
                }
                return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + s + "' is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM[:SS]) in UTC");
            }
        }
    }
}
