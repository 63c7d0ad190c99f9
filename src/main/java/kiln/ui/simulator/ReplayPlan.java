package kiln.ui.simulator;

import java.time.Duration;
import java.time.Instant;

import kiln.domain.ingest.ImportRequest;

/**
 * A replay of a recorded file as the panel's settings describe it, as {@code kiln replay} takes it.
 *
 * @param labelDelay  how long after its reading each label becomes known; null when the file has a label-time column
 * @param trainFrom   the training window's start, inclusive
 * @param trainTo     its end, exclusive: when the sweep trains and the best run is promoted
 * @param window      the training window as the user wrote it (FROM..TO)
 * @param autoRetrain whether an accuracy alert trains and promotes a new version while the file plays
 */
public record ReplayPlan(ImportRequest request, Duration labelDelay, Instant trainFrom, Instant trainTo, String window, String sweep,
        boolean autoRetrain) {
}
