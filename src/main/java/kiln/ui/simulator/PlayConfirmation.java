package kiln.ui.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import kiln.sim.scenario.Scenario;
import kiln.sim.scenario.ScenarioAction;

/**
 * What the user is asked before a scenario changes models in a database that already has one in
 * production: "This scenario will train and promote at 2019-07-11 00:00 UTC", the steps, and the
 * choice to continue, to play only the readings and labels, or to cancel.
 *
 * @param header  one line: what will happen and when
 * @param details what is in production now, and the steps that change models
 */
public record PlayConfirmation(String header, String details) {

    /** The user's answer. */
    public enum Choice {
        CONTINUE("Continue"), WITHOUT_MODEL_CHANGES("Play without model changes"), CANCEL("Cancel");

        public final String label;

        Choice(String label) {
            this.label = label;
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * The question for playing {@code scenario} while {@code inProduction} (e.g. "glassware v1") serve;
     * empty when nothing is in production or nothing would change a model.
     *
     * @param retrainsOnAlerts whether the application retrains and promotes on accuracy alerts while a scenario plays
     */
    static Optional<PlayConfirmation> of(Scenario scenario, List<String> inProduction, boolean retrainsOnAlerts) {
        List<ScenarioAction> changes = scenario.actions().stream().filter(ScenarioAction::changesModels).toList();
        if (inProduction.isEmpty() || (changes.isEmpty() && !retrainsOnAlerts)) {
            return Optional.empty();
        }
        // "train and promote at 2019-07-11 00:00 UTC": the verbs of the steps that share a time
        Map<Instant, List<String>> verbsAt = new LinkedHashMap<>();
        for (ScenarioAction a : changes) {
            List<String> verbs = verbsAt.computeIfAbsent(a.at(), t -> new ArrayList<>());
            if (!verbs.contains(a.action())) {
                verbs.add(a.action());
            }
        }
        List<String> when = new ArrayList<>();
        verbsAt.forEach((at, verbs) -> when.add(String.join(" and ", verbs) + " at " + TIME.format(at) + " UTC"));
        String header = when.isEmpty() ? "This scenario may retrain and promote models while it plays"
                : "This scenario will " + String.join(", then ", when);
        StringBuilder details = new StringBuilder();
        details.append(String.join(", ", inProduction)).append(inProduction.size() == 1 ? " is" : " are").append(" in production now.");
        if (!changes.isEmpty()) {
            details.append("\nThe scenario's steps that change models:");
            for (ScenarioAction a : changes) {
                details.append("\n  • ").append(TIME.format(a.at())).append(" UTC: ").append(describe(a));
            }
        }
        if (retrainsOnAlerts) {
            details.append("\nWhile it plays, a firing accuracy alert also trains a new version and promotes it when it beats production.");
        }
        details.append("\n\n\"" + Choice.WITHOUT_MODEL_CHANGES.label + "\" writes the readings and labels only.");
        return Optional.of(new PlayConfirmation(header, details.toString()));
    }

    /**
     * The question for replaying a file while {@code inProduction} serve: it trains the sweep at the end
     * of the training window and promotes the best run (and retrains on alerts when ticked); empty when
     * nothing is in production.
     */
    static Optional<PlayConfirmation> ofReplay(String file, String dataset, Instant trainAt, String window, String sweep,
            List<String> inProduction, boolean retrainsOnAlerts) {
        if (inProduction.isEmpty()) {
            return Optional.empty();
        }
        String header = "This replay will train and promote at " + TIME.format(trainAt) + " UTC";
        StringBuilder details = new StringBuilder();
        details.append(String.join(", ", inProduction)).append(inProduction.size() == 1 ? " is" : " are").append(" in production now.");
        details.append("\nReplaying ").append(file).append(" into data set ").append(dataset).append(":");
        details.append("\n  • ").append(TIME.format(trainAt)).append(" UTC: train on ").append(window).append(" (sweep ").append(sweep).append(")");
        details.append("\n  • ").append(TIME.format(trainAt)).append(" UTC: promote the best run to production as model ").append(dataset);
        if (retrainsOnAlerts) {
            details.append("\nWhile it plays, a firing accuracy alert also trains a new version and promotes it when it beats production.");
        }
        details.append("\n\n\"" + Choice.WITHOUT_MODEL_CHANGES.label + "\" writes the readings and labels only.");
        return Optional.of(new PlayConfirmation(header, details.toString()));
    }

    private static String describe(ScenarioAction a) {
        Map<String, String> p = a.params();
        return switch (a.action()) {
            case "train" -> "train" + (p.containsKey("window") ? " on " + p.get("window") : "")
                    + (p.containsKey("sweep") ? " (sweep " + p.get("sweep") + ")" : "");
            case "promote" -> "promote the " + p.getOrDefault("which", "best") + " run to production";
            default -> a.action();
        };
    }
}
