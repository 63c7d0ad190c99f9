package kiln.ui.monitor;

import java.util.Locale;

import kiln.domain.ConfusionCounts;

/**
 * The confusion matrix of the window the user looks at: {@code selected} when a window was picked
 * (a heatmap cell, an alert), otherwise every window the chart shows.
 */
record WindowConfusion(String model, TimeRange window, boolean selected, ConfusionCounts counts) {

    /** The one line under the matrix: how to read it and what it counts. */
    String explanation() {
        String scope = selected ? "the selected window " + UtcTime.format(window.from()) + " – " + UtcTime.format(window.to()) + " UTC"
                : "all shown windows";
        if (counts.isEmpty()) {
            return "No labelled predictions in " + scope + " yet: the matrix fills in as labels land.";
        }
        return String.format(Locale.ROOT, "Rows: what it was; columns: what the model said; %,d labelled predictions from %s to %s UTC (%s).",
                counts.total(), UtcTime.format(counts.first()), UtcTime.format(counts.last()), scope);
    }

    /** "accuracy 84.2 % (1,010 / 1,200 right)", or a dash when nothing was counted. */
    String accuracyText() {
        if (counts.isEmpty()) {
            return "accuracy —";
        }
        return String.format(Locale.ROOT, "accuracy %.1f %% (%,d / %,d right)", 100 * counts.accuracy(), counts.correct(), counts.total());
    }
}
