package kiln.ops;

import java.time.Instant;
import java.util.List;

import kiln.domain.Alert;

/** The parts of the loop that other packages provide, kept small so the loop can be tested on its own. */
public final class OpsSteps {

    private OpsSteps() {}

    /** Scores every reading that has no production (and shadow) prediction yet. */
    @FunctionalInterface
    public interface Scoring {
        void catchUp();
    }

    /** Rescores a version over a period into the counterfactual table. */
    @FunctionalInterface
    public interface Rescoring {
        long rescore(String modelName, int version, Instant from, Instant to);
    }

    /** Brings KPIs, drift and alerts up to date and lets the loop read and annotate alerts. */
    public interface Monitoring {
        void update();

        List<Alert> openAlerts(String modelName);

        /** Acknowledges an alert with a note saying what the loop did about it. */
        void acknowledge(long alertId, String note, String by);
    }

    /** Compares a candidate version with production on the newest labelled data. */
    @FunctionalInterface
    public interface Gate {
        Verdict check(String modelName, int candidateVersion);
    }

    /** A gate's answer in plain words. */
    public record Verdict(boolean passed, String text) {
    }
}
